"""Checks of scored forms (score_rules) and of funding blocks (funding_rules): each rule fails on a
case made to break it and says nothing on its clean counterpart; the Suzhou form gets none of them."""
from collections import Counter
from dataclasses import replace
from decimal import Decimal as D

import pytest

from models.checks import ERROR, INFO, WARNING, run_checks
from models.checks.funding_rules import funding_block
from models.checks.score_rules import REASON_MISSING, scored_forms
from models.fields import COMPLETION_LEVELS
from models.views import FundingRow
from tests.test_scoring_hand import score_sample_under_mof

MET, PARTLY, MISSED = COMPLETION_LEVELS


@pytest.fixture
def mof(sample):
    """The sample under mof, filled in so that every score and funding rule is satisfied."""
    return score_sample_under_mof(*sample)


def findings(report):
    return list(scored_forms(report)) + list(funding_block(report))


def changed(report, number, **values):
    """The report with indicator row `number` (from 1) changed."""
    rows = list(report.indicators)
    rows[number - 1] = replace(rows[number - 1], **values)
    return replace(report, indicators=rows)


def funded(report, **rows):
    """The report with funding rows replaced: key=dict of fields."""
    funding = dict(report.funding)
    for key, values in rows.items():
        funding[key] = replace(funding.get(key) or FundingRow(key), **values)
    return replace(report, funding=funding)


def only(found, level=ERROR):
    assert len(found) == 1, [f.line() for f in found]
    assert found[0].level == level, found[0].line()
    return found[0]


def test_the_filled_in_report_is_clean(mof):
    assert findings(mof) == []


# ---- weights ----

def test_weights_must_add_up_to_100_and_to_the_fixed_category_weights(mof):
    found = findings(changed(mof, 34, weight=D(12)))    # 满意度 12 instead of 10
    assert [f.level for f in found] == [ERROR, ERROR]
    total, category = found
    assert total.place == "部门整体自评表 分值" and "分值合计 102.00" in total.message and "应为 100" in total.message
    assert "其中预算执行率 10.00" in total.message
    assert "“满意度指标”" in category.message and "12.00" in category.message and "10.00" in category.message


def test_a_category_off_its_fixed_weight_is_named_even_when_the_total_is_100(mof):
    moved = changed(changed(mof, 1, weight=D("0")), 32, weight=D("15.25"))   # 0.25 from 产出 to 效益
    found = findings(moved)
    assert len(found) == 2 and all(f.level == ERROR for f in found)
    messages = " ".join(f.message for f in found)
    assert "“产出指标”的分值合计 49.75，本表式规定为 50.00" in messages
    assert "“效益指标”的分值合计 30.25，本表式规定为 30.00" in messages
    assert "分值合计 100" not in messages


def test_sichuan_weights_add_up_to_100_with_its_execution_10(mof):
    sichuan = replace(mof, form="sichuan")   # no fixed category weights, 预算执行率 10: 90 for the indicators
    assert [f for f in scored_forms(sichuan) if f.column == "weight"] == []
    found = [f for f in scored_forms(changed(sichuan, 34, weight=D(5))) if f.column == "weight"]
    total = only(found)   # sichuan calls the weight 权重 (issue 17 review: not Suzhou's or mof's 分值)
    assert "权重合计 95.00" in total.message and total.place == "部门整体自评表 权重"


def test_an_indicator_without_weight_is_an_error(mof):
    found = [f for f in findings(changed(mof, 7, weight=None)) if f.row_number == 7]
    finding = only(found)
    assert finding.column == "weight" and finding.message == "未填分值"
    assert finding.place == "部门整体自评表 第7行「绩效管理覆盖率」 分值"


# ---- categories ----

def test_a_first_level_category_the_form_does_not_know_is_named_once(mof):
    rows = [replace(row, category1="分解目标") if n in (3, 5, 9) else row for n, row in enumerate(mof.indicators, 1)]
    found = [f for f in findings(replace(mof, indicators=rows)) if f.column == "category1"]
    finding = only(found)
    assert finding.row_number == 3 and "“分解目标”不是本表式的一级指标（共 3 行）" in finding.message
    assert "产出指标、效益指标、满意度指标" in finding.suggestion


def test_an_empty_first_level_category_is_named(mof):
    found = [f for f in findings(changed(mof, 4, category1="")) if f.column == "category1"]
    assert only(found).message == "未填一级指标"


# ---- scores ----

def test_no_score_above_its_weight(mof):
    finding = only(findings(changed(mof, 34, score_override=D("10.5"), reason="满意度调查另有加分")))
    assert finding.column == "score_override" and "得分 10.50 超过分值 10.00" in finding.message
    assert findings(changed(mof, 34, score_override=D(10))) == []


def test_a_qualitative_score_outside_its_band_names_the_band(mof):
    # 第33行: 部分达成, w 15: [9.00, 12.00)
    finding = only(findings(changed(mof, 33, score_override=D(12))))
    assert "[9.00, 12.00)" in finding.message and "部分达成年度指标并具有一定效果" in finding.message
    assert "现为 12.00" in finding.message
    low = only(findings(changed(mof, 33, score_override=D("8.99"))))
    assert "[9.00, 12.00)" in low.message
    assert findings(changed(mof, 33, score_override=D("11.99"))) == []
    assert findings(changed(mof, 33, score_override=D(9))) == []
    met = only(findings(changed(mof, 32, score_override=D("11.99"))))   # 达成, w 15: [12.00, 15.00]
    assert "[12.00, 15.00]" in met.message


def test_a_typed_score_without_a_reason_is_an_error(mof):
    # 第27行 预算调整率: computed 0, typed 0.50; its 原因分析 says why in the sample
    for reason in ("", "无", " —— "):
        finding = only(findings(changed(mof, 27, reason=reason)))
        assert finding.message.startswith(REASON_MISSING) and finding.column == "reason"
        assert "得分 0.50" in finding.message and "计算值为 0.00" in finding.message
    assert REASON_MISSING == "手工修改得分须说明原因"
    assert findings(changed(mof, 27, reason="追加人员经费属政策性调整，酌情给分")) == []


def test_a_typed_score_equal_to_the_computed_one_needs_no_reason(mof):
    assert findings(changed(mof, 70, score_override=D("7.02"), reason="")) == []


def test_units_that_disagree_are_an_error_at_the_score(mof):
    from models.targets import parse_target
    finding = only(findings(changed(mof, 34, actual=parse_target("97.21人"))))
    assert finding.column == "score_override" and "无法计分" in finding.message
    assert "“人”" in finding.message and "“%”" in finding.message


def test_a_quantitative_row_whose_value_is_not_a_number_is_a_warning(mof):
    from models.targets import parse_target
    finding = only(findings(changed(mof, 34, actual=parse_target("大部分满意"))), WARNING)
    assert finding.column == "score_override" and "无法计分" in finding.message


def test_a_qualitative_row_without_completion_is_a_warning(mof):
    finding = only(findings(changed(mof, 1, completion="")), WARNING)
    assert finding.column == "completion" and "未选择完成程度" in finding.message and "不计得分" in finding.message
    typed = only(findings(changed(mof, 1, completion="", score_override=D("0.2"))), WARNING)
    assert "得分无法核对" in typed.message


# ---- 预算执行率 ----

def test_an_execution_score_typed_on_mof_cannot_be_explained_there(mof):
    finding = only(findings(funded(mof, total={"score_override": D(10)})))
    assert finding.table == "funding" and finding.row_id == "total"
    assert finding.place == "资金情况 第1行「年度资金总额」 得分"
    assert REASON_MISSING in finding.message and "计算值为 9.73" in finding.message
    assert findings(funded(mof, total={"score_override": D("9.73")})) == []   # the computed value typed


def test_an_execution_score_typed_on_sichuan_needs_its_reason(mof):
    sichuan = replace(mof, form="sichuan")
    finding = only(findings(funded(sichuan, total={"score_override": D(10)})))
    assert finding.column == "reason" and REASON_MISSING in finding.message
    assert finding.place == "资金情况 第1行「总额」 原因"
    assert findings(funded(sichuan, total={"score_override": D(10), "reason": "疫情减少的支出不扣分"})) == []


def test_an_execution_weight_other_than_the_forms_is_not_counted_and_said(mof):
    finding = only(findings(funded(mof, total={"weight": D(15)})), WARNING)
    assert finding.place == "资金情况 第1行「年度资金总额」 分值"
    assert "规定预算执行率的分值为 10.00" in finding.message and "15.00 不计" in finding.message
    assert findings(funded(mof, total={"weight": D(10)})) == []


def test_an_execution_score_above_its_weight(mof):
    found = findings(funded(mof, total={"score_override": D(11)}))
    assert any("得分 11.00 超过分值 10.00" in f.message for f in found)


# ---- funding ----

def test_the_funding_total_must_equal_the_budget_tables_top_line(mof):
    finding = only(findings(funded(mof, total={"adjusted": D("2500")})))
    assert finding.table == "funding" and finding.column == "adjusted"
    assert "全年预算数（A） 2500.00" in finding.message and "调整预算数 2518.38" in finding.message
    actual = only(findings(funded(mof, total={"actual": D("2449.8")})))
    assert "全年执行数（B） 2449.80" in actual.message and "实际支出数 2449.85" in actual.message


def test_an_empty_funding_total_is_named_with_the_budget_figure(mof):
    found = findings(replace(mof, funding={}))
    assert [f.column for f in found] == ["adjusted", "actual"]
    assert "未填写，应等于预算信息中预算总金额的调整预算数 2518.38" in found[0].message


def test_the_sources_must_add_up_to_the_total(mof):
    finding = only(findings(funded(mof, fiscal={"adjusted": D("2000")}, carryover={"adjusted": D("500")})))
    assert finding.column == "adjusted" and "2518.38" in finding.message and "2500.00" in finding.message
    assert "本年财政拨款、上年结转资金、其他资金之和" in finding.message
    assert findings(funded(mof, fiscal={"adjusted": D("2018.38")}, carryover={"adjusted": D("500")})) == []
    initial = only(findings(funded(mof, fiscal={"initial": D("2467")})))
    assert initial.column == "initial" and "2467.09" in initial.message


def test_sichuan_wants_a_reason_below_90_percent(mof):
    sichuan = funded(replace(mof, form="sichuan"), fiscal={"adjusted": D("100"), "actual": D("89.99")},
                     total={"adjusted": D("2518.38"), "actual": D("2449.85")})
    found = [f for f in findings(sichuan) if f.column == "reason"]
    finding = only(found)
    assert finding.place == "资金情况 第2行「其中：财政资金」 原因"
    assert "89.99%" in finding.message and "90%" in finding.message
    explained = funded(sichuan, fiscal={"reason": "项目延期至次年实施"})
    assert [f for f in findings(explained) if f.column == "reason"] == []
    at_90 = funded(sichuan, fiscal={"actual": D("90")})
    assert [f for f in findings(at_90) if f.column == "reason"] == []
    # mof sets no such floor
    assert [f for f in findings(funded(mof, fiscal={"adjusted": D("100"), "actual": D("50")}))
            if f.column == "reason"] == []


# ---- the Suzhou form ----

def test_the_suzhou_sample_gets_none_of_these_and_its_findings_stay(report):
    assert findings(report) == []
    counts = Counter(f.level for f in run_checks(report))
    assert (counts[ERROR], counts[WARNING], counts[INFO]) == (0, 12, 6)


def test_a_suzhou_report_keeps_its_weights_and_scores_unchecked(mof):
    suzhou = funded(changed(replace(mof, form="suzhou"), 34, weight=D(50), score_override=D(99)),
                    total={"adjusted": D(1)})
    assert findings(suzhou) == []
