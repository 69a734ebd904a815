"""The editor on a shared server: it locks the report it shows and renews the heartbeat; a report another
program edits opens read-only with the holder named; a change made elsewhere is never overwritten (the
report is read again and the user told); a lock taken over turns the window read-only."""
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import open_editor
from models.database import open_database
from models.report_lock import acquire_report_lock, current_holder
from models.views import load_report

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 2


@pytest.fixture
def server_report(pg_db):
    from models.sample import install_sample

    db = open_database(pg_db)
    report_id = install_sample(db)
    db.close()
    return pg_db, report_id


def stored(url, report_id):
    db = open_database(url, read_only=True)
    try:
        return load_report(db, report_id)
    finally:
        db.close()


def type_amount(qtbot, window, text_typed):
    from PySide6.QtCore import Qt

    window.tabs.setCurrentIndex(BUDGET)
    page = window.pages[BUDGET]
    model, view = page.model, page.view
    line = model.rows[3]
    view.setCurrentIndex(model.index_of(line.id, 4))
    view.setFocus()
    qtbot.keyClicks(view, text_typed[0])
    editor = view.focusWidget()
    if editor is not view:
        qtbot.keyClicks(editor, text_typed[1:])
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: view.state() != view.State.EditingState, timeout=2000)
    return line.id


def test_the_editor_locks_its_report_renews_the_heartbeat_and_lets_go(qtbot, server_report, tmp_path):
    url, report_id = server_report
    window = open_editor(qtbot, url, tmp_path)
    assert window.session.report_id == report_id and window.editable()
    holder = current_holder(window.db, report_id)
    assert holder.pid == os.getpid()
    keeper = window.report_locks
    assert keeper.timer.isActive() and keeper.timer.interval() == 20_000
    with window.db.engine.begin() as connection:
        connection.execute(text("UPDATE report_locks SET heartbeat = heartbeat - interval '45 seconds'"))
    old = current_holder(window.db, report_id).heartbeat
    keeper.timer.timeout.emit()  # the timer fires
    assert current_holder(window.db, report_id).heartbeat > old
    assert "jixiao@127.0.0.1" in window.windowTitle() and "password" not in window.windowTitle()
    window.close()
    db = open_database(url, read_only=True)
    try:
        assert current_holder(db, report_id) is None
    finally:
        db.close()


def test_a_report_another_program_edits_opens_read_only_with_the_holder_named(qtbot, server_report, tmp_path):
    url, report_id = server_report
    other = subprocess.Popen([sys.executable, str(ROOT / "tests" / "helpers" / "pg_editor.py"), "hold", url,
                              str(report_id)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "LOCKED"
        window = open_editor(qtbot, url, tmp_path)
        assert not window.editable()
        banner = window.banner_text.text()
        assert re.search(rf"报告正由 \S+@\S+（进程 {other.pid}，自 \d\d:\d\d 起）编辑，以只读方式打开", banner), banner
        assert window.banner.isVisible()
        before = stored(url, report_id).budget[3].actual
        type_amount(qtbot, window, "77")
        assert stored(url, report_id).budget[3].actual == before  # nothing written
        window.close()
    finally:
        other.kill()
        other.wait()


def test_a_change_made_elsewhere_is_not_overwritten_the_report_is_reloaded(qtbot, server_report, tmp_path):
    import sqlite3

    from models.backup import export_reports
    from models.restore import restore_reports

    url, report_id = server_report
    window = open_editor(qtbot, url, tmp_path)
    elsewhere = open_database(url)
    try:  # the bureau hands the report back as a file and restores it while the editor is open
        export_reports(elsewhere, tmp_path / "handed-back.db", [report_id])
        with sqlite3.connect(tmp_path / "handed-back.db") as connection:
            connection.execute("UPDATE reports SET title = '别处改的标题'")
        restore_reports(elsewhere, tmp_path / "handed-back.db")
    finally:
        elsewhere.close()
    type_amount(qtbot, window, "13")
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "报告已被其他人修改，已重新载入", timeout=5000)
    report = stored(url, report_id)
    assert report.title == "别处改的标题" and report.budget[3].actual != Decimal("13.00")
    assert window.report.title == "别处改的标题"  # what is on screen is what is stored
    type_amount(qtbot, window, "13")  # typed again, it goes in
    assert stored(url, report_id).budget[3].actual == Decimal("13.00")
    assert stored(url, report_id).title == "别处改的标题"
    window.close()


def test_a_lock_taken_over_turns_the_window_read_only(qtbot, server_report, tmp_path):
    url, report_id = server_report
    window = open_editor(qtbot, url, tmp_path)
    taker = open_database(url)
    try:
        with taker.engine.begin() as connection:  # this program's heartbeat stopped for two minutes
            connection.execute(text("UPDATE report_locks SET heartbeat = heartbeat - interval '2 minutes'"))
        assert acquire_report_lock(taker, report_id).held
        window.report_locks.timer.timeout.emit()
        assert not window.editable()
        assert f"（进程 {os.getpid()}，" in window.banner_text.text()  # the taker (here: this process) named
        window.close()
    finally:
        taker.close()


def test_the_editor_opens_a_server_named_by_jixiao_db(server_report, monkeypatch):
    from ui.app import choose_files

    url, _report_id = server_report
    monkeypatch.setenv("JIXIAO_DB", url)
    assert choose_files(None) == (url, None)
    assert choose_files(url) == (url, None)


def test_save_as_from_a_server_writes_every_report_into_a_portable_file(server_report, tmp_path):
    from models.sample import install_sample

    url, report_id = server_report
    db = open_database(url)
    try:
        second = install_sample(db)
        db.save_copy(tmp_path / "copy.db")
    finally:
        db.close()
    copy = open_database(tmp_path / "copy.db", read_only=True)
    try:
        assert [r.id for r in __import__("models.views", fromlist=["list_reports"]).list_reports(copy)] \
            == [report_id, second]
        assert load_report(copy, second).budget == stored(url, second).budget
    finally:
        copy.close()
