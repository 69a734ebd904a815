"""A “≤” target that hides non-delivery.

An output (a count, not money) counted against an upper bound (《市民手册》印刷数量 <=1000000 册) is “met” by printing
nothing: 0 册 gives a deviation of 0.00 % and the row reads as done. A warning when the count is 0, or
below half the bound while the indicator's budget line ran under 90 %; the line is the one sharing the
longest run of characters with the indicator's name (《市民手册》). Quality and effect indicators of the
product that was not made (验收合格, 提升 …) among the rows beside it (a project's indicators stand
together) are named too: a warning when they name the product, a 提示 when they share a word with its
budget line.

What the warning asks for ends it: a hand-typed non-zero 偏差情况 with a 原因分析, or a 原因分析 that says the
work was not done (未实施, 未印制, 取消 …); a quality row whose 完成值 says the product was not made (未制作, 无).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal
from itertools import accumulate

from models.checks.findings import INFO, WARNING
from models.checks.places import Where, name_key, place, shows_column
from models.checks.reasons import is_blank_reason, says_not_done, value_says_not_made
from models.deviation import is_zero_deviation
from models.money import format_rate

MONEY_UNITS = {"元", "万元", "千元", "亿元"}
COST_WORDS = re.compile(r"成本|费用|经费|支出|资金")
UNDER_SPENT = Decimal(90)   # 执行率 below this: the line was not carried out as planned
NEIGHBOURS = 3              # rows either side searched for the product's other indicators
_RUN = 4                    # characters a name and a budget line must share to be linked
SCANNED = 2000              # runs looked for at most (a hostile table of long names)
_MARKS = re.compile(r"[\s《》“”\"'‘’]")
_TITLE = re.compile(r"《([^《》]+)》")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_CJK_PAIR = re.compile(r"(?=([\u4e00-\u9fff]{2}))")
_COMMON_PAIRS = {"情况", "数量", "提升", "完成", "相关", "工作", "项目", "服务", "管理", "费用", "经费"}


def _runs(name: str) -> set[str]:
    """The name's runs of four Chinese characters (《》 and quotes left out; a copy's （2） is no link)."""
    key = _MARKS.sub("", name)  # no need to normalise: CJK names are compared by their characters
    return {run for run in (key[i:i + _RUN] for i in range(len(key) - _RUN + 1)) if _CJK_RUN.fullmatch(run)}


class _LineFinder:
    """Budget leaf lines by the 4-character runs of their names that the given indicator names hold:
    the lines' names are joined and scanned for those runs at once, however long the budget table is."""

    def __init__(self, report, names):
        self.lines = [(number, row) for number, row in enumerate(report.budget, 1) if not row.is_parent]
        self.by_run: dict[str, list[int]] = {}
        wanted = set().union(*(_runs(name) for name in names))
        if not wanted or not self.lines:
            return
        keys = [_MARKS.sub("", row.name) for _, row in self.lines]
        starts = list(accumulate((len(key) + 1 for key in keys[:-1]), initial=0))
        finder = re.compile("(?=(" + "|".join(map(re.escape, sorted(wanted)[:SCANNED])) + "))")
        for match in finder.finditer("\x00".join(keys)):
            position = bisect_right(starts, match.start()) - 1
            postings = self.by_run.setdefault(match.group(1), [])
            if not postings or postings[-1] != position:
                postings.append(position)

    def line_of(self, name: str):
        counts: dict[int, int] = {}
        for run in _runs(name):
            for position in self.by_run.get(run, ())[:50]:
                counts[position] = counts.get(position, 0) + 1
        if not counts:
            return None
        return self.lines[max(counts, key=lambda p: (counts[p], -p))]


def _hides_shortfall(row) -> bool:
    """A count under an upper bound, far below it; a cost (万元, 成本) under a bound is a saving, not this."""
    target, actual = row.target, row.actual
    return (target.is_quantitative and actual.is_quantitative and target.operator in ("<=", "<")
            and not target.is_percent and target.unit == actual.unit and target.value > 0
            and not target.problem and not actual.problem and actual.value < target.value / 2
            and target.unit not in MONEY_UNITS and not COST_WORDS.search(row.name + row.category1 + row.category2))


def _explained(row) -> bool:
    """The row no longer reads as done: a non-zero deviation typed by hand and a reason, or a reason
    saying the work was not done."""
    overridden = row.is_overridden and not is_zero_deviation(row.deviation_override)
    return (overridden and not is_blank_reason(row.reason)) or says_not_done(row.reason)


def _pairs(text: str) -> set[str]:
    return set(_CJK_PAIR.findall(text)) - _COMMON_PAIRS


def undelivered_outputs(report):
    if not shows_column(report, "indicators", "deviation_override"):
        return  # what the rule asks for (a 偏差情况 typed by hand) has no column in the report's form
    rows = report.indicators
    flagged = [index for index, row in enumerate(rows) if _hides_shortfall(row)]
    finder = _LineFinder(report, {rows[index].name for index in flagged}) if flagged else None
    for index in flagged:
        row = rows[index]
        line = finder.line_of(row.name)
        line_rate = line[1].execution_rate if line else None
        under_spent = line_rate is not None and line_rate < UNDER_SPENT
        if row.actual.value != 0 and not under_spent:
            continue
        number = index + 1
        if not _explained(row):
            where = Where("indicators", row.id, number, "actual", row.name)
            spent = (f"，对应的{place('budget', line[0], line[1].name)}执行率仅 {format_rate(line_rate)}"
                     if under_spent else "")
            ask = ("已手工填写偏差情况，请在原因分析中说明未实施或未完成的原因"
                   if row.is_overridden and not is_zero_deviation(row.deviation_override)
                   else "如本年度未实施或远未完成，请手工填写偏差情况，例如 -100%，并在原因分析中说明")
            yield where.finding(
                WARNING, f"目标值 {row.target.text.strip()}、完成值 {row.actual.text.strip()}，按“≤”目标算作达成，"
                         f"读来像已完成{spent}", ask)
        titles = set(_TITLE.findall(row.name)) | (set(_TITLE.findall(line[1].name)) if line else set())
        words = _pairs(name_key(line[1].name)) if line else set()
        source = place("indicators", number, row.name)
        for other_index in range(max(0, index - NEIGHBOURS), min(len(rows), index + NEIGHBOURS + 1)):
            other = rows[other_index]
            if other_index == index or other.target.is_quantitative or other.target.is_empty \
                    or value_says_not_made(other.actual.text):
                continue
            if any(f"《{title}》" in other.name for title in titles):
                level = WARNING
            elif words & _pairs(name_key(other.name)):
                level = INFO
            else:
                continue
            yield Where("indicators", other.id, other_index + 1, "actual", other.name).finding(
                level, f"完成值填为“{other.actual.text.strip()}”，但{source}完成值为 {row.actual.text.strip()}，"
                       f"产品未制作或远未完成时，质量、效果类指标不应算作达成",
                "产品未制作的，请在完成值中如实填写，例如“未制作”，并填写偏差情况和原因分析")


RULES = [undelivered_outputs]
