"""Cell editors: a multi-line editor for long texts (Enter commits, Alt+Enter breaks the line, as in
Excel/WPS), and a line editor with completion from the values already used in the column.

An editor is filled from the model once, when it opens: whatever the model says afterwards (a
refresh of the check marks, a tooltip, a derived value) never touches the text being typed."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemDelegate, QApplication, QComboBox, QCompleter, QLineEdit, QPlainTextEdit, QStyle,
    QStyledItemDelegate, QStyleOptionViewItem)

from ui import style
from ui.columns import LONG

MAX_ROW_LINES = 10  # a very long text grows its row up to this many lines; the rest is in the editor
_FILLED = "sheetEditorFilled"  # editor property: the model's text has been put in once
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def enter_step(event) -> int:
    """Enter moves down, Shift+Enter up (as in Excel/WPS)."""
    return -1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1


class CellTextEdit(QPlainTextEdit):
    """Multi-line cell editor."""

    finished = Signal(int)  # Enter (1: move down) or Shift+Enter (-1: move up)

    def keyPressEvent(self, event):
        if event.key() in ENTER_KEYS:
            if event.modifiers() & Qt.KeyboardModifier.AltModifier:
                self.insertPlainText("\n")
            else:
                self.finished.emit(enter_step(event))
            return
        super().keyPressEvent(event)


class ChoiceBox(QComboBox):
    """A cell's drop-down: the arrow keys only change the choice (Enter stores it, as in a text cell); an
    item picked from the opened list is stored at once (`chosen`)."""

    chosen = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._listed = False
        self.activated.connect(self._activated)

    def showPopup(self):
        self._listed = True
        super().showPopup()

    def hidePopup(self):
        super().hidePopup()
        QTimer.singleShot(0, self._closed)  # after the `activated` of a pick, which comes first

    def _closed(self):
        self._listed = False

    def _activated(self, _index: int) -> None:
        if self._listed:
            self._listed = False
            self.chosen.emit()


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
        if column.choices:
            return self._choice_editor(parent, column)
        if column.kind == LONG:
            editor = CellTextEdit(parent)
            editor.setTabChangesFocus(True)
            editor.finished.connect(lambda step: self._finish(editor, step))
            return editor
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if column.completes and self._values_of is not None:
            completer = QCompleter(self._values_of(column), editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            editor.setCompleter(completer)
        return editor

    def _choice_editor(self, parent, column):
        """A drop-down (完成程度, 指标性质): a choice from the list is stored at once; where other text
        may be typed (指标性质: >=, 不低于 …) the box takes typing too."""
        editor = ChoiceBox(parent)
        editor.setEditable(column.free)
        editor.addItems(list(column.choices))
        if column.free:
            editor.lineEdit().setFrame(False)
        editor.chosen.connect(lambda: self._finish(editor, 0))
        return editor

    def _finish(self, editor, step: int = 1):
        """Commit and close; the view moves `step` rows (SheetMixin.closeEditor)."""
        self.parent().enter_step = step
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.SubmitModelCache)

    def eventFilter(self, editor, event):
        if event.type() == QEvent.Type.KeyPress:
            key, shift = event.key(), event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            if key in ENTER_KEYS and isinstance(editor, (QLineEdit, QComboBox)):
                self._finish(editor, enter_step(event))
                return True
            if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.parent().switch_tab(1 if key == Qt.Key.Key_PageDown else -1)  # not a page down in the text
                return True
            if key == Qt.Key.Key_Backtab or (key == Qt.Key.Key_Tab and shift):
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.EditPreviousItem)
                return True
        return super().eventFilter(editor, event)

    def setEditorData(self, editor, index):
        # Qt calls this again on every dataChanged that covers an open editor, whatever the roles:
        # the text is put in once, so a refresh of marks or derived values never resets typing.
        if editor.property(_FILLED):
            return
        editor.setProperty(_FILLED, True)
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox):
            position = editor.findText(str(text))
            if position >= 0:
                editor.setCurrentIndex(position)
            elif editor.isEditable():
                editor.setEditText(str(text))
            if editor.isEditable() and getattr(self.parent(), "typing_starts_edit", False):
                editor.lineEdit().selectAll()
            return
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
            if getattr(self.parent(), "typing_starts_edit", False):
                editor.selectAll()  # the key typed replaces the text, as in Excel
            else:
                editor.moveCursor(editor.textCursor().MoveOperation.End)
        else:
            editor.setText(str(text))

    def setModelData(self, editor, model, index):
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
            return
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


class GroupLabelDelegate(SheetDelegate):
    """For tables with grouped columns: a group's name is drawn in its topmost row shown (only these
    tables pay for painting in Python)."""

    def __init__(self, view, columns_of, values_of=None):
        super().__init__(view, columns_of, values_of)
        self._grouped = {n for n, column in enumerate(columns_of()) if column.grouped}

    def paint(self, painter, option, index):
        text = self.parent().group_label(index) if index.column() in self._grouped else None
        if not text:
            super().paint(painter, option, index)
            return
        # only drawn, never measured: the row keeps the height of its own (empty) cell
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = text
        item.palette.setBrush(QPalette.ColorRole.Text, style.GROUP_LABEL_FOREGROUND)  # a repeat, not an entry
        widget = item.widget
        (widget.style() if widget is not None else QApplication.style()).drawControl(
            QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
