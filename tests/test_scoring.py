"""得分 by the published rules (issue 17, DOMAIN “Scoring and forms”): every boundary of every rule."""
from dataclasses import replace
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from models.fields import COMPLETION_LEVELS
from models.forms import get_form
from models.scoring import (
    band, band_top, execution_score, grade_of, in_band, indicator_score, quantitative_score, score_report)
from models.targets import parse_target

MET, PARTLY, MISSED = COMPLETION_LEVELS


def score(target: str, actual: str, weight: str = "10") -> D:
    return quantitative_score(parse_target(target), parse_target(actual), D(weight))


def row(target="", actual="", weight="10", typed=None, completion="", id=1, name="指标", reason=""):
    return SimpleNamespace(id=id, name=name, target=parse_target(target), actual=parse_target(actual),
                           weight=None if weight is None else D(weight), reason=reason,
                           score_override=None if typed is None else D(typed), completion=completion)


# ---- ≥ ----

def test_at_least_met_exactly_gives_the_weight():
    assert score(">=80%", "80%") == D("10.00")


def test_at_least_beaten_gives_the_weight_not_more():
    assert score(">=80%", "95%") == D("10")


def test_at_least_missed_is_a_over_t_times_w_rounded_half_up():
    # 70.15 ÷ 80 × 10 = 8.76875 → 8.77 (the sample's 热线接通率)
    assert score(">=80%", "70.15%") == D("8.77")
    # 70.15 ÷ 80 × 8 = 7.015: a tie, half-up → 7.02
    assert score(">=80%", "70.15%", "8") == D("7.02")
    # 1 ÷ 3 × 10 = 3.333… → 3.33; 2 ÷ 3 × 10 = 6.666… → 6.67
    assert score(">=3个", "1个") == D("3.33")
    assert score(">=3个", "2个") == D("6.67")


def test_at_least_half_up_where_half_even_would_round_down():
    # 0.4205 × 10 = 4.205 → 4.21 (banker's rounding would give 4.20)
    assert score(">=100%", "42.05%") == D("4.21")


def test_at_least_with_negative_actual_scores_nothing():
    assert score(">=5个", "-1个") == D("0.00")


def test_strict_greater_scored_as_at_least():
    assert score(">90%", "90%") == D("10")
    assert score(">90%", "45%") == D("5.00")


# ---- = ----

def test_equal_with_positive_target_is_scored_as_at_least():
    assert score("=100%", "100%") == D("10")
    assert score("=100%", "97.28%") == D("9.73")      # 97.28 ÷ 100 × 10 = 9.728
    assert score("=2 份", "3 份") == D("10")          # beating it is no shortfall, as for ≥


def test_equal_with_zero_target_gives_all_or_nothing():
    assert score("=0%", "0%") == D("10")
    assert score("=0%", "-1%") == D("10")
    assert score("=0%", "0.01%") == D("0")
    assert score("=0%", "447.96%") == D("0")


# ---- ≤ ----

def test_at_most_met_exactly_gives_the_weight():
    assert score("<=12 份", "12 份") == D("10")


def test_at_most_under_target_gives_the_weight():
    assert score("<=114 人", "112 人") == D("10")


def test_at_most_between_t_and_2t_falls_linearly():
    # (1 − (150 − 100) ÷ 100) × 10 = 5
    assert score("<=100万元", "150万元") == D("5.00")
    # (1 − (101 − 100) ÷ 100) × 10 = 9.9
    assert score("<=100万元", "101万元") == D("9.90")
    # (1 − (199.99 − 100) ÷ 100) × 10 = 0.001 → 0.00
    assert score("<=100万元", "199.99万元") == D("0.00")
    # (1 − (114.5 − 114) ÷ 114) × 6 = 5.97368… → 5.97
    assert score("<=114 人", "114.5 人", "6") == D("5.97")
    # (1 − (1.15 − 1) ÷ 1) × 10 = 8.5, and (1 − (1.005 − 1)) × 1 = 0.995 → 1.00 (half-up)
    assert score("<=1个", "1.15个") == D("8.50")
    assert score("<=1个", "1.005个", "1") == D("1.00")


def test_at_most_at_twice_the_target_scores_nothing():
    assert score("<=100万元", "200万元") == D("0")


def test_at_most_beyond_twice_the_target_scores_nothing():
    assert score("<=100万元", "250万元") == D("0")


def test_at_most_with_zero_target():
    assert score("<=0次", "0次") == D("10")
    assert score("<=0次", "1次") == D("0")


def test_strict_less_scored_as_at_most():
    assert score("<50%", "75%") == D("5.00")


# ---- qualitative bands ----

def test_bands_are_the_published_fractions_of_the_weight():
    assert band(MET, D(10)) == (D("8.00"), D("10.00"), True)
    assert band(PARTLY, D(10)) == (D("6.00"), D("8.00"), False)
    assert band(MISSED, D(10)) == (D("0.00"), D("6.00"), False)
    assert band("完成", D(10)) is None


@pytest.mark.parametrize("value, level, inside", [
    ("10", MET, True), ("8", MET, True), ("7.99", MET, False), ("10.01", MET, False),
    ("8", PARTLY, False), ("7.99", PARTLY, True), ("6", PARTLY, True), ("5.99", PARTLY, False),
    ("6", MISSED, False), ("5.99", MISSED, True), ("0", MISSED, True),
])
def test_a_score_is_in_its_band_at_each_edge(value, level, inside):
    assert in_band(D(value), level, D(10)) is inside


def test_band_edges_are_exact_for_two_place_scores():
    # w = 3.33: 0.8w = 2.664, so 2.66 is below 达成 and belongs to 部分达成 (it is < 2.664)
    assert not in_band(D("2.66"), MET, D("3.33"))
    assert in_band(D("2.67"), MET, D("3.33"))
    assert in_band(D("2.66"), PARTLY, D("3.33"))
    # 0.6w = 1.998: 1.99 is 未达成, 2.00 is 部分达成
    assert in_band(D("1.99"), MISSED, D("3.33")) and not in_band(D("1.99"), PARTLY, D("3.33"))
    assert in_band(D("2.00"), PARTLY, D("3.33")) and not in_band(D("2.00"), MISSED, D("3.33"))


def test_band_top_is_the_editors_proposal():
    assert band_top(MET, D(10)) == D("10.00")
    assert band_top(PARTLY, D(10)) == D("7.99")
    assert band_top(MISSED, D(10)) == D("5.99")
    assert band_top(MISSED, D("0.25")) == D("0.14")     # [0, 0.15)
    assert band_top(PARTLY, D("3.33")) == D("2.66")     # [2.00, 2.664)
    assert band_top("", D(10)) is None
    for level in COMPLETION_LEVELS:                     # the proposal lies in its own band
        for weight in ("10", "3.33", "0.25", "7", "15"):
            assert in_band(band_top(level, D(weight)), level, D(weight))


def test_a_qualitative_row_counts_its_typed_score_or_its_bands_top():
    assert indicator_score(row("健全", "健全", completion=MET), "p").score == D("10.00")
    typed = indicator_score(row("健全", "基本健全", completion=PARTLY, typed="7.5"), "p")
    assert typed.score == D("7.5") and typed.computed == D("7.99") and not typed.overridden and typed.qualitative
    none = indicator_score(row("健全", "健全"), "p")
    assert none.score is None and "完成程度" in none.problem


# ---- 预算执行率 ----

def test_execution_86_percent_gives_8_60_never_9():
    assert execution_score(D("86"), D("10")) == D("8.60")
    assert execution_score(D("86.00"), D("10")) != D("9")


def test_execution_rounds_half_up():
    assert execution_score(D("97.28"), D("10")) == D("9.73")
    assert execution_score(D("86.05"), D("10")) == D("8.61")   # 8.605 → 8.61


def test_execution_over_100_percent_is_capped():
    assert execution_score(D("100"), D("10")) == D("10.00")
    assert execution_score(D("112.5"), D("10")) == D("10.00")


def test_execution_without_rate_or_weight_has_no_score():
    assert execution_score(None, D("10")) is None
    assert execution_score(D("90"), None) is None


# ---- grade ----

@pytest.mark.parametrize("total, grade", [
    ("100", "优"), ("90", "优"), ("89.995", "优"), ("89.994", "良"), ("89.99", "良"), ("80", "良"),
    ("79.995", "良"), ("79.994", "中"), ("60", "中"), ("59.99", "差"), ("59.995", "中"), ("0", "差"),
])
def test_grade_is_decided_on_the_total_rounded_half_up(total, grade):
    assert grade_of(D(total)) == grade


# ---- rows that cannot be scored, overrides ----

def test_units_that_disagree_give_no_score_and_a_problem():
    scored = indicator_score(row(">=95%", "12个"), "p")
    assert scored.computed is None and scored.score is None
    assert "单位不一致" in scored.problem and "%" in scored.problem and "个" in scored.problem
    count = indicator_score(row(">=3个", "3项"), "p")
    assert count.score is None and "单位不一致" in count.problem


def test_a_completion_value_without_its_unit_is_in_the_targets_unit():
    """四川's form prints 度量单位 in a column of its own: 完成值 450 against ≥500 人次 is 450 人次."""
    assert indicator_score(row(">=500人次", "450", weight="20"), "p").score == D("18.00")
    assert indicator_score(row("=100%", "98"), "p").score == D("9.80")
    assert indicator_score(row(">=3", "3个"), "p").score == D("10.00")


def test_units_that_disagree_stay_a_problem_under_a_typed_score():
    scored = indicator_score(row(">=95%", "12个", typed="5"), "p")
    assert scored.score == D("5") and scored.overridden and "单位不一致" in scored.problem


def test_a_typed_score_over_a_computed_one_is_an_override():
    scored = indicator_score(row(">=80%", "70.15%", typed="9"), "p")
    assert (scored.computed, scored.score, scored.overridden) == (D("8.77"), D("9"), True)
    same = indicator_score(row(">=80%", "70.15%", typed="8.77"), "p")
    assert not same.overridden


def test_a_row_without_weight_has_no_score():
    scored = indicator_score(row(">=80%", "90%", weight=None), "p")
    assert scored.score is None and scored.problem == "未填分值"


def test_missing_values_and_a_number_too_large_are_named():
    assert indicator_score(row("", "90%"), "p").problem == "未填指标目标值"
    assert indicator_score(row(">=80%", ""), "p").problem == "未填指标完成值"
    assert "不是数字" in indicator_score(row(">=80%", "较好"), "p").problem
    huge = indicator_score(row(">=" + "9" * 30 + "个", "1个"), "p")
    assert not huge.qualitative and huge.score is None and "目标值无法计算" in huge.problem


# ---- the whole report ----

def _scored(report, weights, completion=MET, execution_rate=None):
    """The sample under mof with `weights` by row number (1-based) and every qualitative row 达成."""
    rows = [replace(r, weight=weights.get(n), completion=completion if not r.target.is_quantitative else "")
            for n, r in enumerate(report.indicators, 1)]
    return replace(report, form="mof", indicators=rows)


def test_the_suzhou_form_has_no_scores(report):
    assert report.form == "suzhou"
    assert score_report(report) is None


def test_score_report_sums_the_rounded_scores_and_grades_the_total(report):
    # 第7行 绩效管理覆盖率 =100% / 100%: w; 第26行 三公经费变动率 =0% / 447.96%: 0;
    # 第70行 热线接通率 >=80% / 70.15%: 70.15 ÷ 80 × 40 = 35.075 → 35.08; 第1行 qualitative 达成: w.
    scored = score_report(_scored(report, {7: D(20), 26: D(10), 70: D(40), 1: D(20)}), places=True)
    by_number = {s.place.split("行")[0]: s.score for s in scored.rows}
    assert by_number["部门整体自评表 第7"] == D("20.00")
    assert by_number["部门整体自评表 第26"] == D("0")
    assert by_number["部门整体自评表 第70"] == D("35.08")
    assert by_number["部门整体自评表 第1"] == D("20")
    execution = scored.execution
    assert execution.place == "预算执行率" and execution.weight == D(10)   # mof fixes it
    assert execution.score == D("9.73")                                   # 2449.85 ÷ 2518.38 = 97.28 %
    assert scored.weight_total == D(100)
    assert scored.total == D("84.81") and scored.grade == "良"
    assert scored.label == "总分 84.81 · 良"


def test_an_execution_score_typed_over_the_computed_one_counts_and_is_marked(report):
    from models.views import FundingRow
    typed = replace(_scored(report, {1: D(90)}), funding={"total": FundingRow("total", score_override=D(10))})
    scored = score_report(typed)
    assert scored.execution.computed == D("9.73") and scored.execution.score == D(10)
    assert scored.execution.overridden
    assert scored.total == D(100) and scored.grade == "优"


def test_a_total_of_89_995_cannot_arise_but_89_99_is_good_not_excellent(report):
    # Scores have 2 places, so their sum has too: 89.99 grades 良, 90.00 grades 优.
    scored = score_report(_scored(report, {1: D("79.99")}))
    assert scored.total == D("89.72")                                      # 79.99 + 9.73
    nearly = score_report(_scored(report, {1: D("80.26")}))
    assert nearly.total == D("89.99") and nearly.grade == "良"
    just = score_report(_scored(report, {1: D("80.27")}))
    assert just.total == D("90.00") and just.grade == "优"


def test_the_execution_rate_comes_from_the_funding_total_else_the_budget_table(report):
    """The score stands in the funding block's total row beside its own 执行率: it follows that row."""
    from models.views import FundingRow
    both = replace(_scored(report, {}), funding={"total": FundingRow("total", adjusted=D("200"), actual=D("172"))})
    assert both.budget[0].execution_rate == D("97.28") and score_report(both).execution.score == D("8.60")
    budget_only = _scored(report, {})
    assert score_report(budget_only).execution.score == D("9.73")
    no_budget = replace(_scored(report, {}), budget=[],
                        funding={"total": FundingRow("total", adjusted=D("200"), actual=D("172"))})
    assert score_report(no_budget).execution.score == D("8.60")            # 86 %
    neither = replace(_scored(report, {}), budget=[])
    assert score_report(neither).execution.score is None
    assert "执行率" in score_report(neither).execution.problem


def test_sichuan_scores_too_with_its_fixed_execution_weight(report):
    scored = score_report(replace(_scored(report, {1: D(90)}), form="sichuan"))
    assert scored.execution.weight == D(10) and scored.weight_total == D(100)
    assert get_form("sichuan").scoring.reason_below_rate == D(90)
