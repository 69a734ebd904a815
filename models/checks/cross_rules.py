"""Rules across tables: rate indicators against the budget table, key tasks against budget lines."""
from __future__ import annotations

import re
from decimal import Decimal

from models.checks.findings import ERROR, WARNING, Finding, column_label
from models.checks.places import form_key, shows_table
from models.money import format_amount, normalize_text, percent_of


def total_line(report):
    """The top line (预算总金额). A tree with a second top line is reported as an error by
    `budget_rules.single_top_line`; the checks against the total still run, on the line named
    预算总金额 or else the first one, so a stray line never switches them off."""
    roots = [row for row in report.budget if row.parent_id is None]
    named = [row for row in roots if _key(row.name) == "预算总金额"]
    return (named or roots or [None])[0]


def budget_ratios(report) -> dict[str, Decimal | None]:
    """预算执行率, 预算调整率, 结转结余率 (in percent) as the budget table gives them."""
    total = total_line(report)
    if total is None or total.adjusted is None:
        return {}
    ratios = {"预算执行率": total.execution_rate}
    if total.initial:
        ratios["预算调整率"] = percent_of(total.adjusted - total.initial, total.initial)
    if total.actual is not None:
        ratios["结转结余率"] = percent_of(total.adjusted - total.actual, total.adjusted)
    return ratios


RECOVERED = re.compile(r"收回|缴回|上缴|交回")  # 原因分析 saying where the balance went
FORMULAS = {"预算执行率": "实际支出数 ÷ 调整预算数", "预算调整率": "调整预算数减年初预算数，再除以年初预算数",
            "结转结余率": "调整预算数减实际支出数，再除以调整预算数"}


def rate_indicators_match_budget(report):
    ratios = budget_ratios(report)
    for number, row in enumerate(report.indicators, 1):
        name = normalize_text(row.name).replace(" ", "")
        for key, expected in ratios.items():
            if name not in (key, "部门" + key) or expected is None:
                continue
            actual = row.actual
            if actual.is_empty:
                continue  # reported by indicator_rules.missing_values
            # Anything but a percent equal to the table's figure is an error: a bare 0.0272 (a
            # spreadsheet's 2.72 %), another unit or a phrase must not slip through as a unit question.
            if actual.is_quantitative and actual.unit == "%" and actual.value.quantize(Decimal("0.01")) == expected:
                continue
            if key == "结转结余率" and actual.is_quantitative and actual.unit == "%" and actual.value < expected:
                if not RECOVERED.search(row.reason):
                    yield _balance_recovered(report, row, number)
                continue
            yield Finding(ERROR, "indicators", row.id, number, "actual",
                          f"{key}填报为 {actual.text.strip()}，按预算信息计算为 {expected}%",
                          f"{key}的算法是{FORMULAS[key]}，请改为 {expected}%", row.name)


def _balance_recovered(report, row, number):
    """结转结余率 below the budget's figure may be right: a balance the finance bureau took back (收回)
    at year end is no 结转结余. A warning asking for the reason, or the figure, in plain words."""
    total = total_line(report)
    unspent = total.adjusted - total.actual
    share = percent_of(unspent, total.adjusted)
    key = form_key(report)
    return Finding(WARNING, "indicators", row.id, number, "actual",
                   f"按预算信息，未支出 {format_amount(unspent)} {report.amount_unit}，占调整预算数 {share}%；"
                   f"如结余已收回财政，请在{column_label('indicators', 'reason', key)}中说明",
                   f"如未收回，请将完成值改为 {share}%", row.name, key)


def _key(text: str) -> str:
    return re.sub(r"[\s“”\"'‘’]", "", normalize_text(text))


def project_lines(report):
    """Leaf lines under 项目支出 (or every leaf but 基本支出 when there is no such line)."""
    by_id = {row.id: row for row in report.budget}
    project_roots = {row.id for row in report.budget if _key(row.name) == "项目支出"}

    def under_project(row):
        parent = row.parent_id
        while parent is not None:
            if parent in project_roots:
                return True
            parent = by_id[parent].parent_id
        return False
    leaves = [(n, row) for n, row in enumerate(report.budget, 1) if not row.is_parent]
    if project_roots:
        return [(n, row) for n, row in leaves if under_project(row)]
    return [(n, row) for n, row in leaves if _key(row.name) not in ("基本支出", "预算总金额")]


def _contained_in(texts: list[str]):
    """A test of whether a name occurs in any of `texts`, through an index of their character pairs:
    only the texts holding the name's rarest pair are searched, so a report with thousands of lines
    and thousands of tasks is not searched thousands of times over."""
    pairs: dict[str, set[int]] = {}
    for number, text in enumerate(texts):
        for start in range(len(text) - 1):
            pairs.setdefault(text[start:start + 2], set()).add(number)

    def contained(name: str) -> bool:
        if len(name) < 2:
            return any(name in text for text in texts)
        rarest = min((pairs.get(name[start:start + 2], ()) for start in range(len(name) - 1)), key=len)
        return any(name in texts[number] for number in rarest)
    return contained


def lines_without_task(report):
    if not shows_table(report, "tasks"):
        return  # a form without 年度重点任务 (mof, sichuan): no line can be named there
    contents = [_key(task.content) for task in report.tasks]
    exact = set(contents)
    in_some_content = _contained_in(contents)
    for number, row in project_lines(report):
        name = _key(row.name)
        if name and name not in exact and not in_some_content(name):
            yield Finding(WARNING, "budget", row.id, number, "name",
                          f"项目“{row.name}”没有对应的年度重点任务",
                          "请在年度重点任务中补充该项目，或在主要内容中写明项目名称", row.name)


def _names_a_line(content: str, names: set[str]) -> bool:
    """Whether a budget line's name (four characters or more) stands inside `content` (“完成办公楼
    维修项目” names 办公楼维修项目): at most 40 characters, so at most 703 pieces are looked up."""
    return any(content[start:end] in names for start in range(len(content))
               for end in range(start + 4, len(content) + 1))


def tasks_naming_missing_lines(report):
    if not shows_table(report, "tasks"):
        return
    names = {_key(row.name) for row in report.budget}
    for number, task in enumerate(report.tasks, 1):
        content = _key(task.content)
        looks_like_a_name = content and len(content) <= 40 and not re.search(r"[。；;，,：:]", content)
        if looks_like_a_name and content not in names and not _names_a_line(content, names):
            yield Finding(WARNING, "tasks", task.id, number, "content",
                          f"主要内容“{task.content}”不是预算信息中的项目名称",
                          "请与预算信息中的项目名称保持一致", task.name)


RULES = [rate_indicators_match_budget, lines_without_task, tasks_naming_missing_lines]
