"""A finding: how serious, where (table, row, column), what is wrong and what to do."""
from __future__ import annotations

from dataclasses import dataclass

from models.fields import REPORT_FIELDS, TABLE_LABELS as CATALOGUE_TABLES, label_of

ERROR, WARNING, INFO = "错误", "警告", "提示"
LEVELS = (ERROR, WARNING, INFO)

# Place names come from the field catalogue (models/fields.py), in the printed report's words.
TABLE_LABELS = {table: label for table, label in CATALOGUE_TABLES.items() if table != "signoff"}
FIELD_LABELS = {key: field.label for key, field in REPORT_FIELDS.items()}  # header, narrative, sign-off


@dataclass(frozen=True)
class Finding:
    level: str                  # 错误 / 警告 / 提示
    table: str                  # header, narrative, budget, tasks, indicators
    row_id: int | None          # the row's id in its table (None for header and narrative)
    row_number: int | None      # the row as the user sees it, from 1
    column: str | None          # the field's key in models/fields.py (a stored or a computed field)
    message: str
    suggestion: str = ""
    row_name: str = ""

    @property
    def place(self) -> str:
        """Where, in the user's words: 部门整体自评表 第31行「结转结余率」 指标完成值."""
        parts = [TABLE_LABELS.get(self.table, self.table)]
        if self.row_number is not None:
            parts.append(f"第{self.row_number}行" + (f"「{self.row_name}」" if self.row_name else ""))
        if self.column:
            parts.append(label_of(self.table, self.column))
        return " ".join(parts)

    def line(self) -> str:
        """LEVEL<TAB>PLACE<TAB>MESSAGE (with the suggestion), for the command line."""
        text = self.message + (f"（{self.suggestion}）" if self.suggestion else "")
        return f"{self.level}\t{self.place}\t{text}"


def has_errors(findings) -> bool:
    return any(finding.level == ERROR for finding in findings)
