"""Rules of 七 预算信息."""
from __future__ import annotations

from models.checks.findings import ERROR, INFO, WARNING, Finding
from models.derived import adjusted_budget
from models.money import format_amount, format_rate, sum_amounts


def _finding(level, row, number, column, message, suggestion=""):
    return Finding(level, "budget", row.id, number, column, message, suggestion, row.name)


def parent_sums(report):
    """A parent shows the sums of its children; amounts typed on it earlier are no longer used."""
    children = {}
    for row in report.budget:
        children.setdefault(row.parent_id, []).append(row)
    for number, row in enumerate(report.budget, 1):
        if not row.is_parent:
            continue
        kids = children.get(row.id, [])
        for field in ("initial", "adjustment", "actual"):
            expected = sum_amounts(getattr(kid, field) for kid in kids)
            if getattr(row, field) != expected:
                yield _finding(ERROR, row, number, field,
                               f"合计 {format_amount(getattr(row, field))} 与下级之和 {format_amount(expected)} 不符")
        for field, own in zip(("initial", "adjustment", "actual"), row.own):
            if own is not None and own != getattr(row, field):
                yield _finding(INFO, row, number, field,
                               f"该行原先填写的 {format_amount(own)} 已被下级合计 {format_amount(getattr(row, field))} 取代",
                               "如下级明细不全，请补齐下级行")


def adjusted_arithmetic(report):
    """调整预算数 = 年初预算数 + 上年度结转及当年预算追加追减数, on every leaf line."""
    for number, row in enumerate(report.budget, 1):
        if row.is_parent:
            continue
        expected = adjusted_budget(row.initial, row.adjustment)
        if row.adjusted != expected:
            yield _finding(ERROR, row, number, "adjusted",
                           f"调整预算数 {format_amount(row.adjusted)} 不等于年初预算数加追加追减数 {format_amount(expected)}")


def rate_over_100(report):
    for number, row in enumerate(report.budget, 1):
        if row.execution_rate is not None and row.execution_rate > 100:
            yield _finding(WARNING, row, number, "actual",
                           f"执行率 {format_rate(row.execution_rate)} 超过 100%，实际支出数大于调整预算数",
                           "请核对实际支出数或追加预算")


def zero_budget_with_spending(report):
    for number, row in enumerate(report.budget, 1):
        if row.adjusted is not None and row.adjusted == 0 and row.actual:
            yield _finding(ERROR, row, number, "actual",
                           f"调整预算数为 0 却有实际支出 {format_amount(row.actual)}，执行率无法计算",
                           "请核对年初预算数和追加追减数")


def negative_spending(report):
    for number, row in enumerate(report.budget, 1):
        if row.actual is not None and row.actual < 0 and not row.is_parent:
            yield _finding(ERROR, row, number, "actual", f"实际支出数为负数 {format_amount(row.actual)}",
                           "实际支出不能为负，请核对")


def missing_amounts(report):
    for number, row in enumerate(report.budget, 1):
        if row.is_parent:
            continue
        missing = [label for field, label in (("initial", "年初预算数"), ("actual", "实际支出数"))
                   if getattr(row, field) is None]
        if missing:
            yield _finding(WARNING, row, number, "initial" if "年初预算数" in missing else "actual",
                           f"未填写{'、'.join(missing)}", "没有金额时请填 0")


def single_top_line(report):
    """A budget tree has one top line (预算总金额); a second one beside it is an error, reported on each
    extra line, and the rate checks still run against the first (see `cross_rules.total_line`)."""
    roots = [(number, row) for number, row in enumerate(report.budget, 1) if row.parent_id is None]
    if len(roots) < 2:
        return
    first = roots[0][1].name or "预算总金额"
    for number, row in roots[1:]:
        yield _finding(ERROR, row, number, "name",
                       f"预算信息只能有一个最上一级的行“{first}”，此行与它同级",
                       f"请把此行缩进到“{first}”之下，或删除此行")


RULES = [single_top_line, parent_sums, adjusted_arithmetic, rate_over_100, zero_budget_with_spending, negative_spending,
         missing_amounts]
