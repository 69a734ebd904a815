"""Figures quoted in the narrative against the tables.

A percentage right after the name of a rate indicator of 九 (满意度, 接通率 …) must be that indicator's
完成值: the indicator's own name quoted with another figure is a warning, a figure for a measure of the
same kind under another name (抽查满意率 against 群众满意度) a 提示, as it may be a different survey.
An amount right after 预算总金额, 基本支出 or 项目支出 must be one of that line's amounts. A change
written in percent of a percentage (满意度 89.7%，较2021年度提升32.2%) is a 提示: read as points it
makes last year's figure 57.5 %, which the reader should not have to guess.
预算执行率 in the text is `narrative_rules.execution_rate_quotes`' job and is left out here.
"""
from __future__ import annotations

import re
from decimal import Decimal

from models.checks.findings import INFO, WARNING, column_label
from models.checks.narrative_rules import contradicts
from models.checks.places import form_key, name_key, narrative_texts, normalized, place
from models.money import format_amount, number_problem, round_half_up

# 满意率达 98.1% / 接通率为 70.15% / 满意度89.7%: the two characters before 率/度 name the measure.
_RATE_QUOTE = re.compile(
    r"([\u4e00-\u9fff]{2})(率|度)\s*(?:达到|达|为|是|约为|约|仅为|仅|保持在|提升至|提高至|提升到|提高到)?\s*"
    r"(\d+(?:\.\d+)?)\s*%\s*(以上|以下|左右)?")
# 89.7%，较2021年度提升32.2% — a change of a percentage written in percent, not in 百分点.
_CHANGE = re.compile(
    r"(?:率|度)\s*(?:达到|达|为|是)?\s*(\d+(?:\.\d+)?)\s*%\s*[，,]?\s*(?:较|比)(?:上年度?|(\d{4})\s*年度?)(?:同期)?\s*"
    r"(提升|提高|增长|上升|增加|下降|降低|减少)了?\s*(\d+(?:\.\d+)?)\s*%(?!\s*[个点])")
_BUDGET_NAMES = ("预算总金额", "基本支出", "项目支出")
_AMOUNT_QUOTE = re.compile(r"(预算总金额|基本支出|项目支出)[^0-9。；;，,]{0,8}?(\d[\d,]*(?:\.\d+)?)\s*(万元|元)")
LEFT_TO_OTHER_RULES = {"执行", "完成"}  # 预算执行率 / 支出完成率: narrative_rules
_CONTEXT = 30


_MEASURE = re.compile(r"([\u4e00-\u9fff]{2})[率度]\s*(?:[（(][^（）()]*[）)])?\s*$")


def _measure(name: str) -> str | None:
    """满意 for 群众满意度, 接通 for 市级 12345 平台热线接通率 (a copy's （2） aside); None for no rate."""
    match = _MEASURE.search(name)
    return match.group(1) if match else None


def _rate_indicators(report) -> dict[str, list]:
    """{measure: [(row number, row), …]} of the indicators whose 完成值 is a percentage."""
    by_measure: dict[str, list] = {}
    for number, row in enumerate(report.indicators, 1):
        measure = _measure(row.name)
        if measure is None or measure in LEFT_TO_OTHER_RULES:
            continue
        actual = row.actual
        if actual.is_quantitative and actual.unit == "%" and not actual.problem:
            by_measure.setdefault(measure, []).append((number, row))
    return by_measure


_CLAUSE_END = re.compile(r"[,，;；。:：!！?？]")


def _quote(text: str, start: int, end: int, reach: int = 12) -> str:
    """The clause holding text[start:end], from at most `reach` characters before it, with the
    full-width comma that normalising turned into `,` given back."""
    before = _CLAUSE_END.split(text[max(0, start - reach):start])[-1]
    return re.sub(r",(?!\d)", "，", (before + text[start:end]).strip())


def _indicator_place(number, row, form: str = "") -> str:
    return place("indicators", number, row.name, "actual", form)


def rate_quotes(report):
    by_measure = _rate_indicators(report)
    if not by_measure:
        return
    keys: dict[int, str] = {}  # indicator id → its name as compared, made when first needed
    form = form_key(report)
    for where, raw in narrative_texts(report, results=True):
        text = normalized(raw)
        others: dict[int, list[str]] = {}  # indicator row → quotes of the same measure under other names
        first_row: dict[int, tuple] = {}
        for match in _RATE_QUOTE.finditer(text):
            measure, _, number, qualifier = match.groups()
            candidates = by_measure.get(measure)
            if not candidates:
                continue
            quoted = Decimal(number)
            if number_problem(quoted):
                continue
            before = re.sub(r"[\s“”\"]", "", text[max(0, match.start() - _CONTEXT):match.end(2)])
            named = [(n, row) for n, row in candidates if before.endswith(keys.get(row.id) or
                                                                         keys.setdefault(row.id, name_key(row.name)))]
            quote = _quote(text, match.start(), match.end(), 8)
            if named:
                number_, row = named[0]
                if contradicts(quoted, qualifier, row.actual.value):
                    yield where.finding(WARNING, f"正文写“{quote}”，而{_indicator_place(number_, row, form)}为 "
                                                 f"{row.actual.text.strip()}", "请核对正文或部门整体自评表中的数字")
                continue
            if any(not contradicts(quoted, qualifier, row.actual.value) for _, row in candidates):
                continue
            if len({row.actual.value for _, row in candidates}) > 1:
                continue  # several indicators of this measure with different figures: no telling which
            number_, row = candidates[0]
            others.setdefault(row.id, []).append(f"“{quote}”")
            first_row[row.id] = (number_, row)
        for row_id, quotes in others.items():
            number_, row = first_row[row_id]
            yield where.finding(
                INFO, f"正文中{'、'.join(quotes)}与{_indicator_place(number_, row, form)} {row.actual.text.strip()} 不同",
                "如是不同口径的统计，请在正文中写明；如是同一指标，请统一数字")


def change_in_percent(report):
    for where, raw in narrative_texts(report, results=True):
        text = normalized(raw)
        for match in _CHANGE.finditer(text):
            now, year, verb, change = match.groups()
            now, change = Decimal(now), Decimal(change)
            if number_problem(now) or number_problem(change):
                continue
            sign = -1 if verb in ("下降", "降低", "减少") else 1
            places = max(-now.as_tuple().exponent, -change.as_tuple().exponent, 0)
            points = (now - sign * change).quantize(Decimal(1).scaleb(-places))
            relative = round_half_up(now * 100 / (100 + sign * change)) if 100 + sign * change else None
            last = f"{year}年度" if year else "上年度"
            quote = _quote(text, match.start(), match.end())
            message = f"正文写“{quote}”：按百分点算，{last}为 {points}%"
            if relative is not None:
                message += f"；按增幅算，{last}约为 {relative}%"
            yield where.finding(INFO, message, f"请写明是“个百分点”还是百分比，并核对{last}的数字")


def amount_quotes(report):
    lines = {name_key(row.name): (number, row) for number, row in enumerate(report.budget, 1)
             if row.depth <= 1 and name_key(row.name) in _BUDGET_NAMES}
    if not lines:
        return
    form = form_key(report)
    for where, raw in narrative_texts(report, results=True):
        text = normalized(raw)
        for match in _AMOUNT_QUOTE.finditer(text):
            name, number, unit = match.groups()
            if name not in lines:
                continue
            quoted = Decimal(number.replace(",", ""))
            if number_problem(quoted):
                continue
            if unit == "元" and report.amount_unit == "万元":
                quoted = quoted / 10000
            elif unit == "万元" and report.amount_unit == "元":
                quoted = quoted * 10000
            number_, row = lines[name]
            amounts = [a for a in (row.initial, row.adjusted, row.actual) if a is not None]
            if not amounts or any(round_half_up(a, 2) == round_half_up(quoted, 2) for a in amounts):
                continue
            shown = "、".join(f"{label} {format_amount(a)}" for label, a in
                             ((place_column("initial", form), row.initial), (place_column("adjusted", form), row.adjusted),
                              (place_column("actual", form), row.actual))
                             if a is not None)
            yield where.finding(WARNING, f"正文写“{match.group(0)}”，而{place('budget', number_, row.name, None, form)}的"
                                         f"{shown} {report.amount_unit}", "请核对正文或预算信息中的金额")


def place_column(field: str, form: str) -> str:
    return column_label("budget", field, form)


RULES = [rate_quotes, change_in_percent, amount_quotes]
