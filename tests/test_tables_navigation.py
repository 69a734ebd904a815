"""Arrow keys and Ctrl+Home/End in the tables, as in a spreadsheet: ← / → move one cell in the row
(in the budget tree too, which would otherwise jump to the parent line or fold it), and the
highlight always follows the current cell, so typing and pasting go where the user looks."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from conftest import stored_report as stored


@pytest.fixture
def window(sample_editor):
    return sample_editor


def focus(qtbot, page, row_id, column):
    page.select_id(row_id, column)
    page.view.setFocus()
    qtbot.waitUntil(page.view.hasFocus, timeout=2000)


def test_left_in_the_budget_tree_moves_one_cell_and_typing_goes_there(window, qtbot):
    page = window.pages.show("budget")
    basic = next(line for line in page.model.rows if line.name == "基本支出")
    focus(qtbot, page, basic.id, 2)
    for _ in range(3):  # a tree would go to 预算总金额 and then fold it
        qtbot.keyClick(page.view, Qt.Key.Key_Left)
    current = page.view.currentIndex()
    assert (page.view.row_id_of(current), current.column()) == (basic.id, 0)
    assert page.view.selectionModel().selectedIndexes() == [current]
    assert page.view.isExpanded(page.model.index_of(page.model.rows[0].id, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_Right)
    qtbot.keyClicks(page.view, "7")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    lines = {line.name: line for line in stored(window).budget}
    assert "预算总金额" in lines and str(lines["基本支出"].initial) == "7.00"


@pytest.mark.parametrize("keys, expected", [(Qt.Key.Key_Home, (0, 0)), (Qt.Key.Key_End, (-1, -1)),
                                            (Qt.Key.Key_Up, (0, 7)), (Qt.Key.Key_Down, (-1, 7)),
                                            (Qt.Key.Key_Left, (3, 0)), (Qt.Key.Key_Right, (3, 7))])
def test_ctrl_moves_take_the_highlight_along(window, qtbot, keys, expected):
    page = window.pages.show("indicators")
    row = page.model.rows[3]
    focus(qtbot, page, row.id, 7)
    qtbot.keyClick(page.view, keys, Qt.KeyboardModifier.ControlModifier)
    current = page.view.currentIndex()
    rows, columns = page.model.rowCount(), page.model.columnCount()
    assert (current.row(), current.column()) == (expected[0] % rows, expected[1] % columns)
    assert page.view.selectionModel().selectedIndexes() == [current]


def test_a_paste_after_ctrl_home_goes_where_the_highlight_is(window, qtbot):
    page = window.pages.show("indicators")
    first = page.model.rows[0]
    focus(qtbot, page, page.model.rows[3].id, 7)
    qtbot.keyClick(page.view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    QGuiApplication.clipboard().setText("ZZZ")
    qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    indicators = stored(window).indicators
    assert indicators[0].id == first.id and indicators[0].category1 == "ZZZ"
    assert indicators[3].reason == page.model.rows[3].reason


def test_values_pasted_into_computed_columns_are_named_as_not_used(window, qtbot):
    page = window.pages.show("budget")
    basic = next(line for line in page.model.rows if line.name == "基本支出")
    focus(qtbot, page, basic.id, 1)
    QGuiApplication.clipboard().setText("61\t6\t99\n")
    qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    lines = {line.name: line for line in stored(window).budget}
    assert str(lines["基本支出"].initial) == "61.00" and str(lines["基本支出"].adjusted) == "67.00"
    assert "调整预算数" in page.message.text() and "未采用" in page.message.text()
