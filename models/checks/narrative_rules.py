"""Rules of the narrative: figures quoted in sections 二 and 四 (or a form's 实际完成情况, 评价结论)
against the tables."""
from __future__ import annotations

import re
from decimal import Decimal, localcontext

from models.checks.findings import WARNING, Finding
from models.checks.cross_rules import total_line
from models.fields import REPORT_FIELDS
from models.checks.places import form_key, normalized, shown_texts, text_of
from models.money import number_problem

# 预算执行率 / 预算支出完成率 / 支出执行率 … 达到 95% 以上
_EXECUTION = re.compile(
    r"((?:预算)?(?:资金)?(?:支出)?(?:执行|完成)率)[^0-9%。；;，,]{0,6}?(\d+(?:\.\d+)?)\s*%\s*(以上|以下|左右)?")
SECTIONS = {field: REPORT_FIELDS[field].label for field in ("goals", "performance")}
# The texts that report what was done, in any form: suzhou's 二 and 四, mof's 实际完成情况, sichuan's 评价结论.
RESULT_TEXTS = (*SECTIONS, "goal_achieved", "conclusion")


def contradicts(quoted: Decimal, qualifier: str | None, actual: Decimal) -> bool:
    if qualifier == "以上":
        return actual < quoted
    if qualifier == "以下":
        return actual > quoted
    if qualifier == "左右":
        return abs(actual - quoted) > 1
    places = -quoted.as_tuple().exponent if quoted.as_tuple().exponent < 0 else 0
    with localcontext() as context:
        context.prec = 60  # a rate of up to 17 whole digits, quoted with up to 15 decimals
        return actual.quantize(Decimal(1).scaleb(-places)) != quoted


def execution_rate_quotes(report):
    total = total_line(report)
    if total is None or total.execution_rate is None:
        return
    actual = total.execution_rate
    key = form_key(report)
    for field in shown_texts(report):
        if field not in RESULT_TEXTS:
            continue
        text = normalized(text_of(report, field))
        for match in _EXECUTION.finditer(text):
            term, number, qualifier = match.groups()
            if "预算" not in term and "支出" not in term:
                continue  # 办结率, 完成率 of a task: not the budget's figure
            quoted = Decimal(number)
            if number_problem(quoted):
                continue  # a figure too long to compare (1.000…0001 %) is no quote of the table's rate
            if contradicts(quoted, qualifier, actual):
                yield Finding(WARNING, "narrative", None, None, field,
                              f"正文写“{match.group(0)}”，但按预算信息，执行率为 {actual}%",
                              "请核对正文中的数字", "", key)


RULES = [execution_rate_quotes]
