"""A write interrupted by a crash leaves FILE-journal beside the file. The program recovers it before
anything reads the file, so every acknowledged edit is kept; it never calls such a file damaged."""
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from models import database as database_module
from models.database import RecoveryNeededError, open_database
from models.errors import DamagedError
from models.services import set_report_field
from models.views import list_reports, load_report

ROOT = Path(__file__).parent.parent

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

KILLED_MID_WRITE = """
import os, signal, sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA cache_size = 1")  # the changed pages reach the file before the commit
connection.execute("BEGIN")
connection.execute("UPDATE reports SET department = 'never committed'")
connection.execute("UPDATE indicators SET reason = hex(randomblob(400))")
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.fixture
def crashed(tmp_path):
    """A sample file whose last acknowledged edit is 最后确认的修改, then a writer killed mid-commit."""
    from models.sample import install_sample

    path = tmp_path / "reports.db"
    db = open_database(path)
    report_id = install_sample(db)
    set_report_field(db, report_id, "department", "最后确认的修改")
    db.close()
    result = subprocess.run([sys.executable, "-c", KILLED_MID_WRITE, str(path)])
    assert result.returncode == -signal.SIGKILL
    journal = path.with_name("reports.db-journal")
    assert journal.exists() and journal.stat().st_size > 0  # a hot journal, as a crash leaves it
    return path, report_id


def cli(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=120)


def test_reading_command_first_after_a_crash_keeps_every_edit(crashed):
    path, report_id = crashed
    result = cli("list", "--db", str(path))  # the first thing to open the file after the crash
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\t")[2] == "最后确认的修改"
    assert not path.with_name("reports.db-journal").exists()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()


def test_read_only_open_after_a_crash_recovers(crashed):
    path, report_id = crashed
    db = open_database(path, read_only=True)  # what the editor's start and list/check/export do
    try:
        assert load_report(db, report_id).department == "最后确认的修改"
    finally:
        db.close()


def test_writer_after_a_crash_keeps_every_edit(crashed):
    path, report_id = crashed
    db = open_database(path)
    try:
        assert list_reports(db)[0].department == "最后确认的修改"
    finally:
        db.close()


def test_unwritable_crashed_file_needs_recovery_never_damaged(crashed, monkeypatch):
    path, _report_id = crashed
    monkeypatch.setattr(database_module, "writable", lambda _path: False)
    before = path.read_bytes()
    with pytest.raises(RecoveryNeededError) as caught:
        open_database(path, read_only=True)
    assert not isinstance(caught.value, DamagedError)
    message = caught.value.message
    assert "reports.db-journal" in message and "可写" in message and "损坏" not in message
    assert path.read_bytes() == before and path.with_name("reports.db-journal").exists()


def test_editor_opens_a_crashed_file_with_every_edit(crashed, qtbot, tmp_path, monkeypatch):
    from tests.conftest import open_editor

    path, report_id = crashed
    refusals = []  # what the editor's "无法打开文件" box would have said
    monkeypatch.setattr("ui.backups.open_failed", lambda _window, _path, error: refusals.append(error.message))
    window = open_editor(qtbot, path, tmp_path)
    try:
        assert refusals == [] and window.db is not None and not window.db.read_only
        assert load_report(window.db, report_id).department == "最后确认的修改"
    finally:
        window.close_file()
