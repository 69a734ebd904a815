"""Cells with findings: a tinted background and the messages in the tooltip."""
from __future__ import annotations

from PySide6.QtGui import QBrush, QColor

from models.checks import ERROR, INFO

ERROR_BACKGROUND = QBrush(QColor("#fde2e4"))
WARNING_BACKGROUND = QBrush(QColor("#fff3cd"))
HINT_BACKGROUND = QBrush(QColor("#eef4fb"))  # a 提示 asks to look again; it is not a fault


class CellMarks:
    """Findings of one table by (row id, column key)."""

    def __init__(self):
        self.by_cell: dict[tuple[int, str], list] = {}

    def set(self, findings) -> None:
        self.by_cell = {}
        for finding in findings:
            self.by_cell.setdefault((finding.row_id, finding.column), []).append(finding)

    def background(self, row_id: int, key: str):
        found = self.by_cell.get((row_id, key))
        if not found:
            return None
        levels = {f.level for f in found}
        if ERROR in levels:
            return ERROR_BACKGROUND
        return HINT_BACKGROUND if levels == {INFO} else WARNING_BACKGROUND

    def tooltip(self, row_id: int, key: str, base: str | None) -> str | None:
        found = self.by_cell.get((row_id, key))
        if not found:
            return base
        text = "\n".join(f"【{f.level}】{f.message}" + (f"\n　{f.suggestion}" if f.suggestion else "") for f in found)
        return f"{text}\n\n{base}" if base else text
