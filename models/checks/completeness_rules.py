"""What a reviewer rejects at first sight: empty narrative sections, empty tables, no sign-off.

Every narrative section of the seed (二 to 六, nine texts) is required, and so are the three tables
with content; an empty one is an error, so an empty report cannot be finalised. The sign-off
(填报人, 单位负责人, 填报日期) is not part of the seed's text (DOMAIN.md: it is on the printed copy
only), so its absence is a warning: the copy can still be printed and filled in by hand.
Only what the report's form shows is required: mof asks for 年度总体目标 (预期目标, 实际完成情况) and no
年度重点任务; sichuan for 评价结论, 存在问题 and 改进措施.
"""
from __future__ import annotations

from models.checks.findings import ERROR, FIELD_LABELS, WARNING, Finding, column_label
from models.checks.places import form_key, shown_texts, shows_table, text_of
from models.forms import form_of

SIGNOFF_REQUIRED = ("preparer", "unit_head", "fill_date")


def narrative_sections(report):
    """Every text the report's form shows (suzhou: 二–六; mof: 年度总体目标; sichuan: 评价结论 …)."""
    key = form_key(report)
    for field in shown_texts(report):
        if not text_of(report, field).strip():
            yield Finding(ERROR, "narrative", None, None, field, f"未填写“{column_label('narrative', field, key)}”",
                          "请在“报告正文”中填写该部分", "", key)


def tables_not_empty(report):
    if not report.budget:
        yield Finding(ERROR, "budget", None, None, None, "预算信息没有任何预算行",
                      "请添加“预算总金额”及其下级基本支出、项目支出等，并填写金额")
    elif not any(getattr(row, field) is not None for row in report.budget if not row.is_parent
                 for field in ("initial", "adjustment", "actual")):
        yield Finding(ERROR, "budget", None, None, None, "预算信息没有填写任何金额",
                      "请填写各预算行的年初预算数、追加追减数和实际支出数")
    if not report.tasks and shows_table(report, "tasks"):
        yield Finding(ERROR, "tasks", None, None, None, "年度重点任务一项也没有", "请填写本年度的重点任务及完成情况")
    if not report.indicators:
        yield Finding(ERROR, "indicators", None, None, None, "部门整体自评表没有任何指标",
                      "请填写绩效指标及其目标值、完成值")


def signoff_fields(report):
    signed = form_of(report).signoff
    for field in SIGNOFF_REQUIRED:
        if field in signed and not (report.signoff.get(field) or "").strip():
            yield Finding(WARNING, "header", None, None, field, f"未填写{FIELD_LABELS[field]}",
                          "签字盖章的打印件需要此项，请在“基本信息”中填写")


TASK_FIELDS = ("duty", "name", "content", "completion")
INDICATOR_FIELDS = ("category1", "category2", "name")


def rows_filled(report):
    """A key task or an indicator row left half empty (a row added and not finished)."""
    key = form_key(report)
    for table, fields in (("tasks", TASK_FIELDS), ("indicators", INDICATOR_FIELDS)):
        if not shows_table(report, table):
            continue
        for number, row in enumerate(getattr(report, table), 1):
            for field in fields:
                if not (getattr(row, field) or "").strip():
                    label = column_label(table, field, key)
                    yield Finding(WARNING, table, row.id, number, field, f"未填写{label}",
                                  "请补全该行，或删除不需要的行", row.name, key)


RULES = [narrative_sections, tables_not_empty, signoff_fields, rows_filled]
