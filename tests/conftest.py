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
