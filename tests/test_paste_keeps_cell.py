"""A table shown again whole — a paste that adds rows below the last one, its undo and its redo —
keeps a current cell where it was, so the next key typed goes into a cell and is stored (a reviewer's
typing went nowhere after such a paste: no cell was current)."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from helpers.menus import find_action

KEY_GAP_MS = 120


def type_into_current(qtbot, text: str) -> None:
    for char in text:
        qtbot.keyClick(QApplication.focusWidget(), char)
        qtbot.wait(KEY_GAP_MS)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.wait(KEY_GAP_MS)


def test_after_a_paste_that_adds_rows_and_its_undo_and_redo_typing_goes_into_a_cell(sample_editor, qtbot):
    window = sample_editor
    page = window.pages.show("indicators")
    model, view = page.model, page.view
    last = model.rowCount() - 1
    name = next(n for n, column in enumerate(model.columns) if column.field == "name")
    view.setCurrentIndex(model.index(last, name))
    view.setFocus()
    view.paste_text("甲指标\n乙指标\n丙指标")
    assert model.rowCount() == last + 3
    assert (view.currentIndex().row(), view.currentIndex().column()) == (last, name)

    find_action(window, "编辑", "撤销").trigger()
    assert model.rowCount() == last + 1 and view.currentIndex().isValid()
    find_action(window, "编辑", "重做").trigger()
    assert model.rowCount() == last + 3
    assert (view.currentIndex().row(), view.currentIndex().column()) == (last, name)

    view.setFocus()
    type_into_current(qtbot, "abc")
    assert model.rows[last].name == "abc"
    assert "粘贴" not in window.session.editor.undo_text  # the typing is the last step, not the paste
