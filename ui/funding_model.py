"""The funding block of a form (mof: 年度资金情况, sichuan: 预算执行情况): a small table above 部门整体自评表.

Its rows are the form's (年度资金总额 / 其中：本年财政拨款 …), named by the shared row key; its columns
the form's funding columns. 执行率 and 得分 are computed (grey); 分值 / 权重 belongs to the total row
only and, when the form fixes it (预算执行率 10 分), shows that weight and takes no typing. Cells are
stored through the session (`edit_cells("funding", [(row_key, field, value)])`), one undo step each.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

from models.errors import DomainError
from models.fields import parse_optional_score
from models.money import format_amount, format_rate
from ui import style
from ui.columns import AMOUNT, LABEL, LONG, RATE, SCORE, WEIGHT, Column
from ui.form_ui import PX_PER_MM, cell_message, fitted_width, format_score, format_weight, wrap_heading
from ui.marks import CellMarks

EDIT_ROLE = Qt.ItemDataRole.EditRole
DISPLAY_ROLE = Qt.ItemDataRole.DisplayRole
TOTAL = "total"
_KINDS = {"initial": AMOUNT, "adjusted": AMOUNT, "actual": AMOUNT, "execution_rate": RATE, "weight": WEIGHT,
          "score_override": SCORE, "reason": LONG}


def funding_columns(block, unit: str) -> list[Column]:
    """The row labels, then the form's funding columns."""
    label_width = max(150, int(block.label_width * PX_PER_MM))
    columns = [Column(None, block.label_heading or "", LABEL, label_width)]
    for column in block.columns:
        kind = _KINDS.get(column.field, LONG)
        width = max(80 if kind in (WEIGHT, SCORE, RATE) else 110, int(column.width * PX_PER_MM))
        header = wrap_heading(column.heading_for(unit), width)
        columns.append(Column(column.field, header, kind, fitted_width(header, width)))
    return columns


class FundingModel(QAbstractTableModel):
    table = "funding"
    editFailed = Signal(QModelIndex, str)

    def __init__(self, session, form, unit: str, parent=None):
        super().__init__(parent)
        self.session = session
        self.form = form
        self.block = form.funding
        self.lines = list(self.block.rows)
        self.columns = funding_columns(self.block, unit)
        self.fixed_weight = form.scoring.execution_weight if form.scoring is not None else None
        self.marks = CellMarks()
        self.rows = {}
        session.tableChanged.connect(self._on_table_changed)
        self.reload()

    def detach(self) -> None:
        try:
            self.session.tableChanged.disconnect(self._on_table_changed)
        except (RuntimeError, TypeError):
            pass

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self.session.editor.funding()
        self.endResetModel()

    def _on_table_changed(self, table: str, ids) -> None:
        if table == "funding" and ids is None:
            self.reload()
        elif table in ("funding", "budget"):  # 得分 of the total row follows the budget's 执行率 too
            self.rows = self.session.editor.funding()
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.lines) - 1, len(self.columns) - 1))

    def row(self, position: int):
        from models.views import FundingRow
        key = self.lines[position].key
        return self.rows.get(key) or FundingRow(key)

    # -- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=DISPLAY_ROLE):
        if role != DISPLAY_ROLE:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header if 0 <= section < len(self.columns) else None
        return str(section + 1)

    def row_id(self, position: int) -> str:
        return self.lines[position].key

    def position_of(self, key) -> int | None:
        return next((n for n, line in enumerate(self.lines) if line.key == key), None)

    def is_group_continuation(self, _row: int, _column: int) -> bool:
        return False

    def is_editable(self, index) -> bool:
        column = self.columns[index.column()]
        if not column.editable:
            return False
        if column.kind in (WEIGHT, SCORE):
            if self.lines[index.row()].key != TOTAL:
                return False  # 分值 and 得分 belong to the total row (预算执行率)
            return not (column.kind == WEIGHT and self.fixed_weight is not None)
        return True

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_editable(index):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _execution(self):
        scores = getattr(self.session, "scores", None)
        return scores.execution if scores is not None and scores.scored else None

    def edit_text(self, position: int, column: Column) -> str:
        line, row = self.lines[position], self.row(position)
        kind = column.kind
        if kind == LABEL:
            return line.label
        if kind == AMOUNT:
            return format_amount(getattr(row, column.field), thousands=False)
        if kind == RATE:
            return format_rate(row.execution_rate)
        if kind == WEIGHT:
            if line.key != TOTAL:
                return ""
            return format_weight(self.fixed_weight if self.fixed_weight is not None else row.weight)
        if kind == SCORE:
            if line.key != TOTAL:
                return ""
            execution = self._execution()
            return format_score(execution.score if execution is not None else row.score_override)
        return getattr(row, column.field) or ""

    def data(self, index, role=DISPLAY_ROLE):
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        column, position = self.columns[index.column()], index.row()
        line = self.lines[position]
        if role == EDIT_ROLE:
            return self.edit_text(position, column)
        if role == DISPLAY_ROLE:
            text = self.edit_text(position, column)
            if column.kind == AMOUNT:
                return format_amount(getattr(self.row(position), column.field), thousands=True)
            if column.kind == SCORE and text:
                execution = self._execution()
                if execution is not None and execution.overridden:
                    return f"✎ {text}"
            return text
        if role == Qt.ItemDataRole.BackgroundRole:
            marked = self.marks.background(line.key, column.key)
            if marked is not None:
                return marked
            if column.kind == LABEL:
                return style.PARENT_BACKGROUND
            if not self.is_editable(index) or (column.kind == SCORE and self.row(position).score_override is None):
                return style.DERIVED_BACKGROUND
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column.kind == SCORE:
            execution = self._execution()
            if line.key == TOTAL and execution is not None and execution.overridden:
                return style.OVERRIDE_FOREGROUND
            return None
        if role == Qt.ItemDataRole.FontRole and line.key == TOTAL:
            return style.bold()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.numeric:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.marks.tooltip(line.key, column.key, self._tooltip(line, column))
        return None

    def _tooltip(self, line, column) -> str | None:
        if column.kind == RATE:
            return "执行率 = 全年执行数 ÷ 全年预算数 × 100%（四舍五入到两位小数）"
        if line.key != TOTAL:
            return None
        if column.kind == WEIGHT and self.fixed_weight is not None:
            return f"本表式规定预算执行率 {format_weight(self.fixed_weight)} 分"
        if column.kind == SCORE:
            execution = self._execution()
            if execution is None:
                return None
            if execution.overridden:
                return (f"手工填写：{format_score(execution.score)}\n计算值：{format_score(execution.computed) or '（无法计算）'}"
                        f"\n按 Delete 清除手工值，恢复计算值")
            if execution.computed is None:
                return f"无法计算：{execution.problem}" if execution.problem else None
            return ("得分 = min(执行率, 100%) × 分值，执行率取本表总额一行"
                    f"（未填时取预算信息表“预算总金额”一行）\n自动计算：{format_score(execution.computed)}")
        return None

    def setData(self, index, value, role=EDIT_ROLE) -> bool:
        if role != EDIT_ROLE or not index.isValid() or not self.is_editable(index):
            return False
        column, position = self.columns[index.column()], index.row()
        text = "" if value is None else str(value)
        if text == self.edit_text(position, column):
            return True
        if column.kind == SCORE and text.strip():
            execution = self._execution()
            try:
                if execution is not None and parse_optional_score(text) == execution.computed:
                    text = ""  # typing the computed score is no override
            except DomainError:
                pass
        try:
            self.session.edit_cells("funding", [(self.lines[position].key, column.field, text)],
                                    f"修改{self.lines[position].label}的{column.label}")
        except DomainError as error:
            self.editFailed.emit(index, cell_message(self.table, column.field,
                                                     f"{self.lines[position].label}的{column.label}", error))
            return False
        return True

    def set_findings(self, findings) -> None:
        self.marks.set(findings)
        if self.lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.lines) - 1, len(self.columns) - 1),
                                  [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole])

    def index_for(self, key, field: str):
        position = self.position_of(key)
        column = next((n for n, c in enumerate(self.columns) if c.key == field), 1)
        return self.index(position, column) if position is not None else QModelIndex()
