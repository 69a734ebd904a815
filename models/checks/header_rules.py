"""Rules of the header: required fields, a plausible year, a title naming the report's year, and a form
(表式) installed on this computer."""
from __future__ import annotations

import re
from datetime import date

from models.checks.findings import ERROR, WARNING, Finding, column_label
from models.checks.places import form_key
from models.checks.places import narrative_texts, normalized

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年度?")
_HEADING_MOST = 60          # characters: a longer first line is a paragraph, not a heading
_SENTENCE_END = "。；;，,：:！!？?"


def required_fields(report):
    key = form_key(report)
    for field in ("title", "department"):   # 报告标题, 预算部门名称 (mof: 部门（单位）名称)
        if not getattr(report, field).strip():
            yield Finding(ERROR, "header", None, None, field, f"未填写{column_label('header', field, key)}",
                          "请在“基本信息”中填写", "", key)
    if not report.year:
        yield Finding(ERROR, "header", None, None, "year", "未填写年度")


def plausible_year(report, today: date | None = None):
    today = today or date.today()
    if report.year and not (today.year - 10 <= report.year <= today.year + 1):
        yield Finding(WARNING, "header", None, None, "year",
                      f"年度 {report.year} 与今年（{today.year}）相差较大", "自评报告通常针对上一年度，请核对")


def _other_year(text: str, year: int) -> str | None:
    """“2023年度” when the text names a year and not `year`; None when it names `year` (a title may add
    the date it was written) or no year at all."""
    named = [(match.group(0), int(match.group(1))) for match in _YEAR.finditer(normalized(text))]
    if not named or any(value == year for _, value in named):
        return None
    return re.sub(r"\s", "", named[0][0])


def _heading(text: str) -> str | None:
    """A narrative section's first line when it is a heading (a copied title): short, a 报告, no sentence."""
    line = text.strip().splitlines()[0].strip() if text.strip() else ""
    if line and len(line) <= _HEADING_MOST and "报告" in line and not any(mark in line for mark in _SENTENCE_END):
        return line
    return None


def title_year(report):
    """A title written for another year (last year's report copied, or next year's started early)."""
    if not report.year:
        return
    other = _other_year(report.title or "", report.year)
    if other:
        yield Finding(WARNING, "header", None, None, "title", f"报告标题写“{other}”，而报告年度为 {report.year}",
                      "请核对报告标题或年度")
    for where, text in narrative_texts(report):
        heading = _heading(text)
        other = heading and _other_year(heading, report.year)
        if other:
            yield where.finding(WARNING, f"正文标题“{heading}”写“{other}”，而报告年度为 {report.year}",
                                  "请核对正文标题或年度")


def form_installed(report):
    """A report naming a form not installed here (made on another computer) is shown, checked and
    output in the Suzhou form; say so, and where the form file goes."""
    from models.forms import DEFAULT_FORM, catalogue, user_forms_dir
    key = getattr(report, "form", None) or DEFAULT_FORM
    forms = catalogue().forms
    if key in forms:
        return
    yield Finding(WARNING, "header", None, None, "form",
                  f"表式“{key}”未在本机安装，按“{forms[DEFAULT_FORM].name}”表式检查和输出；请将该表式文件放入表式文件夹",
                  f"表式文件夹：{user_forms_dir()}")


RULES = [required_fields, plausible_year, title_year, form_installed]
