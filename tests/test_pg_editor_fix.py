"""The editor on a shared server, after review: a report shown read-only because another program holds
it is watched on the heartbeat's timer (a change stored there is read again, the tab and the current
cell kept; a crashed holder's lock is taken over and the report turns editable); 切换报告 lists the
reports afresh each time it opens and tells reports of the same year and department apart; a key typed
into a read-only text field says why nothing happens, as a table cell does."""
import os
import re
import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import open_editor
from models.database import open_database
from models.report_lock import ReportLock, acquire_report_lock, current_holder
from models.views import load_report

ROOT = Path(__file__).resolve().parents[1]
BASIC, NARRATIVE, BUDGET = 0, 1, 2


@pytest.fixture
def server_report(pg_db):
    from models.sample import install_sample

    db = open_database(pg_db)
    report_id = install_sample(db)
    db.close()
    return pg_db, report_id


@pytest.fixture
def held(server_report):
    """The report, its lock held by another opening (another Database in this process, its own token)."""
    url, report_id = server_report
    other = open_database(url)
    lock = acquire_report_lock(other, report_id)
    assert isinstance(lock, ReportLock)
    yield url, report_id, other
    other.close()


def stored(url, report_id):
    db = open_database(url, read_only=True)
    try:
        return load_report(db, report_id)
    finally:
        db.close()


def put_cell(window, row=3, column=4):
    window.tabs.setCurrentIndex(BUDGET)
    page = window.pages[BUDGET]
    line = page.model.rows[row]
    page.view.setCurrentIndex(page.model.index_of(line.id, column))
    page.view.setFocus()
    return line.id


def current_cell(window):
    page = window.pages[BUDGET]
    index = page.view.currentIndex()
    return page.view.row_id_of(index), index.column()


def type_amount(qtbot, window, typed):
    from PySide6.QtCore import Qt

    view = window.pages[BUDGET].view
    put_cell(window)
    qtbot.keyClicks(view, typed[0])
    editor = view.focusWidget()
    if editor is not view:
        qtbot.keyClicks(editor, typed[1:])
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: view.state() != view.State.EditingState, timeout=2000)


# -- 1. a read-only view is watched ---------------------------------------------------------------
def test_a_read_only_report_is_read_again_when_it_is_changed_elsewhere(qtbot, held, tmp_path):
    from models.services import set_report_field

    url, report_id, other = held
    window = open_editor(qtbot, url, tmp_path)
    assert not window.editable()
    keeper = window.report_locks
    assert keeper.timer.isActive()  # watched on the heartbeat's timer
    window.pages.build(BASIC)
    assert window.pages[BASIC].rows["preparer"].edit.text() == ""
    place = (put_cell(window), 4)
    set_report_field(other, report_id, "preparer", "WangWu")  # the holder stores 填报人
    keeper.timer.timeout.emit()  # 20 s later
    assert window.pages[BASIC].rows["preparer"].edit.text() == "WangWu"
    assert window.report.signoff["preparer"] == "WangWu"
    assert window.statusBar().currentMessage().startswith("已载入其他人的修改")
    assert window.tabs.currentIndex() == BUDGET and current_cell(window) == place  # tab and cell kept
    assert not window.editable() and keeper.timer.isActive()  # still held there: still read-only
    assert window.pages[BUDGET].read_only_message
    # nothing changed since: the next tick reads nothing again
    window.show_status("")
    keeper.timer.timeout.emit()
    assert not window.statusBar().currentMessage()
    window.close()


def test_a_live_holder_stays_and_a_crashed_one_is_taken_over_without_reopening(qtbot, server_report, tmp_path):
    url, report_id = server_report
    holder = subprocess.Popen([sys.executable, str(ROOT / "tests" / "helpers" / "pg_editor.py"), "hold", url,
                               str(report_id)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "LOCKED"
        window = open_editor(qtbot, url, tmp_path)
        assert not window.editable()
        os.kill(holder.pid, signal.SIGKILL)  # kill -9: its lock row stays behind
        holder.wait()
        keeper = window.report_locks
        with window.db.engine.begin() as connection:  # 30 s without a heartbeat: not yet stale
            connection.execute(text("UPDATE report_locks SET heartbeat = LOCALTIMESTAMP - interval '30 seconds'"))
        keeper.timer.timeout.emit()
        assert not window.editable() and current_holder(window.db, report_id).pid == holder.pid
        with window.db.engine.begin() as connection:  # 61 s: its program is gone
            connection.execute(text("UPDATE report_locks SET heartbeat = LOCALTIMESTAMP - interval '61 seconds'"))
        window.tabs.setCurrentIndex(BUDGET)
        keeper.timer.timeout.emit()
        assert window.editable() and "只读" not in window.banner_text.text()
        assert not window.pages[BUDGET].read_only_message
        assert re.fullmatch(rf"报告原由 \S+@\S+（进程 {holder.pid}，自 \d\d:\d\d 起）编辑的程序已无响应，现由本程序编辑",
                            window.statusBar().currentMessage()), window.statusBar().currentMessage()
        assert current_holder(window.db, report_id).pid == os.getpid()
        assert window.tabs.currentIndex() == BUDGET
        assert keeper.timer.isActive() and keeper.lock is not None  # the heartbeat goes on
        type_amount(qtbot, window, "31")  # and typing goes in
        assert stored(url, report_id).budget[3].actual == Decimal("31.00")
        window.close()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


def test_the_watch_runs_on_the_timer_itself_its_interval_shortened(qtbot, held, tmp_path, monkeypatch):
    from models.services import set_report_field

    url, report_id, other = held
    monkeypatch.setenv("JIXIAO_HEARTBEAT_MS", "200")
    window = open_editor(qtbot, url, tmp_path)
    assert window.report_locks.timer.interval() == 200 and not window.editable()
    set_report_field(other, report_id, "preparer", "WangWu")
    qtbot.waitUntil(lambda: window.report.signoff["preparer"] == "WangWu", timeout=5000)
    other.close()  # the holder closes: its lock is given back, the report is free
    qtbot.waitUntil(window.editable, timeout=5000)
    assert window.statusBar().currentMessage() == "报告已不再由其他程序编辑，现由本程序编辑"
    window.close()


# -- 2. the report switcher ------------------------------------------------------------------------
def switcher_items(window):
    return [(window.switcher.itemText(i), window.switcher.itemData(i)) for i in range(window.switcher.count())]


def open_switcher(qtbot, window, by_key=False):
    from PySide6.QtCore import Qt

    if by_key:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    else:
        window.switch_action.trigger()
    items = switcher_items(window)
    window.switcher.hidePopup()
    return items


def test_the_switcher_lists_a_report_made_elsewhere_and_tells_twins_apart_on_a_server(qtbot, server_report, tmp_path):
    from models.next_year import create_next_year
    from models.services import create_report

    url, report_id = server_report
    window = open_editor(qtbot, url, tmp_path)
    assert [data for _label, data in switcher_items(window)] == [report_id]
    elsewhere = open_database(url)
    try:  # next-year on the command line while the editor is open
        made = create_next_year(elsewhere, report_id)
    finally:
        elsewhere.close()
    items = open_switcher(qtbot, window)
    assert made in [data for _label, data in items]
    assert window.switcher.currentData() == report_id  # the open report stays chosen
    year, department = stored(url, made).year, stored(url, made).department
    elsewhere = open_database(url)
    try:  # a second report of the same year and department, in another form
        twin = create_report(elsewhere, year, department, form="sichuan")
    finally:
        elsewhere.close()
    labels = dict((data, label) for label, data in open_switcher(qtbot, window, by_key=True))
    assert labels[twin] == f"{year} 年度 · {department}（编号 {twin} · 四川省）"
    assert labels[made].endswith(f"（编号 {made} · 苏州市）")
    assert len(set(labels.values())) == len(labels)
    assert labels[report_id] == "2022 年度 · 苏州市便民服务中心（示例）"  # unique: as before
    window.close()


def test_the_switcher_tells_twins_apart_in_a_file_too(qtbot, tmp_path):
    from models.services import create_report

    path = tmp_path / "r.db"
    db = open_database(path)
    first = create_report(db, 2023, "苏州市便民服务中心")
    db.close()
    window = open_editor(qtbot, path, tmp_path)
    second = create_report(window.db, 2023, "苏州市便民服务中心", form="mof")  # made outside the window
    labels = dict((data, label) for label, data in open_switcher(qtbot, window))
    assert labels == {first: f"2023 年度 · 苏州市便民服务中心（编号 {first} · 苏州市）",
                      second: f"2023 年度 · 苏州市便民服务中心（编号 {second} · 财政部（财预〔2020〕10号））"}
    window.close()


# -- 3. typing into a read-only text field ---------------------------------------------------------
def test_typing_into_a_read_only_text_field_says_why_as_a_table_cell_does(qtbot, held, tmp_path):
    url, report_id, _other = held
    window = open_editor(qtbot, url, tmp_path)
    qtbot.waitExposed(window)
    assert not window.editable()
    type_amount(qtbot, window, "7")
    cell_says = window.pages[BUDGET].message.text()
    assert re.fullmatch(r"报告正由 \S+@\S+（进程 \d+，自 \d\d:\d\d 起）编辑，以只读方式打开，不能修改。", cell_says)

    window.tabs.setCurrentIndex(BASIC)
    row = window.pages[BASIC].rows["preparer"]
    assert row.message.isHidden()
    row.edit.setFocus()
    qtbot.keyClicks(row.edit, "W")  # the first key already says it
    assert row.edit.text() == "" and not row.message.isHidden() and row.message.text() == cell_says
    assert window.pages[BASIC].validate() == []  # a reason, not a wrong value

    window.tabs.setCurrentIndex(NARRATIVE)
    page = window.pages[NARRATIVE]
    box, note = page.editors["performance"], page.notes["performance"]
    before = box.toPlainText()
    box.setFocus()
    assert note.isHidden()
    qtbot.keyClicks(box, "X")
    assert box.toPlainText() == before and not note.isHidden() and note.text() == cell_says
    assert page.validate() == []
    assert stored(url, report_id).signoff["preparer"] == ""
    window.close()
