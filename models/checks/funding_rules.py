"""Rules of a form's funding block (mof: 年度资金情况; sichuan: 预算执行情况), never of the Suzhou form.

The total row's 全年预算数 and 全年执行数 are the budget table's 预算总金额 调整预算数 and 实际支出数 (the
execution score reads the one and prints the other); the source rows add up to the total row; a form
that sets `reason_below_rate` (sichuan: 90) wants a 原因 on each row executed below that rate.
"""
from __future__ import annotations

from dataclasses import replace

from models.checks.findings import ERROR, Finding
from models.checks.reasons import is_blank_reason
from models.forms import form_of
from models.money import format_amount, format_rate, sum_amounts

SUMMED = ("initial", "adjusted", "actual")
BUDGET_FIELDS = {"adjusted": ("调整预算数", "全年预算数"), "actual": ("实际支出数", "全年执行数")}


def _heading(block, field: str, default: str) -> str:
    """The column's heading as the form prints it (全年预算数（A）, 调整后预算数 …)."""
    return next((c.heading_for() for c in block.columns if c.field == field), default)


def _at(number, line, column, message, suggestion="", form=""):
    return Finding(ERROR, "funding", line.key, number, column, message, suggestion, line.label, form)


def funding_block(report):
    """Every rule below, on a report whose form has a funding block."""
    form = form_of(report)
    block = form.funding
    if block is None:
        return
    findings = list(total_matches_budget(report, block))
    findings += sources_add_up(report, block)
    if form.scoring is not None and form.scoring.reason_below_rate is not None:
        findings += reason_below_rate(report, block, form.scoring.reason_below_rate)
    for finding in findings:   # named in the form's headings (sichuan: 调整后预算数)
        yield replace(finding, form=form.key)


def total_matches_budget(report, block):
    """The total row against the budget table's top line (预算总金额), when the form prints both."""
    top = next((line for line in report.budget if line.depth == 0), None)
    if top is None:
        return
    total = report.funding_row("total")
    line = block.rows[0]
    for field, (budget_label, default) in BUDGET_FIELDS.items():
        expected, found = getattr(top, field), getattr(total, field)
        if expected is None or found == expected:
            continue
        heading, where = _heading(block, field, default), f"预算信息中{top.name or '预算总金额'}的{budget_label}"
        if found is None:
            message = f"{line.label}的{heading}未填写，应等于{where} {format_amount(expected)}"
        else:
            message = f"{line.label}的{heading} {format_amount(found)} 与{where} {format_amount(expected)} 不一致"
        yield _at(1, line, field, message, f"请填写 {format_amount(expected)}，或核对预算信息")


def sources_add_up(report, block):
    """年初预算数, 全年预算数 and 全年执行数 of the source rows add up to the total row's (once any is entered)."""
    line = block.rows[0]
    sources = block.rows[1:]
    if not sources:
        return
    total = report.funding_row("total")
    for field in SUMMED:
        if not any(c.field == field for c in block.columns):
            continue
        expected = sum_amounts(getattr(report.funding_row(source.key), field) for source in sources)
        if expected is None:
            continue
        found = getattr(total, field)
        if found != expected:
            heading = _heading(block, field, field)
            said = "未填写" if found is None else f" {format_amount(found)}"
            names = "、".join(source.label.removeprefix("其中：") for source in sources)
            yield _at(1, line, field, f"{line.label}的{heading}{said}，{names}之和为 {format_amount(expected)}",
                      "各项资金之和应等于资金总额，请核对")


def reason_below_rate(report, block, floor):
    """A row executed below `floor` % needs a 原因 (sichuan: 预算执行率低于 90% 须说明原因)."""
    for number, line in enumerate(block.rows, 1):
        row = report.funding_row(line.key)
        rate = row.execution_rate
        if rate is not None and rate < floor and is_blank_reason(row.reason):
            yield _at(number, line, "reason",
                      f"预算执行率 {format_rate(rate)} 低于 {format_rate(floor).replace('.00', '')}，未说明原因",
                      "执行率偏低的资金须在原因栏说明")


RULES = [funding_block]
