"""A new accountant's first hour, by keyboard and menus only: a report started from nothing, its
header and sign-off, a small budget tree, tasks and indicators typed in, a block pasted, undo and
redo, the checks, 定稿 (confirmed), the outputs, 重新打开 with a reason, one more edit, the program
closed and started again on the same file — and everything is still there."""
from decimal import Decimal

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from conftest import open_editor, print_to_pdf, stored_report as stored
from helpers.menus import find_action, press
from helpers.modal import DialogAnswerer
from models.views import list_reports

KEY_GAP_MS = 15  # between keystrokes: quick, but every key is its own event
NARRATIVE = {
    "goals": "全年完成便民服务热线的接听与转办工作。",
    "org_setup": "中心内设办公室和业务科两个科室。",
    "duties": "负责全市便民服务热线的运行管理。",
    "operation": "热线全天候运行，分三班值守。",
    "performance": "预算执行率为 90.00%，各项指标均已完成。",
    "problems": "绩效目标细化程度不够。",
    "improvements": "进一步细化绩效目标。",
    "result_application": "自评结果用于下年度预算安排。",
    "result_disclosure": "自评报告在单位网站公开。",
}


@pytest.fixture(autouse=True)
def pdf_printer(monkeypatch, tmp_path):
    print_to_pdf(monkeypatch, tmp_path / "printed.pdf")


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def activate(qtbot, window) -> None:
    """The window is the active one again (after a dialog), so the keyboard reaches it."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def type_text(qtbot, text: str) -> None:
    """Characters typed one by one into whatever has the focus (the first one may open a cell's
    editor, which then takes the focus for the rest): ASCII as key presses, Chinese as the input
    method delivers it (a committed string)."""
    for char in text:
        if char.isascii():
            qtbot.keyClick(focused(), char)
        else:  # a pinyin input method: the letters shown while composing, then the character
            for preedit, commit in (("p", ""), ("py", ""), ("", char)):
                event = QInputMethodEvent(preedit, [])
                event.setCommitString(commit)
                QApplication.sendEvent(QApplication.focusObject() or focused(), event)
        qtbot.wait(KEY_GAP_MS)


def key(qtbot, which, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), which, modifier)
    qtbot.wait(KEY_GAP_MS)


def fill_row(qtbot, cells: list[str]) -> None:
    """Type each cell of a row and press Tab after each (Tab skips the computed cells)."""
    for text in cells:
        if text:
            type_text(qtbot, text)
        key(qtbot, Qt.Key.Key_Tab)


def start_report(qtbot, window, tmp_path) -> None:
    """Ctrl+N, then the dialog filled by keyboard: the department, Enter."""
    def answer():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        department = next(edit for edit in dialog.findChildren(QLineEdit) if edit.placeholderText().startswith("例如"))
        dialog.activateWindow()
        department.setFocus()
        qtbot.waitUntil(department.hasFocus, timeout=3000)
        type_text(qtbot, "苏州市测试中心")
        qtbot.keyClick(department, Qt.Key.Key_Return)
    QTimer.singleShot(20, answer)
    press(qtbot, window, "Ctrl+N")
    qtbot.waitUntil(lambda: window.report is not None, timeout=5000)


def fill_basic(qtbot, window) -> None:
    activate(qtbot, window)
    page = window.pages.show("basic")
    values = {"preparer": "张会计", "phone": "0512-12345678", "finance_head": "李科长", "unit_head": "王主任",
              "fill_date": "2025-03-15"}
    for field, text in values.items():
        edit = page.rows[field].edit
        edit.setFocus()
        type_text(qtbot, text)
        key(qtbot, Qt.Key.Key_Tab)  # leaving the field stores it


def fill_narrative(qtbot, window) -> None:
    page = window.pages.show("narrative")
    for field, text in NARRATIVE.items():
        page.editors[field].setFocus()
        type_text(qtbot, text)
    window.pages.show("basic").rows["title"].edit.setFocus()  # leaving the last box stores it
    qtbot.wait(50)


def fill_budget(qtbot, window) -> None:
    """预算总金额 with two lines under it, by keyboard: Ctrl+Shift+Insert appends a line, Alt+Insert
    adds a line under the current one; each new line's first cell has the focus."""
    page = window.pages.show("budget")
    page.view.setFocus()
    key(qtbot, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    type_text(qtbot, "预算总金额")
    key(qtbot, Qt.Key.Key_Return)
    page.select_id(page.model.rows[0].id, 0)
    key(qtbot, Qt.Key.Key_Insert, Qt.KeyboardModifier.AltModifier)
    fill_row(qtbot, ["基本支出", "80", "0", "76"])
    page.select_id(page.model.rows[0].id, 0)
    key(qtbot, Qt.Key.Key_Insert, Qt.KeyboardModifier.AltModifier)
    fill_row(qtbot, ["便民服务热线运行", "20", "0", "14"])


def fill_tasks(qtbot, window) -> None:
    page = window.pages.show("tasks")
    page.view.setFocus()
    key(qtbot, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    fill_row(qtbot, ["运行便民服务热线", "热线运行", "便民服务热线运行", "全年接听来电 120 万个"])


def paste_tasks(qtbot, window) -> None:
    """A 1×4 block copied from a spreadsheet, pasted into a new last row with Ctrl+V."""
    page = window.pages.show("tasks")
    QGuiApplication.clipboard().setText("运行便民服务热线\t热线回访\t回访来电群众\t回访 1.2 万人次\n")
    page.view.setFocus()
    key(qtbot, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    key(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def fill_indicators(qtbot, window) -> None:
    page = window.pages.show("indicators")
    page.view.setFocus()
    rows = [["产出指标", "数量指标", "热线接听量", ">=100万个", "120万个", "热线系统", "", ""],
            ["效益指标", "满意度指标", "群众满意度", ">=90%", "95%", "问卷调查", "", ""]]
    for cells in rows:
        key(qtbot, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        fill_row(qtbot, cells)


def test_first_hour(qtbot, tmp_path):
    path = tmp_path / "我的报告.db"
    window = open_editor(qtbot, path, tmp_path)
    qtbot.waitExposed(window)
    assert window.report is None  # a new file holds no report yet

    start_report(qtbot, window, tmp_path)
    fill_basic(qtbot, window)
    fill_narrative(qtbot, window)
    fill_budget(qtbot, window)
    fill_tasks(qtbot, window)
    paste_tasks(qtbot, window)
    fill_indicators(qtbot, window)

    report = stored(window)
    assert report.signoff["preparer"] == "张会计" and report.signoff["fill_date"] == "2025-03-15"
    assert report.narrative == NARRATIVE
    assert [(line.name, line.depth) for line in report.budget] == [
        ("预算总金额", 0), ("基本支出", 1), ("便民服务热线运行", 1)]
    assert report.budget[0].actual == Decimal("90.00")  # the sum of what was typed below it
    assert report.budget[0].execution_rate == Decimal("90.00")
    assert [task.name for task in report.tasks] == ["热线运行", "热线回访"]
    assert [i.name for i in report.indicators] == ["热线接听量", "群众满意度"]
    assert report.indicators[1].actual.text == "95%"

    # undo the paste, redo it: the file follows
    press(qtbot, window, "Ctrl+Z")
    undone = stored(window)
    press(qtbot, window, "Ctrl+Y")
    redone = stored(window)
    assert undone != redone and redone.tasks == report.tasks

    # 检查: no error left (the tab title counts them)
    press(qtbot, window, "Ctrl+PgDown")  # from wherever the focus is, the tabs move on
    window.pages.show("checks")
    findings = window.checker.run_now()
    assert not [f for f in findings if f.level == "错误"], [f"{f.place}：{f.message}" for f in findings]

    with DialogAnswerer(tmp_path, {"定稿": "定稿"}) as answers:
        find_action(window, "报告", "定稿").trigger()
        qtbot.waitUntil(lambda: window.report.status == "final", timeout=5000)
        assert any(s.title == "定稿" for s in answers.seen)  # it asked before finalising

        find_action(window, "文件", "打印预览").trigger()
        find_action(window, "文件", "导出 PDF").trigger()
        find_action(window, "文件", "导出 Excel").trigger()
        qtbot.waitUntil(lambda: len([p for p in answers.saved_files if p.exists()]) >= 2, timeout=20000)
        find_action(window, "文件", "打印").trigger()
        qtbot.waitUntil(lambda: (tmp_path / "printed.pdf").exists(), timeout=20000)
        assert not answers.internal_errors()

    pdf = next(p for p in answers.saved_files if p.suffix == ".pdf")
    xlsx = next(p for p in answers.saved_files if p.suffix == ".xlsx")
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.stat().st_size > 0
    from openpyxl import load_workbook
    sheet = load_workbook(xlsx)["年度重点任务"]
    assert "热线回访" in [cell.value for row in sheet.iter_rows() for cell in row]

    # while final, typing changes nothing
    activate(qtbot, window)
    page = window.pages.show("basic")
    page.rows["preparer"].edit.setFocus()
    type_text(qtbot, "Z")
    key(qtbot, Qt.Key.Key_Tab)
    assert stored(window).signoff["preparer"] == "张会计"

    with DialogAnswerer(tmp_path, reason="补充联系电话") as answers:
        find_action(window, "报告", "重新打开").trigger()
        qtbot.waitUntil(lambda: window.report.status == "draft", timeout=5000)
    activate(qtbot, window)
    page = window.pages.show("basic")
    page.rows["phone"].edit.setFocus()
    page.rows["phone"].edit.selectAll()
    type_text(qtbot, "0512-87654321")
    key(qtbot, Qt.Key.Key_Tab)

    report_id = window.session.report_id
    with DialogAnswerer(tmp_path):
        find_action(window, "文件", "退出").trigger()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)

    again = open_editor(qtbot, path, tmp_path)  # the program started again on the same file
    assert again.session.report_id == report_id
    assert [r.department for r in list_reports(again.db)] == ["苏州市测试中心"]
    final = stored(again)
    assert final.signoff["phone"] == "0512-87654321" and final.status == "draft"
    assert [task.name for task in final.tasks] == ["热线运行", "热线回访"]
    assert final.budget[0].actual == Decimal("90.00")
    from models.versions import list_versions
    versions = list_versions(again.db, report_id)
    assert len(versions) == 1 and versions[0].reopen_reason == "补充联系电话"
    again.close()
