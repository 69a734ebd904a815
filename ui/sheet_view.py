"""Spreadsheet behaviour for the table and tree views, as in Excel/WPS: Enter / Shift+Enter commit and
move down / up, Tab / Shift+Tab right / left to the next cell that takes input (past a row's end to
the next row), typing edits, Delete clears, F2 edits, Ctrl+C / Ctrl+V copy and paste rectangular
blocks, Ctrl+PgDn / Ctrl+PgUp go to the next / previous tab."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate, QAbstractItemView, QApplication, QHeaderView, QTableView, QTabWidget, QToolTip, QTreeView)

from models.errors import DomainError
from models.services import CellEditError
from ui.delegates import GroupLabelDelegate, SheetDelegate
from ui.form_ui import cell_message
from ui.tsv import parse_tsv, to_tsv

TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole)  # the roles that can change a row's height
FIT_AT_ONCE = 50  # changed rows fitted at once; more are fitted as they come into view
_COMMAND_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                      | Qt.KeyboardModifier.MetaModifier)
_ARROWS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right)
_NAVIGATION_KEYS = (Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left,
                    Qt.Key.Key_Right, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
SEARCH_LIMIT = 2000  # cells looked at for the next one that takes input

EDIT_TRIGGERS = (QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
                 | QAbstractItemView.EditTrigger.EditKeyPressed)


class SheetMixin:
    """Shared by SheetTable and SheetTree. Subclasses map indexes to visual rows and back."""

    def _setup_sheet(self):
        self.setEditTriggers(EDIT_TRIGGERS)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setTabKeyNavigation(True)

    def _attach(self, model):
        grouped = any(column.grouped for column in model.columns)
        delegate = GroupLabelDelegate if grouped else SheetDelegate
        self.setItemDelegate(delegate(self, lambda: model.columns, getattr(model, "values_in_column", None)))
        model.editFailed.connect(self.show_cell_problem)
        # A table shown again whole (a paste that added rows, an undo or redo of one, rows added or
        # removed) keeps a current cell where it was, so the next key typed goes somewhere visible.
        model.modelAboutToBeReset.connect(self._remember_current)
        model.modelReset.connect(self._restore_current)

    def _remember_current(self) -> None:
        current = self.currentIndex()
        self._kept_cell = (self.visual_row(current), current.column()) if current.isValid() else None

    def _restore_current(self) -> None:
        kept, self._kept_cell = getattr(self, "_kept_cell", None), None
        count = self.visual_row_count()
        if kept is None or count == 0:
            return
        index = self.index_at(min(kept[0], count - 1), min(kept[1], self.model().columnCount() - 1))
        if index.isValid():
            self.setCurrentIndex(index)

    # -- mapping between indexes and visual rows --------------------------------------------------
    def visual_row(self, index: QModelIndex) -> int:  # pragma: no cover - overridden
        raise NotImplementedError

    def index_at(self, visual_row: int, column: int) -> QModelIndex:  # pragma: no cover - overridden
        raise NotImplementedError

    def visual_row_count(self) -> int:  # pragma: no cover - overridden
        raise NotImplementedError

    # -- messages ----------------------------------------------------------------------------
    def show_cell_problem(self, index: QModelIndex, message: str) -> None:
        rect = self.visualRect(index)
        point = self.viewport().mapToGlobal(rect.bottomLeft() + QPoint(0, 2))
        QToolTip.showText(point, message, self.viewport(), rect, 8000)
        self.last_problem = message
        self.problem.emit(message)

    # -- keyboard ----------------------------------------------------------------------------
    read_only_message = ""  # set when the report cannot be changed: what a refused key says

    def set_read_only(self, message: str) -> None:
        """"" for an editable report; else the reason shown when the user tries to change a cell."""
        self.read_only_message = message
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if message else EDIT_TRIGGERS)

    def keyPressEvent(self, event):
        key, modifiers = event.key(), event.modifiers()
        if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp) and modifiers & Qt.KeyboardModifier.ControlModifier:
            self.switch_tab(1 if key == Qt.Key.Key_PageDown else -1)  # as in Excel/WPS, not a page scroll
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_clipboard()
            return
        if self.state() != QAbstractItemView.State.EditingState:
            if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and not modifiers:
                self.move_within_row(-1 if key == Qt.Key.Key_Left else 1)  # a tree would go to the parent
                return
            if key in _ARROWS and modifiers == Qt.KeyboardModifier.ControlModifier:
                self.move_to_edge(key)
                return
            if key == Qt.Key.Key_Backtab or (key == Qt.Key.Key_Tab and modifiers & Qt.KeyboardModifier.ShiftModifier):
                self.move_across(-1)
                return
            if key == Qt.Key.Key_Tab and not modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
                self.move_across(1)
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not modifiers:
                self.clear_selection()
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.move_current(1 if not modifiers & Qt.KeyboardModifier.ShiftModifier else -1)
                return
            typed = event.text() and event.text().isprintable() and not modifiers & _COMMAND_MODIFIERS
            if self.read_only_message and (typed or key == Qt.Key.Key_F2):
                self.problem.emit(self.read_only_message)  # say why nothing happens
                return
        super().keyPressEvent(event)

    def inputMethodEvent(self, event):
        # An input method that commits text without composing it first (punctuation, 五笔 codes that
        # commit at once, on-screen keyboards): Qt opens the cell's editor but drops the text. Open
        # it as typing does and hand the text on, so the first character is not lost.
        if (self.state() != QAbstractItemView.State.EditingState and event.commitString()
                and not event.preeditString()):
            if self.read_only_message:
                self.problem.emit(self.read_only_message)
                return
            index = self.currentIndex()
            if self._editable(index) and self.edit(index, QAbstractItemView.EditTrigger.AnyKeyPressed, event):
                editor = self.indexWidget(index)
                if editor is not None:
                    QApplication.sendEvent(editor.focusProxy() or editor, event)
                    return
        super().inputMethodEvent(event)

    def commit_editor(self) -> None:
        """Store what is being typed in a cell and close its editor (nothing typed is dropped)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.indexWidget(self.currentIndex())
        focus = QApplication.focusWidget()
        if focus is not None and self.viewport().isAncestorOf(focus):
            editor = focus
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def switch_tab(self, step: int) -> None:
        """Ctrl+PgDn / Ctrl+PgUp: the next or previous tab of the window, from inside the table too."""
        self.commit_editor()
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QTabWidget):
            widget = widget.parentWidget()
        position = widget.currentIndex() + step if widget is not None else -1
        while widget is not None and 0 <= position < widget.count() and not widget.isTabVisible(position):
            position += step  # a table the report's form does not have
        if widget is None or not 0 <= position < widget.count():
            return
        widget.setCurrentIndex(position)
        shown = widget.currentWidget()  # built by now: the keyboard goes on in its table, if it has one
        table = next((view for view in shown.findChildren(QAbstractItemView)
                      if isinstance(view, SheetMixin) and view.isVisible()), None)
        if table is not None:
            table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def edit(self, index, trigger=QAbstractItemView.EditTrigger.AllEditTriggers, event=None):
        # Remembered for the editor: typing replaces a cell's text, F2 and double-click keep it.
        self.typing_starts_edit = trigger == QAbstractItemView.EditTrigger.AnyKeyPressed
        return super().edit(index, trigger, event)

    def closeEditor(self, editor, hint):
        Hint = QAbstractItemDelegate.EndEditHint
        if hint in (Hint.EditNextItem, Hint.EditPreviousItem):
            # Tab / Shift+Tab: committed already; move right / left without opening the next cell,
            # as in Excel (Qt would open an editor there, or in a tree reopen the same cell)
            super().closeEditor(editor, Hint.NoHint)
            self.move_across(1 if hint == Hint.EditNextItem else -1)
            return
        super().closeEditor(editor, hint)
        if hint == Hint.SubmitModelCache:
            step, self.enter_step = getattr(self, "enter_step", 1), 1
            self.move_current(step)  # Enter commits and moves down (Shift+Enter up), as in Excel

    def _editable(self, index: QModelIndex) -> bool:
        return index.isValid() and bool(self.model().flags(index) & Qt.ItemFlag.ItemIsEditable)

    def _go_to(self, target: QModelIndex) -> None:
        self.setCurrentIndex(target)
        self.selectionModel().select(target, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def move_current(self, step: int) -> None:
        """Enter / Shift+Enter: down / up to the next cell of the column that takes input (the
        adjacent one when the column takes none there)."""
        current = self.currentIndex()
        if not current.isValid():
            return
        count, column = self.visual_row_count(), current.column()
        row = self.visual_row(current) + step
        if not 0 <= row < count:
            return
        if not self.read_only_message and self._editable(current):
            probe = row
            while 0 <= probe < count and probe - row < SEARCH_LIMIT:
                if self._editable(self.index_at(probe, column)):
                    self._go_to(self.index_at(probe, column))
                    return
                probe += step
        self._go_to(self.index_at(row, column))

    def move_within_row(self, step: int) -> None:
        """← / →: the cell to the left / right in the same row, as in a spreadsheet."""
        current = self.currentIndex()
        if not current.isValid():
            return
        column = current.column() + step
        if 0 <= column < self.model().columnCount():
            self._go_to(self.index_at(self.visual_row(current), column))

    def move_to_edge(self, key) -> None:
        """Ctrl+arrow: the first or last cell of the column or row, as in Excel on a filled table."""
        current = self.currentIndex()
        if not current.isValid():
            return
        row, column = self.visual_row(current), current.column()
        row = {Qt.Key.Key_Up: 0, Qt.Key.Key_Down: self.visual_row_count() - 1}.get(key, row)
        column = {Qt.Key.Key_Left: 0, Qt.Key.Key_Right: self.model().columnCount() - 1}.get(key, column)
        self._go_to(self.index_at(row, column))

    def selectionCommand(self, index, event=None):
        # Ctrl+Home, Ctrl+End, Ctrl+arrows: Qt moves the current cell but leaves the highlight where it
        # was, so the next paste or typing would go where the user does not look. The highlight follows.
        if (event is not None and event.type() == QEvent.Type.KeyPress
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier
                and event.key() in _NAVIGATION_KEYS):
            return QItemSelectionModel.SelectionFlag.ClearAndSelect
        return super().selectionCommand(index, event)

    def move_across(self, step: int) -> None:
        """Tab / Shift+Tab: right / left to the next cell that takes input; past the end of a row
        to the first (or from the start to the last) of the next (previous) row, as in Excel/WPS."""
        current = self.currentIndex()
        if not current.isValid():
            return
        columns, count = self.model().columnCount(), self.visual_row_count()
        row, column = self.visual_row(current), current.column()
        first = None
        for _ in range(min(columns * count, SEARCH_LIMIT)):
            column += step
            if column >= columns:
                row, column = row + 1, 0
            elif column < 0:
                row, column = row - 1, columns - 1
            if not 0 <= row < count:
                break
            target = self.index_at(row, column)
            first = target if first is None else first
            if self.read_only_message or self._editable(target):
                self._go_to(target)
                return
        if first is not None:
            self._go_to(first)  # nothing takes input further on: just the next cell

    # -- selection as a rectangle --------------------------------------------------------------
    def selected_block(self) -> tuple[int, int, int, int] | None:
        """(first row, first column, last row, last column) around the selection, in visual rows."""
        indexes = self.selectionModel().selectedIndexes() or ([self.currentIndex()] if self.currentIndex().isValid() else [])
        if not indexes:
            return None
        rows = [self.visual_row(index) for index in indexes]
        columns = [index.column() for index in indexes]
        return min(rows), min(columns), max(rows), max(columns)

    def copy_selection(self) -> None:
        block = self.selected_block()
        if block is None:
            return
        top, left, bottom, right = block
        grid = [[str(self.index_at(row, column).data(Qt.ItemDataRole.EditRole) or "")
                 for column in range(left, right + 1)] for row in range(top, bottom + 1)]
        QGuiApplication.clipboard().setText(to_tsv(grid) + "\n")

    def clear_selection(self) -> None:
        if self.read_only_message:
            self.problem.emit(self.read_only_message)
            return
        model = self.model()
        edits = []
        for index in self.selectionModel().selectedIndexes() or [self.currentIndex()]:
            if index.isValid() and model.flags(index) & Qt.ItemFlag.ItemIsEditable:
                column = model.columns[index.column()]
                if str(index.data(Qt.ItemDataRole.EditRole) or "") or column.kind == "deviation":
                    edits.append((self.row_id_of(index), column.field, ""))
        if edits:
            self._store(lambda: model.session.edit_cells(model.table, edits, "清除内容"), edits)

    def paste_clipboard(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> None:
        """Paste a block at the current cell: one undo step, adding rows when needed; nothing on error."""
        grid = parse_tsv(text)
        current = self.currentIndex()
        if not grid or not current.isValid():
            return
        if self.read_only_message:
            self.problem.emit(self.read_only_message)
            return
        model = self.model()
        top, left = self.visual_row(current), current.column()
        if len(grid) == 1 and len(grid[0]) == 1:
            block = self.selected_block()  # one value pasted over a selection fills it, as Excel does
            if block is not None and (block[2] > block[0] or block[3] > block[1]):
                top, left = block[0], block[1]
                grid = [[grid[0][0]] * (block[3] - block[1] + 1) for _ in range(block[2] - block[0] + 1)]
        edits, places, skipped, computed = [], [], 0, []
        existing = self.visual_row_count()
        new_rows = max(0, top + len(grid) - existing)
        for r, values in enumerate(grid):
            for c, value in enumerate(values):
                column_number = left + c
                if column_number >= len(model.columns):
                    skipped += 1
                    continue
                column = model.columns[column_number]
                if not column.editable:  # derived columns copied along with a row are recomputed, not pasted
                    if value.strip() and column.label not in computed:
                        computed.append(column.label)
                    continue
                row = top + r
                ref = self.row_id_of(self.index_at(row, column_number)) if row < existing else ("new", row - existing)
                paste_value = getattr(model, "paste_value", None)
                if paste_value is not None and row < existing:
                    value = paste_value(self.index_at(row, column_number), value)
                edits.append((ref, column.field, value))
                places.append((row, column))
        if not edits:
            return
        parent_id = self.parent_for_new_rows(current) if new_rows else None
        try:
            model.session.paste(model.table, edits, new_rows, parent_id)
        except CellEditError as error:
            lines = [f"第 {places[i][0] + 1} 行“{places[i][1].label}”："
                     f"{cell_message(model.table, places[i][1].field, places[i][1].label, message, named=False)}"
                     for i, message in error.problems]
            more = f"\n……共 {len(lines)} 处" if len(lines) > 12 else ""
            self.problem.emit("粘贴未执行，以下单元格无效：\n" + "\n".join(lines[:12]) + more)
            return
        except DomainError as error:
            self.problem.emit(error.message)
            return
        self.last_paste_skipped = skipped
        notes = ([f"“{'”“'.join(computed)}”是自动计算的列，粘贴到其中的值未采用。"] if computed else []) + (
            [f"超出表格右侧的 {skipped} 个值未粘贴。"] if skipped else [])
        if notes:
            self.problem.emit("已粘贴。" + "".join(notes))

    def _store(self, action, edits) -> None:
        try:
            action()
        except DomainError as error:
            self.problem.emit(error.message)

    def row_id_of(self, index: QModelIndex) -> int:  # pragma: no cover - overridden
        raise NotImplementedError

    def parent_for_new_rows(self, current: QModelIndex):
        return None


class SheetTable(SheetMixin, QTableView):
    """A flat table (年度重点任务, 部门整体自评表) whose rows grow to show their long texts."""

    problem = Signal(str)   # a message for the user (bad input, refused paste)

    def __init__(self, model, parent=None):
        super().__init__(parent)
        self._setup_sheet()
        self.setModel(model)
        self._attach(model)
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 10)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter)
        for number, column in enumerate(model.columns):
            self.setColumnWidth(number, column.width)
        self._fitted: set[int] = set()
        self._fit_timer = QTimer(self, singleShot=True, interval=0, timeout=self.fit_visible_rows)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._fit_timer.start())
        model.modelReset.connect(self._refit_all)
        self.horizontalHeader().sectionResized.connect(lambda *_: self._refit_all())
        model.dataChanged.connect(self._refit_rows)
        self._fit_timer.start()
        if any(column.grouped for column in model.columns):
            # the group's name is drawn in the topmost row shown (group_label): the rows scrolled
            # into and out of that place are repainted, not just blitted
            self.verticalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())

    def visual_row(self, index):
        return index.row()

    def group_label(self, index) -> str | None:
        """The text drawn in a blank continuation cell of a group (类别, 对应部门主要职责) when its
        row is the topmost one shown: the group's name stays in view however far it is scrolled."""
        model = self.model()
        if index.row() != self.rowAt(0) or index.row() == 0 or not model.is_group_continuation(index.row(), index.column()):
            return None
        return index.data(Qt.ItemDataRole.EditRole) or None

    def index_at(self, visual_row, column):
        return self.model().index(visual_row, column)

    def visual_row_count(self):
        return self.model().rowCount()

    def row_id_of(self, index):
        return self.model().row_id(index.row())

    # Rows are fitted to their text as they come into view: fitting 7,000 rows up front would take seconds.
    def _refit_all(self):
        self._fitted.clear()
        self._fit_timer.start()

    def _refit_rows(self, top_left, bottom_right, roles=()):
        if roles and not any(role in TEXT_ROLES for role in roles):
            return  # a tint or a tooltip: the text, and so the height, stays
        rows = range(top_left.row(), bottom_right.row() + 1)
        if len(rows) > FIT_AT_ONCE:  # many rows changed: fit those in view now, the others when seen
            self._fitted.difference_update(rows)
            self._fit_timer.start()
            return
        for row in rows:
            self._fitted.discard(row)
            self.resizeRowToContents(row)
            self._fitted.add(row)

    def fit_visible_rows(self):
        model = self.model()
        if model.rowCount() == 0:
            return
        first = max(0, self.rowAt(0))
        last = self.rowAt(self.viewport().height())
        last = model.rowCount() - 1 if last < 0 else min(model.rowCount() - 1, last + 20)
        for row in range(first, last + 1):
            if row not in self._fitted:
                self.resizeRowToContents(row)
                self._fitted.add(row)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._refit_all()  # the stretched last column changed width: wrapped texts change height


class SheetTree(SheetMixin, QTreeView):
    """The budget tree: the same keys and clipboard over the lines in the order they are shown."""

    problem = Signal(str)

    def __init__(self, model, parent=None):
        super().__init__(parent)
        self._setup_sheet()
        self.setModel(model)
        self._attach(model)
        self.setUniformRowHeights(True)
        self.setItemsExpandable(False)  # every line is shown: keys and paste go by the lines as listed
        self.setAllColumnsShowFocus(False)
        self.setAlternatingRowColors(True)
        self.header().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter)
        self.header().setStretchLastSection(False)
        for number, column in enumerate(model.columns):
            self.setColumnWidth(number, column.width)
        model.modelReset.connect(self.expandAll)
        self.expandAll()

    def visual_row(self, index):
        row = self.model().row_at(index)
        return self._positions().get(row.id, 0) if row else 0

    def _positions(self):
        rows = self.model().rows
        cached = getattr(self, "_position_cache", None)
        if cached is None or cached[0] is not rows:
            cached = (rows, {row.id: i for i, row in enumerate(rows)})
            self._position_cache = cached
        return cached[1]

    def index_at(self, visual_row, column):
        rows = self.model().rows
        return self.model().index_of(rows[visual_row].id, column) if 0 <= visual_row < len(rows) else QModelIndex()

    def visual_row_count(self):
        return len(self.model().rows)

    def row_id_of(self, index):
        return index.internalId()

    def parent_for_new_rows(self, current):
        rows = self.model().rows
        return rows[-1].parent_id if rows else None
