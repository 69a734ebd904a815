"""Cell editors: a multi-line editor for long texts (Enter commits, Alt+Enter breaks the line, as in
Excel/WPS), and a line editor with completion from the values already used in the column."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QAbstractItemDelegate, QCompleter, QLineEdit, QPlainTextEdit, QStyledItemDelegate

from ui.columns import LONG

MAX_ROW_LINES = 10  # a very long text grows its row up to this many lines; the rest is in the editor


class CellTextEdit(QPlainTextEdit):
    """Multi-line cell editor."""

    finished = Signal()

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier):
                self.insertPlainText("\n")
            else:
                self.finished.emit()
            return
        super().keyPressEvent(event)


class SheetDelegate(QStyledItemDelegate):
    """Chooses the editor by the column's kind."""

    def __init__(self, view, columns_of, values_of=None):
        super().__init__(view)
        self._columns_of = columns_of   # () -> list[Column]
        self._values_of = values_of     # (Column) -> list[str], for completion

    def _column(self, index):
        return self._columns_of()[index.column()]

    def createEditor(self, parent, option, index):
        column = self._column(index)
        if column.kind == LONG:
            editor = CellTextEdit(parent)
            editor.setTabChangesFocus(True)
            editor.finished.connect(lambda: self._finish(editor))
            return editor
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if column.completes and self._values_of is not None:
            completer = QCompleter(self._values_of(column), editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            editor.setCompleter(completer)
        return editor

    def _finish(self, editor):
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.SubmitModelCache)

    def setEditorData(self, editor, index):
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
            if getattr(self.parent(), "typing_starts_edit", False):
                editor.selectAll()  # the key typed replaces the text, as in Excel
            else:
                editor.moveCursor(editor.textCursor().MoveOperation.End)
        else:
            editor.setText(str(text))

    def setModelData(self, editor, model, index):
        text = editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
        model.setData(index, text, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor, option, index):
        rect = option.rect
        if isinstance(editor, QPlainTextEdit):
            rect = rect.adjusted(0, 0, 0, max(0, 140 - rect.height()))
        editor.setGeometry(rect)

    def sizeHint(self, option, index):
        size = super().sizeHint(option, index)
        line = option.fontMetrics.lineSpacing()
        return QSize(size.width(), min(size.height(), line * MAX_ROW_LINES + 8))
