"""Shared fixtures. Qt runs offscreen; every test gets its own database files in a temporary folder."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from models.database import open_database  # noqa: E402
from models.sample import install_sample  # noqa: E402


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "reports.db")
    yield database
    database.close()


@pytest.fixture
def sample(db):
    """(database, id of the sample report in it)."""
    return db, install_sample(db)


@pytest.fixture
def report(sample):
    """The sample report as loaded from its database."""
    from models.views import load_report
    db, report_id = sample
    return load_report(db, report_id)


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path, monkeypatch):
    """No test ever touches the real per-user data folder."""
    monkeypatch.setenv("JIXIAO_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.delenv("JIXIAO_DB", raising=False)


def open_editor(qtbot, db_path, tmp_path):
    """The main window on a database file, with its own settings file, shown."""
    from PySide6.QtCore import QSettings
    from ui.app import make_application
    from ui.main_window import MainWindow

    make_application()
    window = MainWindow(db_path, None, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def sample_editor(qtbot, sample, tmp_path):
    """The editor on a file holding the sample report, shown."""
    db, _report_id = sample
    db.close()
    window = open_editor(qtbot, db.path, tmp_path)
    qtbot.waitExposed(window)
    return window


def stored_report(window):
    """The open report as another program reads it from the file now."""
    from models.views import load_report

    db = open_database(window.db.path, read_only=True)
    try:
        return load_report(db, window.session.report_id)
    finally:
        db.close()


def print_to_pdf(monkeypatch, target):
    """打印 goes to the PDF file `target` instead of a printer the test machine does not have (the
    print dialog is answered so)."""
    from PySide6.QtPrintSupport import QPrinter
    from ui import pdf_output

    def choose(_parent, printer):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return True
    monkeypatch.setattr(pdf_output, "choose_printer", choose)


# ---- A throwaway PostgreSQL server (tools/pg_throwaway.py) for the tests of a shared database ----

PG_REQUIRED_ENV = "JIXIAO_PG_REQUIRED"  # set by .ci/run: the server tests must run there, never skip


def _pg_unavailable() -> str | None:
    from tools.pg_throwaway import find_bindir

    if find_bindir() is None:
        return "PostgreSQL 未安装（找不到 initdb；apt-get install postgresql），服务器测试跳过"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "未安装 psycopg 3（pip install -e .[server]），服务器测试跳过"
    return None


@pytest.fixture(scope="session")
def pg_server():
    """One throwaway server for the whole run (initdb into a temporary folder, 127.0.0.1 only, as
    `nobody` when run as root), stopped and removed at the end."""
    reason = _pg_unavailable()
    if reason:
        if os.environ.get(PG_REQUIRED_ENV) == "1":
            pytest.fail(f"{PG_REQUIRED_ENV}=1 but {reason}")
        pytest.skip(reason)
    from tools.pg_throwaway import ThrowawayServer

    server = ThrowawayServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_url(pg_server):
    """The URL of the throwaway server's maintenance database (postgres)."""
    return pg_server.url


_pg_databases = iter(range(1, 1_000_000))


@pytest.fixture
def pg_db(pg_server):
    """The URL of a new, empty database on the throwaway server, for this test alone."""
    return pg_server.create_database(f"t{os.getpid()}_{next(_pg_databases)}")
