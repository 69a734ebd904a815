"""Ctrl+PgDn / Ctrl+PgUp go to the next / previous tab from anywhere in the window — a 基本信息 field,
a 报告正文 box, a table cell being typed in, the 检查 list — as in Excel/WPS; what is being typed is
stored first and the keyboard goes on in the tab shown."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from conftest import stored_report


@pytest.fixture
def window(qtbot, sample_editor):
    main = sample_editor
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main, timeout=3000)
    return main


def key(qtbot, which):
    qtbot.keyClick(QApplication.focusWidget(), which, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_pgdn_walks_every_tab_and_back(window, qtbot):
    window.pages.show("basic").rows["preparer"].edit.setFocus()
    titles = []
    for _ in range(window.tabs.count() - 1):
        key(qtbot, Qt.Key.Key_PageDown)
        titles.append(window.tabs.tabText(window.tabs.currentIndex()).split("（")[0])
        page = window.pages.current()
        focus = QApplication.focusWidget()
        assert focus is not None and page.isAncestorOf(focus), titles[-1]
    assert titles == ["报告正文", "预算信息", "年度重点任务", "部门整体自评表", "检查"]
    for _ in range(window.tabs.count() - 1):
        key(qtbot, Qt.Key.Key_PageUp)
    assert window.tabs.currentIndex() == 0


def test_what_is_being_typed_is_stored_before_the_tab_changes(window, qtbot):
    page = window.pages.show("tasks")
    row = page.model.rows[0]
    page.select_id(row.id, 1)
    page.view.setFocus()
    qtbot.keyClicks(page.view, "a")  # typing opens the cell, whose editor takes the rest
    qtbot.keyClicks(QApplication.focusWidget(), "bc")
    assert page.view.state() == page.view.State.EditingState
    key(qtbot, Qt.Key.Key_PageDown)
    assert window.pages.current() is window.pages.by_key("indicators")
    assert stored_report(window).tasks[0].name == "abc"
    narrative = window.pages.show("narrative")
    editor = narrative.editors["goals"]
    editor.setFocus()
    qtbot.keyClicks(editor, "X")
    key(qtbot, Qt.Key.Key_PageUp)
    assert stored_report(window).narrative["goals"].startswith("X2022")
