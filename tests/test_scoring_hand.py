"""The sample report under the Ministry of Finance's form (mof), scored as a hand calculation says.

The sample is switched to mof through the editor (ReportEditor.set_form), each indicator given a
first-level category, a weight and, when qualitative, a completion wording; the funding block's total
row is filled from the budget table. Every expected score below was worked out by hand from the rules
(DOMAIN “Scoring and forms”) and the sample's values; score_report must give exactly these.
"""
from decimal import Decimal as D

import pytest

from models.checks import run_checks
from models.checks.funding_rules import funding_block
from models.checks.score_rules import scored_forms
from models.editor import ReportEditor
from models.fields import COMPLETION_LEVELS
from models.scoring import score_report
from models.views import load_report

LEVEL = dict(zip(("达成", "部分达成", "未达成"), COMPLETION_LEVELS))

# The hand calculation. w = 分值, T = 指标目标值, A = 指标完成值 (the sample's, unchanged).
# 产出 50 = 40 qualitative rows × 0.25 + 30 quantitative rows × 1 + 8 (第70行) + 2 (第31行);
# 效益 30 = 15 + 15; 满意度 10; 预算执行率 10 (fixed by the form).
#
# row | 一级指标 | T | A | w | entered | formula | 得分
HAND = """
1 | 产出指标 | 健全 | 健全 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
2 | 产出指标 | 健全 | 健全 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
3 | 产出指标 | 明确 | 明确 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
4 | 产出指标 | 合理 | 合理 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
5 | 产出指标 | 科学 | 科学 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
6 | 产出指标 | 规范 | 规范 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
7 | 产出指标 | =100% | 100% | 1 |  | = with T > 0 as ≥: A ≥ T → w | 1.00
8 | 产出指标 | 公开 | 公开 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
9 | 产出指标 | 合规 | 合规 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
10 | 产出指标 | 完善 | 完善 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
11 | 产出指标 | 合规 | 合规 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
12 | 产出指标 | 健全 | 健全 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
13 | 产出指标 | 规范 | 规范 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
14 | 产出指标 | 健全 | 健全 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
15 | 产出指标 | =100% | 100% | 1 |  | = with T > 0 as ≥: A ≥ T → w | 1.00
16 | 产出指标 | 规范 | 规范 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
17 | 产出指标 | 健全 | 健全 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
18 | 产出指标 | 有效 | 有效 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
19 | 产出指标 | =100% | 100% | 1 |  | = with T > 0 as ≥: A ≥ T → w | 1.00
20 | 产出指标 | 健全 | 健全 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
21 | 产出指标 | =100% | 100% | 1 |  | = with T > 0 as ≥: A ≥ T → w | 1.00
22 | 产出指标 | 有效 | 有效 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
23 | 产出指标 | =100% | 100% | 1 |  | = with T > 0 as ≥: A ≥ T → w | 1.00
24 | 产出指标 | =100% | 100% | 1 |  | = with T > 0 as ≥: A ≥ T → w | 1.00
25 | 产出指标 | =100% | 100% | 1 |  | = with T > 0 as ≥: A ≥ T → w | 1.00
26 | 产出指标 | =0% | 447.96% | 1 |  | = with T = 0, A > 0 → 0 | 0.00
27 | 产出指标 | =0% | 2.08% | 1 | typed 0.50 | = with T = 0, A > 0 → 0; typed (reason given) | 0.50
28 | 产出指标 | =100% | 100% | 1 |  | = with T > 0 as ≥: A ≥ T → w | 1.00
29 | 产出指标 | =0% | 0% | 1 |  | = with T = 0, A ≤ 0 → w | 1.00
30 | 产出指标 | <=100% | 84.71% | 1 |  | A ≤ T → w | 1.00
31 | 产出指标 | =100% | 97.28% | 2 |  | A < T: 97.28 ÷ 100 × 2 = 1.9456 | 1.95
32 | 效益指标 | 提升 | 提升 | 15 | 达成 | 达成 [12.00, 15.00], band top | 15.00
33 | 效益指标 | 提升 | 提升 | 15 | 部分达成 11.50 | 部分达成 [9.00, 12.00), typed | 11.50
34 | 满意度指标 | >=85% | 97.21% | 10 |  | A ≥ T → w | 10.00
35 | 产出指标 | 提升 | 提升 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
36 | 产出指标 | =1个 | 1个 | 1 |  | = with T > 0 as ≥: A ≥ T → w | 1.00
37 | 产出指标 | >=95% | 100% | 1 |  | A ≥ T → w | 1.00
38 | 产出指标 | 较好 | 较好 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
39 | 产出指标 | >=3个 | 3个 | 1 |  | A ≥ T → w | 1.00
40 | 产出指标 | 及时 | 及时 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
41 | 产出指标 | — | — | 1 |  | T and A empty: no score | —
42 | 产出指标 | =2 份 | 2 份 | 1 |  | = with T > 0 as ≥: A ≥ T → w | 1.00
43 | 产出指标 | 准确 | 准确 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
44 | 产出指标 | 提升 | 提升 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
45 | 产出指标 | =1 个 | 1 个 | 1 |  | = with T > 0 as ≥: A ≥ T → w | 1.00
46 | 产出指标 | 合格 | 合格 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
47 | 产出指标 | <=1000000 册 | 0 册 | 1 |  | A ≤ T → w | 1.00
48 | 产出指标 | 合格 | 合格 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
49 | 产出指标 | 提升 | 提升 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
50 | 产出指标 | 及时 | 及时 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
51 | 产出指标 | 提升 | 提升 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
52 | 产出指标 | 提升 | 提升 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
53 | 产出指标 | =40 次 | 40 次 | 1 |  | = with T > 0 as ≥: A ≥ T → w | 1.00
54 | 产出指标 | 推动 | 推动 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
55 | 产出指标 | 质量高 | 质量高 | 0.25 | 未达成 | 未达成 [0.00, 0.15), band top | 0.14
56 | 产出指标 | 提升 | 提升 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
57 | 产出指标 | 按时发布 | 按时发布 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
58 | 产出指标 | =0% | 0% | 1 |  | = with T = 0, A ≤ 0 → w | 1.00
59 | 产出指标 | =48 条 | 48 条 | 1 |  | = with T > 0 as ≥: A ≥ T → w | 1.00
60 | 产出指标 | 每年 12 月 31 日前完成 | 每年 12 月 31 日前完成 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
61 | 产出指标 | 高质量 | 高质量 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
62 | 产出指标 | 合格 | 合格 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
63 | 产出指标 | 及时 | 及时 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
64 | 产出指标 | 质量高 | 质量高 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
65 | 产出指标 | >=1 个 | 1 个 | 1 |  | A ≥ T → w | 1.00
66 | 产出指标 | >=6 个 | 10 个 | 1 |  | A ≥ T → w | 1.00
67 | 产出指标 | <=12 份 | 12 份 | 1 |  | A ≤ T → w | 1.00
68 | 产出指标 | <=114 人 | 112 人 | 1 |  | A ≤ T → w | 1.00
69 | 产出指标 | 提升 | 提升 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
70 | 产出指标 | >=80% | 70.15% | 8 |  | A < T: 70.15 ÷ 80 × 8 = 7.015 | 7.02
71 | 产出指标 | =1 辆 | 1 辆 | 1 |  | = with T > 0 as ≥: A ≥ T → w | 1.00
72 | 产出指标 | >=1 次 | 6 次 | 1 |  | A ≥ T → w | 1.00
73 | 产出指标 | 及时 | 及时 | 0.25 | 达成 | 达成 [0.20, 0.25], band top | 0.25
74 | 产出指标 | =1 个 | 1 个 | 1 |  | = with T > 0 as ≥: A ≥ T → w | 1.00
75 | 产出指标 | =4 次 | 4 次 | 1 |  | = with T > 0 as ≥: A ≥ T → w | 1.00
"""
# Subtotals by hand:
#   产出   39 × 0.25 + 0.14 (第55行)                  =  9.89
#          27 rows meeting their target × 1.00          = 27.00
#          第26行 0.00, 第27行 0.50 (typed), 第41行 —      =  0.50
#          第31行 1.95, 第70行 7.02                      =  8.97   → 产出 46.36 of 50
#   效益   15.00 + 11.50                                 = 26.50 of 30
#   满意度 10.00                                          = 10.00 of 10
#   预算执行率: 预算总金额 实际支出数 2449.85 ÷ 调整预算数 2518.38 = 97.2788…% → 97.28 %;
#          97.28 % × 10 = 9.728                           =  9.73 of 10
#   总分 46.36 + 26.50 + 10.00 + 9.73 = 92.59 of 100 → 优 (≥ 90)
EXPECTED_TOTAL, EXPECTED_WEIGHTS, EXPECTED_GRADE = D("92.59"), D("100"), "优"
EXPECTED_EXECUTION = D("9.73")
CATEGORY_WEIGHTS = {"产出指标": D(50), "效益指标": D(30), "满意度指标": D(10)}


def hand_rows():
    """(row number, category, weight, entered, expected score or None) per line of HAND."""
    for line in HAND.strip().splitlines():
        number, category, _t, _a, weight, entered, _formula, result = (part.strip() for part in line.split("|"))
        yield int(number), category, D(weight), entered, None if result == "—" else D(result)


def score_sample_under_mof(db, report_id):
    """The sample switched to mof and filled in as HAND says, through the editor's operations."""
    editor = ReportEditor(db, report_id)
    editor.set_form("mof")
    ids = [row.id for row in load_report(db, report_id).indicators]
    edits = []
    for number, category, weight, entered, _result in hand_rows():
        row_id = ids[number - 1]
        edits += [(row_id, "category1", category), (row_id, "weight", str(weight))]
        if entered.startswith("typed "):
            edits.append((row_id, "score_override", entered.removeprefix("typed ")))
        elif entered:
            level, *typed = entered.split()
            edits.append((row_id, "completion", LEVEL[level]))
            if typed:
                edits.append((row_id, "score_override", typed[0]))
    editor.edit_cells("indicators", edits)
    editor.edit_cells("funding", [("total", "initial", "2467.09"), ("total", "adjusted", "2518.38"),
                                  ("total", "actual", "2449.85")])
    return load_report(db, report_id)


@pytest.fixture
def mof_report(sample):
    return score_sample_under_mof(*sample)


def test_the_hand_table_adds_up_to_the_forms_weights():
    weights = {}
    for _number, category, weight, _entered, _result in hand_rows():
        weights[category] = weights.get(category, D(0)) + weight
    assert weights == CATEGORY_WEIGHTS
    assert len(list(hand_rows())) == 75


def test_every_row_scores_as_the_hand_calculation_says(mof_report):
    scores = score_report(mof_report)
    assert mof_report.form == "mof"
    by_id = {row.row_id: row for row in scores.rows}
    for number, _category, weight, entered, expected in hand_rows():
        row = by_id[mof_report.indicators[number - 1].id]
        assert row.weight == weight, number
        assert row.score == expected, (number, row)
        assert row.overridden is entered.startswith("typed "), number


def test_the_execution_score_total_and_grade_are_the_hand_calculations(mof_report):
    scores = score_report(mof_report)
    assert scores.execution.weight == D(10) and scores.execution.score == EXPECTED_EXECUTION
    assert scores.weight_total == EXPECTED_WEIGHTS
    assert scores.total == EXPECTED_TOTAL and scores.grade == EXPECTED_GRADE
    assert scores.label == "总分 92.59 · 优"


def test_the_category_subtotals_are_the_hand_calculations(mof_report):
    scores = score_report(mof_report)
    subtotal = {}
    for row, scored in zip(mof_report.indicators, scores.rows):
        subtotal[row.category1] = subtotal.get(row.category1, D(0)) + (scored.score or D(0))
    assert subtotal == {"产出指标": D("46.36"), "效益指标": D("26.50"), "满意度指标": D("10.00")}


def test_the_filled_in_report_passes_the_score_and_funding_checks(mof_report):
    assert list(scored_forms(mof_report)) == []
    assert list(funding_block(mof_report)) == []
    places = {finding.place for finding in run_checks(mof_report) if finding.level == "错误"}
    assert not any("分值" in place or "得分" in place or "资金情况" in place for place in places), places


def test_switching_back_to_suzhou_keeps_every_weight_and_score(sample):
    db, report_id = sample
    score_sample_under_mof(db, report_id)
    editor = ReportEditor(db, report_id)
    editor.set_form("suzhou")
    back = load_report(db, report_id)
    assert score_report(back) is None
    editor.set_form("mof")
    assert score_report(load_report(db, report_id)).total == EXPECTED_TOTAL
