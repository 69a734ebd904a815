"""存在问题 that ignores the tables.

Section 五 (存在问题 and 改进措施) is where a reviewer looks for the year's shortfalls. When indicators
missed their targets (接通率 70.15 % against >=80 %) or project lines ran below 90 % (党团活动费
75.31 %) and section 五 names none of them, a 提示 lists those it does not name, so the accountant can
address them. Missed means short of a `>=`, `>` or `=` target or over a `<=` or `<` one; the budget
ratios (预算执行率 …) are left out, as their shortfall is the project lines'.
"""
from __future__ import annotations

import re
from decimal import Decimal

from models.checks.cross_rules import FORMULAS, project_lines
from models.checks.findings import INFO
from models.checks.places import Where, form_key, listed, name_key, place, shown_texts, text_of
from models.money import format_rate

UNDER_SPENT = Decimal(90)
SECTION_FIELDS = ("problems", "improvements")
_MISSED = {">=": lambda a, t: a < t, ">": lambda a, t: a <= t, "=": lambda a, t: a < t,
           "<=": lambda a, t: a > t, "<": lambda a, t: a >= t}
_TITLE = re.compile(r"《([^《》]+)》")


def _missed(row) -> bool:
    target, actual = row.target, row.actual
    return (target.is_quantitative and actual.is_quantitative and target.unit == actual.unit
            and not target.problem and not actual.problem and _MISSED[target.operator](actual.value, target.value)
            and name_key(row.name) not in FORMULAS)


def _indicator_words(name: str) -> list[str]:
    key = name_key(name)
    words = [key]
    measure = re.search(r"[\u4e00-\u9fff]{2}(?:率|度)$", key)
    if measure:
        words.append(measure.group(0))  # 接通率 for 市级12345平台热线接通率
    return words


def _line_words(name: str) -> list[str]:
    key = name_key(name)
    words = [key] + _TITLE.findall(key)
    for part in re.split(r"[、，,；;]", key):
        part = part.strip()
        words.append(part)
        words.append(re.sub(r"(?:费用|经费|费)$", "", part))
    return [word.replace("《", "").replace("》", "") for word in words if len(word) >= 2]


def _under_spent_projects(report):
    """Project lines (as `cross_rules.project_lines` finds them) that ran below 90 %; names are
    compared only for those and their parents."""
    return [(number, row) for number, row in project_lines(report)
            if row.execution_rate is not None and row.execution_rate < UNDER_SPENT]


def problems_ignore_tables(report):
    fields = [field for field in SECTION_FIELDS if field in shown_texts(report)]
    if not fields:
        return  # the report's form has no 存在问题 nor 改进措施 (mof)
    form = form_key(report)
    section = name_key("".join(text_of(report, field) for field in fields))
    section = section.replace("《", "").replace("》", "")
    if not section:
        return  # an empty section is completeness_rules' error
    unmentioned = []
    for number, row in enumerate(report.indicators, 1):
        if _missed(row) and not any(word in section for word in _indicator_words(row.name)):
            unmentioned.append(f"{place('indicators', number, row.name, None, form)}完成值 {row.actual.text.strip()}，"
                               f"目标值 {row.target.text.strip()}")
    for number, line in _under_spent_projects(report):
        if not any(word in section for word in _line_words(line.name)):
            unmentioned.append(f"{place('budget', number, line.name, None, form)}执行率 {format_rate(line.execution_rate)}")
    if unmentioned:
        yield Where("narrative", None, None, fields[0], "", form).finding(
            INFO, f"以下未达目标的指标和执行率低于 {UNDER_SPENT}% 的项目，存在问题和改进措施中都没有提到：{listed(unmentioned)}",
            "请在存在问题中说明原因，或在改进措施中写明如何改进")


RULES = [problems_ignore_tables]
