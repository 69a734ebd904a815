"""得分, 总分 and 等级 of a scored form, by the published rules, in exact Decimal arithmetic.

With weight w, target T and actual A (parsed as everywhere, `models.targets`), each score rounded
half-up to 2 places:

- `≥` (and `>`): A ≥ T → w; else A ÷ T × w.  `=` with T > 0: as `≥`; `=` with T = 0: A ≤ 0 → w, else 0.
- `≤` (and `<`): A ≤ T → w; T < A < 2T → (1 − (A − T) ÷ T) × w; A ≥ 2T → 0; T = 0: A ≤ 0 → w, else 0.
- qualitative: the accountant chooses a completion wording and types a score inside its band —
  达成年度指标 [0.8w, w], 部分达成年度指标并具有一定效果 [0.6w, 0.8w), 未达成年度指标且效果较差 [0, 0.6w);
  until a score is typed the band's top counts.
- 预算执行率: min(执行率, 100 %) × its weight (86 % of 10 gives 8.60, never 9), the 执行率 as the budget
  table prints it (预算总金额's, a percent to 2 places), so that the printed rate times 10 is the printed score.

A score typed over a computed one is an override (marked, and it needs a reason). 总分 is the sum of
the rounded scores; the grade is decided on the rounded total: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差.
Nothing here guesses: a row that cannot be scored (units disagree, no weight, nothing entered) has
no score and says why (`RowScore.problem`); the checks report it.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Context, Decimal
from functools import cached_property, lru_cache
from typing import NamedTuple

from models.fields import COMPLETION_LEVELS
from models.money import round_half_up
from models.targets import QUALITATIVE, QUANTITATIVE, Target

ZERO, HUNDRED = Decimal(0), Decimal(100)
GRADES = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"))
LOWEST_GRADE = "差"
# The bands of a qualitative score as fractions of the weight: (low, high, high included).
BANDS = {
    COMPLETION_LEVELS[0]: (Decimal("0.8"), Decimal(1), True),
    COMPLETION_LEVELS[1]: (Decimal("0.6"), Decimal("0.8"), False),
    COMPLETION_LEVELS[2]: (ZERO, Decimal("0.6"), False),
}
EXECUTION_PLACE = "预算执行率"
CENT, ONE = Decimal("0.01"), Decimal(1)
# Enough digits that no inexact quotient lands on a rounding tie (as models.money.percent_of); one
# context for every score, not one `localcontext()` per row (7,500 rows at 100× the sample).
_WIDE = Context(prec=60)


def _exact(value: Decimal) -> Decimal:
    """A score rounded half-up to 2 places (models.money.round_half_up, without its checks: a Decimal)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def quantitative_score(target: Target, actual: Target, weight: Decimal) -> Decimal:
    """The score of a quantitative row whose units agree (both quantitative)."""
    t, a = target.value, actual.value
    wide = _WIDE
    if target.operator in ("<=", "<"):
        if t == 0:
            return _exact(weight) if a <= 0 else ZERO
        if a <= t:
            return _exact(weight)
        if a >= 2 * t:
            return ZERO
        # (1 − (A − T) ÷ T) × w
        return _exact(wide.multiply(wide.subtract(ONE, wide.divide(wide.subtract(a, t), t)), weight))
    if target.operator == "=" and t == 0:
        return _exact(weight) if a <= 0 else ZERO
    # `≥`, `>` and `=` with T > 0
    if a >= t:
        return _exact(weight)
    if t == 0:  # `≥ 0` missed: A is negative
        return ZERO
    # A ÷ T × w; a negative T has no published rule: the share is kept within [0, 1] so that no score passes w.
    return _exact(wide.multiply(min(max(wide.divide(a, t), ZERO), ONE), weight))


def _up(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_CEILING)


@lru_cache(maxsize=1024)  # a report has a few weights and three levels: thousands of rows, a few bands
def band(level: str, weight: Decimal) -> tuple[Decimal, Decimal, bool] | None:
    """The qualitative band of `level` for weight w: (low, high, high included), in 2-place scores.

    The edges are rounded up, not half-up: a typed score has 2 places, and `score ≥ 0.8w` holds exactly
    when `score ≥ 0.8w rounded up` (w = 3.33: 0.8w = 2.664, so 2.66 is not 达成 and 2.67 is), and
    `score < 0.6w` exactly when `score < 0.6w rounded up`. The three bands still meet edge to edge."""
    if level not in BANDS:
        return None
    low, high, included = BANDS[level]
    return _up(low * weight), _up(high * weight), included


@lru_cache(maxsize=1024)
def band_top(level: str, weight: Decimal) -> Decimal | None:
    """The highest score of a band (the editor's proposal): w for 达成, else just under the next band."""
    found = band(level, weight)
    if found is None:
        return None
    low, high, included = found
    return high if included else max(low, high - Decimal("0.01"))


def in_band(score: Decimal, level: str, weight: Decimal) -> bool:
    found = band(level, weight)
    if found is None:
        return False
    low, high, included = found
    return low <= score and (score <= high if included else score < high)


def execution_score(rate: Decimal | None, weight: Decimal | None) -> Decimal | None:
    """min(执行率, 100 %) × weight, rate in percent; None without both."""
    if rate is None or weight is None:
        return None
    return _exact(_WIDE.multiply(_WIDE.divide(max(min(rate, HUNDRED), ZERO), HUNDRED), weight))


def grade_of(total: Decimal) -> str:
    rounded = round_half_up(total)
    return next((grade for floor, grade in GRADES if rounded >= floor), LOWEST_GRADE)


class RowScore(NamedTuple):
    """The score of one row (a named tuple: 7,500 are made at 100× the sample, quickly)."""

    row_id: int | None            # the indicator's id; None for 预算执行率
    place: str                    # 部门整体自评表 第N行「指标名称」, or 预算执行率
    weight: Decimal | None
    computed: Decimal | None      # by the rules (a qualitative row: its band's top)
    score: Decimal | None         # what counts: the typed score when there is one, else `computed`
    overridden: bool              # a typed score over a computed quantitative one (marked, needs a reason)
    qualitative: bool = False
    problem: str = ""             # why there is no computed score, in Chinese


@dataclass(frozen=True)
class ReportScore:
    rows: tuple[RowScore, ...]     # indicators in report order, then 预算执行率
    weight_total: Decimal
    total: Decimal
    grade: str

    def of(self, row_id: int) -> RowScore | None:
        """The score of indicator `row_id` (a dict lookup: the editor asks for every row it shows)."""
        return self._by_id.get(row_id)

    @cached_property
    def _by_id(self) -> dict:
        return {row.row_id: row for row in self.rows if row.row_id is not None}

    @property
    def execution(self) -> RowScore | None:
        last = self.rows[-1] if self.rows else None
        return last if last is not None and last.row_id is None else None

    @property
    def label(self) -> str:
        """`总分 93.45 · 优`"""
        return f"总分 {self.total} · {self.grade}"


def indicator_place(number: int, name: str) -> str:
    """部门整体自评表 第3行「绩效指标明确性」 — the words of a finding's place (models.checks)."""
    return f"部门整体自评表 第{number}行" + (f"「{name}」" if name else "")


def units_agree(target: Target, actual: Target) -> bool:
    """A completion value written without its unit (`450` against `≥500 人次`, or a form that prints
    度量单位 in a column of its own) is in the target's unit; two units that differ (`3个` against
    `≥80%`) disagree."""
    return actual.unit == target.unit or not actual.unit or not target.unit


def indicator_score(row, place: str) -> RowScore:
    """The score of one indicator row (anything with target, actual, weight, score_override, completion)."""
    weight, typed = row.weight, row.score_override
    if weight is None:
        return RowScore(row.id, place, None, None, typed, False, problem="未填分值")
    target, actual = row.target, row.actual
    if target.kind == QUANTITATIVE and actual.kind == QUANTITATIVE and units_agree(target, actual):
        computed = quantitative_score(target, actual, weight)   # the common case, first
        if typed is None:
            return RowScore(row.id, place, weight, computed, computed, False)
        return RowScore(row.id, place, weight, computed, typed, typed != computed)
    if target.kind == QUALITATIVE and not target.problem:
        completion = row.completion
        computed = band_top(completion, weight) if completion else None
        return RowScore(row.id, place, weight, computed, typed if typed is not None else computed, False, True,
                        "" if completion else "定性指标：请选择完成程度并填写得分")
    if target.problem:
        problem = f"指标目标值无法计算（{target.problem}）"
    elif target.is_empty:
        problem = "未填指标目标值"
    elif actual.problem:
        problem = f"指标完成值无法计算（{actual.problem}）"
    elif actual.is_empty:
        problem = "未填指标完成值"
    elif not actual.is_quantitative:
        problem = "指标完成值不是数字，无法计分"
    else:
        problem = (f"单位不一致：目标值以“{target.unit or '无单位'}”计，完成值以“{actual.unit or '无单位'}”计，"
                   f"无法计分")
    # `problem` stays with a typed score: it says why nothing was computed (units that disagree stay an error).
    return RowScore(row.id, place, weight, None, typed, typed is not None, False, problem)


def execution_rate_of(report) -> Decimal | None:
    """The 执行率 the execution score uses: the funding block's total row (全年执行数 ÷ 全年预算数, printed
    in the same row as the score), else the budget table's top line (预算总金额). A check holds the two
    equal (models/checks/funding_rules.py)."""
    funded = report.funding_row("total").execution_rate
    if funded is not None:
        return funded
    top = next((line for line in report.budget if line.depth == 0), None) if report.budget else None
    return top.execution_rate if top is not None else None


def score_report(report, form=None, places: bool = False) -> ReportScore | None:
    """Every score of a report under its form, or None when the form has no scores. `places`: each
    indicator's RowScore names its row (部门整体自评表 第N行「…」) — only the command line prints them,
    so the checks, exports and summary do not build 7,500 strings at 100×."""
    from models.forms import form_of
    form = form or form_of(report)
    if not form.scored:
        return None
    if places:
        rows = [indicator_score(row, indicator_place(number, row.name))
                for number, row in enumerate(report.indicators, 1)]
    else:
        rows = [indicator_score(row, "") for row in report.indicators]
    total_row = report.funding_row("total")
    weight = form.scoring.execution_weight if form.scoring.execution_weight is not None else total_row.weight
    if form.funding is not None or weight is not None:
        computed = execution_score(execution_rate_of(report), weight)
        typed = total_row.score_override
        problem = "" if computed is not None or typed is not None else (
            "未填预算执行率的分值" if weight is None else "没有执行率（调整预算数或实际支出数未填）")
        rows.append(RowScore(None, EXECUTION_PLACE, weight, computed, typed if typed is not None else computed,
                             typed is not None and typed != computed, False, problem))
    weight_total = sum((row.weight for row in rows if row.weight is not None), ZERO)
    total = _exact(sum((row.score for row in rows if row.score is not None), ZERO))
    return ReportScore(tuple(rows), weight_total, total, grade_of(total))
