"""The three tables by keyboard only: Tab / Shift+Tab / Enter / Shift+Enter move as in Excel/WPS,
the row commands have shortcuts and access keys, a new row takes the typing, Ctrl+PgDn / Ctrl+PgUp
switch tabs from inside a table. Real key events throughout."""
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton

from conftest import open_editor, stored_report

BUDGET, TASKS, INDICATORS = 2, 3, 4
CTRL, SHIFT, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.AltModifier


@pytest.fixture
def window(qtbot, sample, tmp_path):
    db, _report_id = sample
    db.close()
    main = open_editor(qtbot, db.path, tmp_path)
    qtbot.waitExposed(main)
    main.activateWindow()  # shortcuts only work in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    return main


stored = stored_report


def show(window, number, index):
    window.tabs.setCurrentIndex(number)
    page = window.pages[number]
    page.view.setCurrentIndex(index)
    page.view.setFocus()
    return page


def key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def type_text(qtbot, text):
    for char in text:
        qtbot.keyClick(QApplication.focusWidget(), char)


def place(page):
    """(row id, column) of the current cell."""
    index = page.view.currentIndex()
    return page.view.row_id_of(index), index.column()


# -- moving ----------------------------------------------------------------------------------------
def test_tab_moves_right_in_the_budget_tree_and_stores_each_cell(window, qtbot):
    model = window.pages[BUDGET].model
    page = show(window, BUDGET, model.index_of(17, 0))
    type_text(qtbot, "X")
    key(qtbot, Qt.Key.Key_Tab)
    assert place(page) == (17, 1) and page.view.state() != page.view.State.EditingState
    type_text(qtbot, "100")
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "5")
    key(qtbot, Qt.Key.Key_Tab)           # 调整预算数 is computed: skipped
    assert place(page) == (17, 4)
    type_text(qtbot, "7")
    key(qtbot, Qt.Key.Key_Tab)           # 执行率 is computed; the row ends: the next row's name
    assert place(page) == (18, 0)
    line = next(row for row in stored(window).budget if row.id == 17)
    assert (line.name, line.initial, line.adjustment, line.actual) == ("X", Decimal("100"), Decimal("5"), Decimal("7"))
    # without an editor: Tab and Shift+Tab move, and never leave the table
    key(qtbot, Qt.Key.Key_Backtab)
    assert place(page) == (17, 4)
    key(qtbot, Qt.Key.Key_Tab, SHIFT)
    assert place(page) == (17, 2)
    key(qtbot, Qt.Key.Key_Tab)
    assert place(page) == (17, 4) and QApplication.focusWidget() is page.view


def test_enter_moves_down_to_the_next_cell_that_takes_input(window, qtbot):
    model = window.pages[BUDGET].model
    page = show(window, BUDGET, model.index_of(2, 1))  # 基本支出; below it 项目支出 sums its lines
    type_text(qtbot, "700")
    key(qtbot, Qt.Key.Key_Return)
    assert place(page) == (4, 1)
    type_text(qtbot, "16")
    key(qtbot, Qt.Key.Key_Return, SHIFT)  # Shift+Enter commits and moves up
    assert place(page) == (2, 1)
    key(qtbot, Qt.Key.Key_Return)          # without an editor too
    assert place(page) == (4, 1)
    key(qtbot, Qt.Key.Key_Return, SHIFT)
    assert place(page) == (2, 1)
    budget = {row.id: row for row in stored(window).budget}
    assert (budget[2].initial, budget[4].initial) == (Decimal("700"), Decimal("16"))


def test_tab_and_enter_in_the_key_tasks(window, qtbot):
    model = window.pages[TASKS].model
    page = show(window, TASKS, model.index(0, 3))
    ids = [row.id for row in model.rows]
    type_text(qtbot, "Done")                 # a long text
    key(qtbot, Qt.Key.Key_Tab)               # the last column: on to the next row's first
    assert place(page) == (ids[1], 0)
    key(qtbot, Qt.Key.Key_Tab, SHIFT)
    assert place(page) == (ids[0], 3)
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Duty")
    key(qtbot, Qt.Key.Key_Return, ALT)       # Alt+Enter breaks the line
    type_text(qtbot, "Two")
    key(qtbot, Qt.Key.Key_Return, SHIFT)     # Shift+Enter commits and moves up
    assert place(page) == (ids[0], 0)
    tasks = stored(window).tasks
    assert (tasks[0].completion, tasks[1].duty) == ("Done", "Duty\nTwo")


def test_tab_and_enter_in_the_indicators(window, qtbot):
    model = window.pages[INDICATORS].model
    page = show(window, INDICATORS, model.index(0, 5))
    ids = [row.id for row in model.rows]
    type_text(qtbot, "Src")
    key(qtbot, Qt.Key.Key_Tab)
    assert place(page) == (ids[0], 6)        # 偏差情况 takes a value typed by hand
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Why")
    key(qtbot, Qt.Key.Key_Tab)
    assert place(page) == (ids[1], 0)
    key(qtbot, Qt.Key.Key_Backtab)
    key(qtbot, Qt.Key.Key_Backtab)
    assert place(page) == (ids[0], 6)
    key(qtbot, Qt.Key.Key_Return)
    assert place(page) == (ids[1], 6)
    row = stored(window).indicators[0]
    assert (row.source, row.reason) == ("Src", "Why")


# -- new rows take the typing -----------------------------------------------------------------------
def test_new_rows_take_the_typing_in_every_table(window, qtbot):
    budget = show(window, BUDGET, window.pages[BUDGET].model.index_of(17, 1))
    key(qtbot, Qt.Key.Key_Insert, CTRL | SHIFT)           # 末尾添加行
    type_text(qtbot, "Appended")
    key(qtbot, Qt.Key.Key_Return)
    budget.view.setCurrentIndex(budget.model.index_of(17, 2))
    key(qtbot, Qt.Key.Key_Insert, CTRL)                   # 插入行 above 法律顾问
    type_text(qtbot, "Inserted")
    key(qtbot, Qt.Key.Key_Return)
    budget.view.setCurrentIndex(budget.model.index_of(18, 4))
    key(qtbot, Qt.Key.Key_Insert, ALT)                    # 添加下级 under 工作服定制
    type_text(qtbot, "Child")
    key(qtbot, Qt.Key.Key_Return)
    lines = stored(window).budget
    names = [line.name for line in lines]
    assert names.index("Inserted") == names.index("法律顾问") - 1
    child = next(line for line in lines if line.name == "Child")
    assert child.parent_id == 18
    assert next(line for line in lines if line.name == "Appended").parent_id == 3

    tasks = show(window, TASKS, window.pages[TASKS].model.index(3, 2))
    key(qtbot, Qt.Key.Key_Insert, CTRL)
    type_text(qtbot, "NewDuty")
    key(qtbot, Qt.Key.Key_Return)
    assert stored(window).tasks[3].duty == "NewDuty"
    tasks.actions_["append"].trigger()                    # the toolbar button does the same
    type_text(qtbot, "LastDuty")
    key(qtbot, Qt.Key.Key_Return)
    assert stored(window).tasks[-1].duty == "LastDuty"

    show(window, INDICATORS, window.pages[INDICATORS].model.index(5, 4))
    key(qtbot, Qt.Key.Key_Insert, CTRL | SHIFT)
    type_text(qtbot, "Cat")
    key(qtbot, Qt.Key.Key_Return)
    assert stored(window).indicators[-1].category1 == "Cat"


# -- row commands by shortcut and access key -----------------------------------------------------------
def test_row_shortcuts_move_delete_and_indent(window, qtbot):
    model = window.pages[TASKS].model
    page = show(window, TASKS, model.index(1, 1))
    first, second = model.rows[0].id, model.rows[1].id
    key(qtbot, Qt.Key.Key_Up, ALT)
    assert [t.id for t in stored(window).tasks[:2]] == [second, first]
    assert place(page)[0] == second
    key(qtbot, Qt.Key.Key_Down, ALT)
    assert [t.id for t in stored(window).tasks[:2]] == [first, second]
    count = len(stored(window).tasks)
    page.view.setCurrentIndex(model.index(2, 1))
    key(qtbot, Qt.Key.Key_Delete, CTRL)
    assert len(stored(window).tasks) == count - 1

    budget = show(window, BUDGET, window.pages[BUDGET].model.index_of(18, 0))
    key(qtbot, Qt.Key.Key_Right, ALT)                    # 增加缩进: under 法律顾问
    assert next(line for line in stored(window).budget if line.id == 18).parent_id == 17
    key(qtbot, Qt.Key.Key_Left, ALT)
    assert next(line for line in stored(window).budget if line.id == 18).parent_id == 3
    assert budget.view.currentIndex().internalId() == 18


def test_a_row_command_while_typing_keeps_the_typing(window, qtbot):
    model = window.pages[TASKS].model
    show(window, TASKS, model.index(1, 1))
    moved = model.rows[1].id
    type_text(qtbot, "Typed")
    key(qtbot, Qt.Key.Key_Up, ALT)
    tasks = stored(window).tasks
    assert (tasks[0].id, tasks[0].name) == (moved, "Typed")


def test_every_row_button_has_an_access_key(window, qtbot):
    for number in (BUDGET, TASKS, INDICATORS):
        window.tabs.setCurrentIndex(number)
        page = window.pages[number]
        buttons = [b for b in page.toolbar.findChildren(QToolButton) if b.defaultAction() in page.actions_.values()]
        assert len(buttons) == len(page.actions_)
        letters = [b.text().split("&")[1][0] for b in buttons]
        assert all("&" in b.text() for b in buttons) and len(set(letters)) == len(letters)
        for action in page.actions_.values():
            assert action.shortcut().toString()  # shown by the 编辑 menu
    tasks = show(window, TASKS, window.pages[TASKS].model.index(0, 1))
    count = len(stored(window).tasks)
    key(qtbot, Qt.Key.Key_A, ALT)                         # 末尾添加行(&A): the button is clicked
    qtbot.waitUntil(lambda: len(stored(window).tasks) == count + 1)
    assert tasks.view.currentIndex().row() == count and QApplication.focusWidget() is tasks.view


# -- tabs ----------------------------------------------------------------------------------------------
def test_ctrl_page_down_switches_tabs_from_inside_a_table(window, qtbot):
    show(window, BUDGET, window.pages[BUDGET].model.index_of(17, 0))
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert window.tabs.currentIndex() == TASKS
    tasks = window.pages[TASKS]
    assert QApplication.focusWidget() is tasks.view       # the keyboard is in the table shown
    tasks.view.setCurrentIndex(tasks.model.index(0, 1))
    type_text(qtbot, "Kept")                             # a cell being typed in
    key(qtbot, Qt.Key.Key_PageUp, CTRL)
    assert window.tabs.currentIndex() == BUDGET
    assert stored(window).tasks[0].name == "Kept"
