"""The tree model of 七 预算信息: lines under their parents, with sums and derived columns.

The lines and their sums are the report editor's (models/editor.py), never read here: after an edit
only the rows the editor names (the line and the lines above it) are repainted; a change of shape
resets the model.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal

from models.errors import DomainError
from models.money import format_amount, format_rate
from ui import style
from ui.columns import AMOUNT, DERIVED_AMOUNT, PREVIOUS, RATE, budget_columns, previous_budget_column
from ui.marks import CellMarks

EDIT_ROLE = Qt.ItemDataRole.EditRole
DISPLAY_ROLE = Qt.ItemDataRole.DisplayRole
_VALUES = {"initial": "initial", "adjustment": "adjustment", "actual": "actual"}


def name_paths(rows) -> dict[int, tuple[str, ...]]:
    """Each line's names from the top line down to it: how a line is found in another year's report.
    `rows` are in display order, so a parent always comes before its children."""
    paths: dict[int, tuple[str, ...]] = {}
    for row in rows:
        paths[row.id] = paths.get(row.parent_id, ()) + (row.name,)
    return paths


class BudgetModel(QAbstractItemModel):
    table = "budget"
    editFailed = Signal(QModelIndex, str)

    def __init__(self, session, unit: str, parent=None, previous: dict | None = None):
        super().__init__(parent)
        self.session = session
        self.previous = previous  # name path → last year's 实际支出数 in `unit`, when shown
        self.columns = self._columns(unit)
        self.rows = []
        self.by_id = {}
        self.children: dict[int | None, list[int]] = {}
        self.marks = CellMarks()
        session.tableChanged.connect(self._on_table_changed)
        self.reload()

    # -- loading -----------------------------------------------------------------------------
    def _index_rows(self) -> None:
        editor = self.session.editor
        self.rows = editor.rows("budget")
        self.by_id, self.children = editor.budget_tree()
        self.paths = name_paths(self.rows) if self.previous is not None else {}

    def reload(self) -> None:
        self.beginResetModel()
        self._index_rows()
        self.endResetModel()

    def _columns(self, unit: str) -> list:
        return budget_columns(unit) + ([previous_budget_column(unit)] if self.previous is not None else [])

    def set_unit(self, unit: str) -> None:
        self.columns = self._columns(unit)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    def detach(self) -> None:
        """Stop following the session's edits (the model is being replaced by a fresh one)."""
        try:
            self.session.tableChanged.disconnect(self._on_table_changed)
        except (RuntimeError, TypeError):
            pass  # the session is already gone

    def _on_table_changed(self, table: str, ids) -> None:
        if table != self.table:
            return
        if ids is None:  # rows added, removed or moved: read the whole budget again
            self.reload()
            return
        # values of some lines changed: the editor has recomputed them and the lines above them
        if self.previous is not None:
            self.paths = name_paths(self.rows)
        last = len(self.columns) - 1
        for line_id in ids:
            row = self.by_id.get(line_id)
            if row is None:
                continue
            self.dataChanged.emit(self.createIndex(row.index, 0, row.id), self.createIndex(row.index, last, row.id))

    # -- tree structure ----------------------------------------------------------------------
    def row_at(self, index: QModelIndex):
        return self.by_id.get(index.internalId()) if index.isValid() else None

    def index_of(self, line_id: int, column: int = 0) -> QModelIndex:
        row = self.by_id.get(line_id)
        return QModelIndex() if row is None else self.createIndex(row.index, column, line_id)

    def index(self, row, column, parent=QModelIndex()):
        parent_id = parent.internalId() if parent.isValid() else None
        kids = self.children.get(parent_id, [])
        if not (0 <= row < len(kids)) or not (0 <= column < len(self.columns)):
            return QModelIndex()
        return self.createIndex(row, column, kids[row])

    def parent(self, index=QModelIndex()):
        if not index.isValid():
            return QModelIndex()
        row = self.by_id.get(index.internalId())
        if row is None or row.parent_id is None:
            return QModelIndex()
        parent = self.by_id[row.parent_id]
        return self.createIndex(parent.index, 0, parent.id)

    def rowCount(self, parent=QModelIndex()):
        if parent.isValid():
            if parent.column() != 0:
                return 0
            return len(self.children.get(parent.internalId(), []))
        return len(self.children.get(None, []))

    def columnCount(self, parent=QModelIndex()):
        return len(self.columns)

    def headerData(self, section, orientation, role=DISPLAY_ROLE):
        if role == DISPLAY_ROLE and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].header
        return None

    # -- cells -------------------------------------------------------------------------------
    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_editable(index):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def is_editable(self, index) -> bool:
        column = self.columns[index.column()]
        if not column.editable:
            return False
        row = self.row_at(index)
        return not (column.kind == AMOUNT and row is not None and row.is_parent)

    def _value(self, row, column):
        if column.kind == PREVIOUS:
            return self.previous.get(self.paths.get(row.id))
        if column.kind == AMOUNT:
            return getattr(row, column.field)
        if column.kind == DERIVED_AMOUNT:
            return row.adjusted
        if column.kind == RATE:
            return row.execution_rate
        return getattr(row, column.field)

    def data(self, index, role=DISPLAY_ROLE):
        row = self.row_at(index)
        if row is None:
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            marked = self.marks.background(row.id, column.key)
            if marked is not None:
                return marked
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.marks.tooltip(row.id, column.key, self._tooltip(row, column))
        return self._data(row, column, role)

    def _data(self, row, column, role):
        value = self._value(row, column)
        if role in (DISPLAY_ROLE, EDIT_ROLE):
            if column.kind in (AMOUNT, DERIVED_AMOUNT, PREVIOUS):
                return format_amount(value, thousands=role == DISPLAY_ROLE)
            if column.kind == RATE:
                return format_rate(value)
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if not column.editable:
                return style.DERIVED_BACKGROUND
            if row.is_parent and column.kind == AMOUNT:
                return style.PARENT_BACKGROUND
        if role == Qt.ItemDataRole.FontRole and row.is_parent:
            return style.bold()
        if role == Qt.ItemDataRole.ForegroundRole and column.numeric and value is not None and value < 0:
            return style.NEGATIVE_FOREGROUND
        return None

    def _tooltip(self, row, column):
        if row.is_parent and column.kind == AMOUNT:
            return "下级明细的合计，自动计算"
        if column.kind == DERIVED_AMOUNT:
            return "调整预算数 = 年初预算数 + 上年度结转及当年预算追加追减数"
        if column.kind == RATE:
            if row.execution_rate is None and row.adjusted == 0 and row.actual is not None:
                return "调整预算数为 0，执行率无法计算"
            return "执行率 = 实际支出数 ÷ 调整预算数 × 100%（四舍五入到两位小数）"
        return None

    def set_findings(self, findings) -> None:
        """Mark the cells these findings are about (tint and tooltip)."""
        before = {row_id for row_id, _key in self.marks.by_cell}
        self.marks.set(findings)
        after = {row_id for row_id, _key in self.marks.by_cell}
        last = len(self.columns) - 1
        roles = [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole]
        for row_id in before | after:
            row = self.by_id.get(row_id)
            if row is not None:
                self.dataChanged.emit(self.createIndex(row.index, 0, row.id),
                                      self.createIndex(row.index, last, row.id), roles)

    def index_for(self, row_id: int, key: str):
        column = next((n for n, c in enumerate(self.columns) if c.key == key), 0)
        return self.index_of(row_id, column)

    def setData(self, index, value, role=EDIT_ROLE) -> bool:
        if role != EDIT_ROLE or not self.is_editable(index):
            return False
        row, column = self.row_at(index), self.columns[index.column()]
        text = "" if value is None else str(value)
        if text == (self.data(index, EDIT_ROLE) or ""):
            return True
        try:
            self.session.edit_cells(self.table, [(row.id, column.field, text)], f"修改{column.label}")
        except DomainError as error:
            self.editFailed.emit(index, error.message)
            return False
        return True
