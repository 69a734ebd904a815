"""Chinese typed into a table cell through an input method, as an accountant types it: composed
(pinyin letters shown, then the character committed) or committed at once (punctuation, 五笔 codes,
on-screen keyboards). The first character opens the cell and is kept, as a typed key is."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from conftest import stored_report

COMPOSED = [("y", ""), ("yu", ""), ("", "预")]
COMMITTED = [("", "预")]


@pytest.fixture
def window(sample_editor):
    return sample_editor


def send(events):
    for preedit, commit in events:
        event = QInputMethodEvent(preedit, [])
        event.setCommitString(commit)
        QApplication.sendEvent(QApplication.focusObject(), event)


@pytest.mark.parametrize("first", [COMPOSED, COMMITTED], ids=["composed", "committed at once"])
@pytest.mark.parametrize("table, column", [("budget", 0), ("tasks", 1), ("indicators", 2)])
def test_the_first_character_from_an_input_method_is_kept(window, qtbot, first, table, column):
    page = window.pages.show(table)
    row = page.model.rows[3]
    page.select_id(row.id, column)
    page.view.setFocus()
    qtbot.waitUntil(page.view.hasFocus, timeout=2000)
    send(first)                       # opens the cell, replacing its text
    send([("", "算"), ("", "，")])     # then more characters, one committed at once
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    stored = getattr(stored_report(window), table)
    field = page.model.columns[column].field
    assert getattr(next(r for r in stored if r.id == row.id), field) == "预算，"
