"""Table models of 年度重点任务 and 部门整体自评表 (QAbstractTableModel, one row per stored row).

The rows are the report editor's (models/editor.py), never read here: a change repaints the rows it
names, a change of shape resets the model. `setData` stores through the report session (one
commit, one undo step); on bad input it returns False and emits `editFailed` with the Chinese
message, and nothing changes.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

from models.errors import DomainError
from models.fields import parse_optional_score
from models.scoring import band, band_top, in_band
from ui import style
from ui.columns import (
    COMPLETION, DEVIATION, INDICATOR_COLUMNS, LONG, NATURE, PART, PREVIOUS, PREVIOUS_INDICATOR, SCORE, TARGET,
    TASK_COLUMNS, WEIGHT, Column)
from ui.form_ui import cell_message, format_score, format_weight
from ui.marks import CellMarks

EDIT_ROLE = Qt.ItemDataRole.EditRole
DISPLAY_ROLE = Qt.ItemDataRole.DisplayRole


class FlatTableModel(QAbstractTableModel):
    """Rows of one flat table of the open report."""

    table = ""
    columns: list[Column] = []
    editFailed = Signal(QModelIndex, str)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.rows = []
        self._row_of_id: dict[int, int] = {}
        self._group_start: list[dict[str, bool]] = []
        self.marks = CellMarks()
        session.tableChanged.connect(self._on_table_changed)
        self.reload()

    # -- loading -----------------------------------------------------------------------------
    def detach(self) -> None:
        """Stop following the session's edits (the model is being replaced by a fresh one)."""
        try:
            self.session.tableChanged.disconnect(self._on_table_changed)
        except (RuntimeError, TypeError):
            pass  # the session is already gone

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self.session.editor.rows(self.table)
        self._reindex()
        self.endResetModel()

    def _reindex(self) -> None:
        self._row_of_id = {row.id: i for i, row in enumerate(self.rows)}
        self._group_start = [self._starts(position) for position in range(len(self.rows))]

    def _starts(self, position: int) -> dict[str, bool]:
        """Which grouped columns begin a new group at this row (a value unlike the row above's)."""
        row, previous = self.rows[position], self.rows[position - 1] if position else None
        starts = {}
        for column in self.columns:
            if column.grouped:
                value = self.raw_value(row, column)
                starts[column.field] = previous is None or self.raw_value(previous, column) != value or not value
        return starts

    def _on_table_changed(self, table: str, ids) -> None:
        if table != self.table:
            return
        if ids is None:
            self.reload()
            return
        rows = set()  # the editor has put the new values into the rows already (same rows, same order)
        for row_id in ids:
            position = self._row_of_id.get(row_id)
            if position is not None:  # the next row's grouping may change too
                rows.update((position, min(position + 1, len(self.rows) - 1)))
        for position in rows:
            self._group_start[position] = self._starts(position)
        for first, last in _runs_of(sorted(rows)):  # one signal per run of rows (a paste: one in all)
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))

    # -- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=DISPLAY_ROLE):
        if role != DISPLAY_ROLE:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header if 0 <= section < len(self.columns) else None
        return str(section + 1)

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def raw_value(self, row, column: Column) -> str:
        return getattr(row, column.field)

    def edit_text(self, row, column: Column) -> str:
        """The text a cell holds (what is edited, copied and exported)."""
        return self.raw_value(row, column)

    def row_id(self, row: int) -> int:
        return self.rows[row].id

    def is_group_continuation(self, row: int, column: int) -> bool:
        field = self.columns[column].field
        return self.columns[column].grouped and not self._group_start[row].get(field, True)

    def data(self, index, role=DISPLAY_ROLE):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == EDIT_ROLE:
            return self.edit_text(row, column)
        if role == DISPLAY_ROLE:
            if self.is_group_continuation(index.row(), index.column()):
                return ""  # shown once for the whole group, like a merged cell
            return self.display_text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.marks.tooltip(row.id, column.key, self.tooltip(row, column, index))
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.marks.background(row.id, column.key) or self.background(row, column, index)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.kind in (DEVIATION, WEIGHT, SCORE):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column.kind == NATURE:
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def display_text(self, row, column: Column) -> str:
        return self.edit_text(row, column)

    def tooltip(self, row, column: Column, index) -> str | None:
        if self.is_group_continuation(index.row(), index.column()):
            return f"同上：{self.edit_text(row, column)}"
        if column.kind == LONG:
            text = self.edit_text(row, column)
            return text if len(text) > 20 else None
        return None

    def background(self, row, column: Column, index):
        return None

    def foreground(self, row, column: Column):
        return None

    def setData(self, index, value, role=EDIT_ROLE) -> bool:
        if role != EDIT_ROLE or not index.isValid():
            return False
        column = self.columns[index.column()]
        if not column.editable:
            return False
        row = self.rows[index.row()]
        value = self.value_for_storage(row, column, "" if value is None else str(value))
        if value == self.stored_value(row, column):
            return True
        try:
            self.session.edit_cells(self.table, [(row.id, column.field, value)],
                                    f"修改{column.label}")
        except DomainError as error:
            self.editFailed.emit(index, cell_message(self.table, column.field, column.label, error))
            return False
        return True

    def value_for_storage(self, row, column: Column, text: str):
        return text

    def stored_value(self, row, column: Column):
        return self.edit_text(row, column)

    def set_findings(self, findings) -> None:
        """Mark the cells these findings are about (tint and tooltip); only rows whose marks come or
        go are repainted."""
        before = {row_id for row_id, _key in self.marks.by_cell}
        self.marks.set(findings)
        after = {row_id for row_id, _key in self.marks.by_cell}
        rows = sorted(row for row in (self._row_of_id.get(row_id) for row_id in before | after) if row is not None)
        roles = [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole]
        last = len(self.columns) - 1
        for first, end in _runs_of(rows):
            self.dataChanged.emit(self.index(first, 0), self.index(end, last), roles)

    def position_of(self, row_id: int) -> int | None:
        """The row number of a stored row, None when it is not shown."""
        return self._row_of_id.get(row_id)

    def index_for(self, row_id: int, key: str):
        row = self._row_of_id.get(row_id)
        column = next((n for n, c in enumerate(self.columns) if c.key == key), 0)
        return self.index(row, column) if row is not None else QModelIndex()

    def values_in_column(self, column: Column) -> list[str]:
        """Distinct values already used in a column, in first-seen order (for completion)."""
        seen = dict.fromkeys(self.raw_value(row, column) for row in self.rows)
        return [value for value in seen if value]


class TaskModel(FlatTableModel):
    table = "tasks"
    columns = TASK_COLUMNS

    def __init__(self, session, parent=None, columns=None):
        if columns is not None:
            self.columns = list(columns)
        super().__init__(session, parent)


class IndicatorModel(FlatTableModel):
    """部门整体自评表 in the columns of the report's form (ui/form_ui.py). In a scored form 得分 is
    computed (grey) from the session's ScoreBoard, which has scored the edited rows before this model
    repaints them; a typed 得分 is an override, marked ✎ as 偏差情况's is."""

    table = "indicators"
    columns = INDICATOR_COLUMNS

    def __init__(self, session, parent=None, previous: dict | None = None, columns=None):
        self.previous = previous  # (类别, 类别, 指标名称) → last year's 指标完成值, when shown
        base = list(columns) if columns is not None else list(INDICATOR_COLUMNS)
        self.columns = base + ([PREVIOUS_INDICATOR] if previous is not None else [])
        scores = getattr(session, "scores", None)
        self.scores = scores if scores is not None and any(c.kind == SCORE for c in self.columns) else None
        super().__init__(session, parent)

    def score_of(self, row):
        return self.scores.of(row.id) if self.scores is not None else None

    @staticmethod
    def is_qualitative(row) -> bool:
        return not row.target.is_quantitative and not row.target.is_empty

    def raw_value(self, row, column: Column):
        kind = column.kind
        if kind == PREVIOUS:
            return self.previous.get((row.category1, row.category2, row.name), "")
        if kind == TARGET:
            return getattr(row, column.field).text
        if kind == DEVIATION:
            return row.deviation or ""
        if kind == WEIGHT:
            return format_weight(row.weight)
        if kind == SCORE:
            score = self.score_of(row)
            return format_score(score.score if score is not None else row.score_override)
        if kind in (NATURE, PART):
            return _target_part(row, column.field)
        return getattr(row, column.field)

    def flags(self, index):
        flags = super().flags(index)
        if index.isValid() and self.columns[index.column()].kind == COMPLETION \
                and not self.is_qualitative(self.rows[index.row()]):
            flags &= ~Qt.ItemFlag.ItemIsEditable  # 完成程度 is chosen for a qualitative row only
        return flags

    def stored_value(self, row, column: Column):
        if column.kind == DEVIATION:
            return row.deviation_override or ""
        if column.kind == SCORE:
            return format_score(row.score_override)
        return self.raw_value(row, column)

    def value_for_storage(self, row, column: Column, text: str):
        if column.kind == DEVIATION and text.strip() == (row.computed_deviation or ""):
            return ""  # typing the computed value is no override
        if column.kind == SCORE and text.strip() and not self.is_qualitative(row):
            score = self.score_of(row)
            try:
                typed = parse_optional_score(text)
            except DomainError:
                return text  # refused with its message when stored
            if score is not None and score.computed is not None and typed == score.computed:
                return ""  # typing the computed score is no override
        return text

    def paste_value(self, index, text: str):
        """A pasted 得分 equal to the computed one is no override (a row copied with its scores)."""
        column = self.columns[index.column()]
        if column.kind == SCORE:
            return self.value_for_storage(self.rows[index.row()], column, text)
        return text

    def setData(self, index, value, role=EDIT_ROLE) -> bool:
        column = self.columns[index.column()] if index.isValid() else None
        if role != EDIT_ROLE or column is None or column.kind != COMPLETION:
            return super().setData(index, value, role)
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        row, level = self.rows[index.row()], "" if value is None else str(value).strip()
        if level == row.completion:
            return True
        edits = [(row.id, "completion", level)]
        proposal = band_top(level, row.weight) if level and row.weight is not None else None
        if proposal is not None and not (row.score_override is not None and in_band(row.score_override, level,
                                                                                     row.weight)):
            edits.append((row.id, "score_override", str(proposal)))  # the band's top, as if typed
        try:
            self.session.edit_cells(self.table, edits, "选择完成程度")
        except DomainError as error:
            self.editFailed.emit(index, cell_message(self.table, column.field, column.label, error))
            return False
        return True

    def display_text(self, row, column: Column) -> str:
        text = self.raw_value(row, column)
        if column.kind == DEVIATION and row.is_overridden:
            return f"✎ {text}"
        if column.kind == SCORE and text:
            score = self.score_of(row)
            if score is not None and score.overridden:
                return f"✎ {text}"
        return text

    def foreground(self, row, column: Column):
        if column.kind == TARGET and getattr(row, column.field).kind == "qualitative":
            return style.QUALITATIVE_FOREGROUND
        if column.kind == DEVIATION and row.is_overridden:
            return style.OVERRIDE_FOREGROUND
        if column.kind == SCORE:
            score = self.score_of(row)
            if score is not None and score.overridden:
                return style.OVERRIDE_FOREGROUND
        return None

    def background(self, row, column: Column, index):
        if column.kind == PREVIOUS or (column.kind == DEVIATION and not row.is_overridden):
            return style.DERIVED_BACKGROUND
        if column.kind == SCORE and row.score_override is None:
            return style.DERIVED_BACKGROUND  # computed, like 调整预算数
        if column.kind == COMPLETION and not self.is_qualitative(row):
            return style.DERIVED_BACKGROUND
        return None

    def tooltip(self, row, column: Column, index):
        if column.kind == TARGET:
            value = getattr(row, column.field)
            if value.kind == "qualitative":
                return f"定性：{value.text}"
            if value.kind == "quantitative":
                return f"定量：{value.operator} {value.value} {value.unit}".rstrip()
            return None
        if column.kind == DEVIATION:
            computed = row.computed_deviation or "（无法计算）"
            if row.is_overridden:
                return f"手工填写：{row.deviation_override}\n计算值：{computed}\n按 Delete 清除手工值，恢复计算值"
            return f"自动计算：{computed}\n直接输入可手工填写"
        if column.kind == SCORE:
            return score_tooltip(self.score_of(row), row)
        if column.kind == COMPLETION:
            if not self.is_qualitative(row):
                return "定量指标按目标值与完成值计分，不需选择完成程度"
            return "定性指标：选择完成程度后，得分取该档最高分，可在得分栏改为档内其他分数"
        return super().tooltip(row, column, index)


def _target_part(row, field: str) -> str:
    part = getattr(row, field, None)
    if part is None:  # rows made before the parts were known to the rows
        from models.targets import split_target
        part = split_target(row.target.text)[("target_nature", "target_value", "target_unit").index(field)]
    return part


def score_tooltip(score, row) -> str | None:
    """What a 得分 cell says about itself: computed, typed over, or why there is none."""
    if score is None:
        return None
    computed = format_score(score.computed) if score.computed is not None else ""
    if score.qualitative:
        found = band(row.completion, row.weight) if row.completion and row.weight is not None else None
        span = f"\n“{row.completion}”的得分范围：{format_score(found[0])}–{format_score(found[1])}" + (
            "" if found[2] else "（不含上限）") if found else ""
        if row.score_override is not None:
            return f"定性指标，手工填写的得分{span}\n按 Delete 清除，恢复为该档最高分"
        return (f"定性指标：按完成程度取该档最高分 {computed}{span}\n直接输入可改为档内其他分数" if computed
                else f"{score.problem or '定性指标：请选择完成程度'}")
    if score.overridden:
        return (f"手工填写：{format_score(score.score)}\n计算值：{computed or '（无法计算）'}\n"
                f"按 Delete 清除手工值，恢复计算值；手工得分须在原因分析中说明理由")
    if score.computed is None:
        return f"无法计算：{score.problem}" if score.problem else None
    return f"自动计算：{computed}\n直接输入可手工填写"


def _runs_of(numbers: list[int]) -> list[tuple[int, int]]:
    """(first, last) of each run of consecutive numbers in a sorted list."""
    runs = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs
