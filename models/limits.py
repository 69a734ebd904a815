"""The most characters each text field of a report holds — the one list, enforced by the text
cleaners of `models.services.common` on every way in (editor, services, import).

Chosen so that what is stored fits everywhere it goes: a narrative section stays under Excel's
32,767 characters per cell (so export → import gives back the same text), a table's long text
stays a few printed pages of its table cell, and a one-line field (a name, a title, a source)
fits the lines it is printed on and Excel's 255-character page header.
"""
from __future__ import annotations

LINE = 200           # one-line fields: department, title, names, 指标名称, sources, sign-off
TABLE_TEXT = 5_000   # long text in a table cell: 主要内容, 完成情况, 原因分析 …
NARRATIVE = 30_000   # one section of the report's text (二 … 六)
EXCEL_CELL = 32_767  # Excel's own limit of one cell: nothing longer can be written to a workbook

_NARRATIVE = ("goals", "org_setup", "duties", "operation", "performance", "problems", "improvements",
              "result_application", "result_disclosure", "goal_expected", "goal_achieved", "conclusion")

# field → most characters. Report fields by name, table fields as "table.field".
FIELD_LIMITS: dict[str, int] = {
    "title": LINE, "department": LINE,
    **{name: NARRATIVE for name in _NARRATIVE},
    "preparer": LINE, "phone": LINE, "finance_head": LINE, "unit_head": LINE, "fill_date": LINE,
    "budget.name": LINE,
    "tasks.duty": TABLE_TEXT, "tasks.name": LINE, "tasks.content": TABLE_TEXT, "tasks.completion": TABLE_TEXT,
    "indicators.category1": LINE, "indicators.category2": LINE, "indicators.name": LINE,
    "indicators.target": LINE, "indicators.actual": LINE, "indicators.source": LINE,
    "indicators.deviation_override": LINE, "indicators.reason": TABLE_TEXT,
    "funding.reason": TABLE_TEXT,
    "version.reason": TABLE_TEXT,  # the reason given for reopening a final report
}


def limit_of(field: str | None, default: int) -> int:
    return FIELD_LIMITS.get(field, default) if field else default
