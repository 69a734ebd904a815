"""The workbook layout shared by export and import: sheet names, headings, fields — the headings and
the 基本信息 items read from the field catalogue (models/fields.py)."""
from __future__ import annotations

from models.fields import (
    BUDGET_FIELDS, COMPUTED, HEADER_FIELDS, INDICATOR_FIELDS, NARRATIVE_FIELDS, SIGNOFF_FIELDS, TASK_FIELDS)

SHEET_INFO, SHEET_BUDGET, SHEET_TASKS, SHEET_INDICATORS = "基本信息", "预算信息", "年度重点任务", "部门整体自评表"
SHEETS = (SHEET_INFO, SHEET_BUDGET, SHEET_TASKS, SHEET_INDICATORS)
# 资金情况: the funding block of a form that has one (reports/xlsx_forms.py); every sheet in message order
SHEET_FUNDING = "资金情况"
SHEET_ORDER = (SHEET_INFO, SHEET_FUNDING, SHEET_BUDGET, SHEET_TASKS, SHEET_INDICATORS)

# 基本信息: one item per row, heading 项目 | 内容
INFO_HEADINGS = ("项目", "内容")
INFO_ITEMS = [(f.key, f.label) for f in (*HEADER_FIELDS, *NARRATIVE_FIELDS, *SIGNOFF_FIELDS)]


def budget_headings(unit: str) -> list[tuple[str, str]]:
    """(field, heading) of 预算信息; the unit in brackets is part of the heading as in the seed."""
    return [(f.key, f.heading_for(unit)) for f in BUDGET_FIELDS]


TASK_HEADINGS = [(f.key, f.heading_for()) for f in TASK_FIELDS]

# 部门整体自评表 as the seed prints it: one 类别 heading merged over the two category columns (the
# second column's heading cell is covered by the merge), and the shown 偏差情况 (computed or typed).
CATEGORY_HEADING = "类别"
INDICATOR_HEADINGS = [("deviation" if f.kind == COMPUTED else f.key, None if f.key == "category2" else f.heading_for())
                      for f in INDICATOR_FIELDS]
# What the import looks for: the two category columns under the one heading, or, in a workbook of
# an earlier version, each under its own (一级类别, 二级类别).
INDICATOR_READ = [(field, heading or CATEGORY_HEADING) for field, heading in INDICATOR_HEADINGS]
INDICATOR_OLD_HEADINGS = [(f.key, f.label) for f in INDICATOR_FIELDS if f.heading == CATEGORY_HEADING]

# A hidden column beside 偏差情况: the deviation the export computed for the row (empty where it was
# typed by hand). The import takes an unchanged computed value for what it is, not for an override.
DEVIATION_MARK_HEADING = "导出时的偏差计算值（请勿修改）"
