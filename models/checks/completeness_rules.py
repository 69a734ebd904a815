"""What a reviewer rejects at first sight: empty narrative sections, empty tables, no sign-off.

Every narrative section of the seed (二 to 六, nine texts) is required, and so are the three tables
with content; an empty one is an error, so an empty report cannot be finalised. The sign-off
(填报人, 单位负责人, 填报日期) is not part of the seed's text (DOMAIN.md: it is on the printed copy
only), so its absence is a warning: the copy can still be printed and filled in by hand.
"""
from __future__ import annotations

from models.checks.findings import ERROR, FIELD_LABELS, WARNING, Finding
from models.fields import label_of
from models.tables import NARRATIVE_FIELDS

SIGNOFF_REQUIRED = ("preparer", "unit_head", "fill_date")


def narrative_sections(report):
    for field in NARRATIVE_FIELDS:
        if not (report.narrative.get(field) or "").strip():
            yield Finding(ERROR, "narrative", None, None, field, f"未填写“{FIELD_LABELS[field]}”",
                          "请在“报告正文”中填写该部分")


def tables_not_empty(report):
    if not report.budget:
        yield Finding(ERROR, "budget", None, None, None, "预算信息没有任何预算行",
                      "请添加“预算总金额”及其下级基本支出、项目支出等，并填写金额")
    elif not any(getattr(row, field) is not None for row in report.budget if not row.is_parent
                 for field in ("initial", "adjustment", "actual")):
        yield Finding(ERROR, "budget", None, None, None, "预算信息没有填写任何金额",
                      "请填写各预算行的年初预算数、追加追减数和实际支出数")
    if not report.tasks:
        yield Finding(ERROR, "tasks", None, None, None, "年度重点任务一项也没有", "请填写本年度的重点任务及完成情况")
    if not report.indicators:
        yield Finding(ERROR, "indicators", None, None, None, "部门整体自评表没有任何指标",
                      "请填写绩效指标及其目标值、完成值")


def signoff_fields(report):
    for field in SIGNOFF_REQUIRED:
        if not (report.signoff.get(field) or "").strip():
            yield Finding(WARNING, "header", None, None, field, f"未填写{FIELD_LABELS[field]}",
                          "签字盖章的打印件需要此项，请在“基本信息”中填写")


TASK_FIELDS = ("duty", "name", "content", "completion")
INDICATOR_FIELDS = ("category1", "category2", "name")


def rows_filled(report):
    """A key task or an indicator row left half empty (a row added and not finished)."""
    for table, fields in (("tasks", TASK_FIELDS), ("indicators", INDICATOR_FIELDS)):
        for number, row in enumerate(getattr(report, table), 1):
            for field in fields:
                if not (getattr(row, field) or "").strip():
                    label = label_of(table, field)
                    yield Finding(WARNING, table, row.id, number, field, f"未填写{label}",
                                  "请补全该行，或删除不需要的行", row.name)


RULES = [narrative_sections, tables_not_empty, signoff_fields, rows_filled]
