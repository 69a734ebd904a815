"""Rules of the header: required fields and a plausible year."""
from __future__ import annotations

from datetime import date

from models.checks.findings import ERROR, WARNING, Finding


def required_fields(report):
    for field, label in (("title", "报告标题"), ("department", "预算部门名称")):
        if not getattr(report, field).strip():
            yield Finding(ERROR, "header", None, None, field, f"未填写{label}", "请在“基本信息”中填写")
    if not report.year:
        yield Finding(ERROR, "header", None, None, "year", "未填写年度")


def plausible_year(report, today: date | None = None):
    today = today or date.today()
    if report.year and not (today.year - 10 <= report.year <= today.year + 1):
        yield Finding(WARNING, "header", None, None, "year",
                      f"年度 {report.year} 与今年（{today.year}）相差较大", "自评报告通常针对上一年度，请核对")


RULES = [required_fields, plausible_year]
