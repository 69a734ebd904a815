"""Reviewer follow-ups to the checks: advice that can be followed (the ≤ rule and the override rule agree),
a title written for another year, and a reason of only “无” named as such."""
import pytest

from models.checks import INFO, WARNING, run_checks
from models.checks import delivery_rules, header_rules, indicator_rules
from models.checks.reasons import is_blank_reason, says_not_done, value_says_not_made
from models.services import set_field, set_report_field
from models.views import load_report

COUNT = "《市民手册》印刷数量"
QUALITY = "《市民手册》、一般宣传材料等宣传印刷品验收合格情况"
EFFECT = "提升公众政策点、知识点、相关制度及 12345 热线宣传的知晓与普及"


def fired(rule, report):
    return list(rule(report))


def set_indicator(db, report_id, name, **values):
    row = next(r for r in load_report(db, report_id).indicators if r.name == name)
    for field, value in values.items():
        set_field(db, "indicators", row.id, field, value)
    return load_report(db, report_id)


def delivery_or_override(report):
    return fired(delivery_rules.undelivered_outputs, report) + fired(indicator_rules.override_differs, report)


# -- 1. the ≤ rule's advice, once followed, ends it; the override rule does not undo it ---------------------
def test_the_accountants_fix_leaves_no_delivery_or_override_finding(sample):
    db, report_id = sample
    unfixed = load_report(db, report_id)
    assert [(f.level, f.row_number) for f in delivery_or_override(unfixed)] == [(WARNING, 47), (WARNING, 48), (INFO, 49)]
    # the warning's advice: 偏差情况 by hand (the sample's row already has its 原因分析) …
    set_indicator(db, report_id, COUNT, deviation_override="-100%")
    # … and what was not made is not 合格 / 提升
    set_indicator(db, report_id, QUALITY, actual="未制作")
    fixed = set_indicator(db, report_id, EFFECT, actual="未开展")
    assert delivery_or_override(fixed) == []
    findings = run_checks(fixed)
    assert [f for f in findings if f.row_number == 47 and f.table == "indicators"] == []
    assert not [f for f in findings if "按“≤”目标" in f.message or "手工填写的偏差情况" in f.message]
    assert not [f for f in findings if "清除" in f.suggestion or "Delete" in f.suggestion]


def test_a_reason_saying_it_was_not_done_ends_the_count_warning(sample):
    db, report_id = sample
    report = set_indicator(db, report_id, COUNT, reason="主办单位调整，本年度未印制《市民手册》。")
    assert [f.row_number for f in fired(delivery_rules.undelivered_outputs, report)] == [48, 49]


def test_an_override_without_a_reason_asks_for_the_reason_and_both_rules_agree(sample):
    db, report_id = sample
    report = set_indicator(db, report_id, COUNT, deviation_override="-100%", reason="无")
    [count] = [f for f in fired(delivery_rules.undelivered_outputs, report) if f.row_number == 47]
    assert count.level == WARNING and "原因分析" in count.suggestion and "请手工填写偏差情况" not in count.suggestion
    [override] = fired(indicator_rules.override_differs, report)
    assert override.level == WARNING and "原因分析" in override.suggestion
    [error] = fired(indicator_rules.deviation_without_reason, report)
    assert error.message == "偏差情况为 -100%，但原因分析只填了“无”"
    # a zero typed by hand still reads as done
    report = set_indicator(db, report_id, COUNT, deviation_override="0%", reason="《市民手册》未组织制作")
    assert 47 in [f.row_number for f in fired(delivery_rules.undelivered_outputs, report)]


@pytest.mark.parametrize("value", ["未制作", "未印制", "未实施", "无", "—", "/"])
def test_a_quality_row_saying_the_product_was_not_made_is_no_warning(sample, value):
    db, report_id = sample
    report = set_indicator(db, report_id, QUALITY, actual=value)
    assert 48 not in [f.row_number for f in fired(delivery_rules.undelivered_outputs, report)]


def test_an_explained_override_is_never_told_to_be_cleared(sample):
    db, report_id = sample
    # 0 typed over a computed shortfall, with a reason: a 提示 to say why, no “clear it”
    report = set_indicator(db, report_id, "市级 12345 平台热线接通率", deviation_override="0%")
    [hint] = fired(indicator_rules.override_differs, report)
    assert hint.level == INFO and "-9.85%" in hint.message and "清除" not in hint.suggestion
    assert "Delete" not in hint.suggestion


# -- 2. a title for another year ------------------------------------------------------------------------
def test_a_title_naming_another_year(sample):
    db, report_id = sample
    assert fired(header_rules.title_year, load_report(db, report_id)) == []  # 2022, no year in the title
    set_report_field(db, report_id, "title", "苏州市便民服务中心2023年度部门整体支出预算绩效自评报告")
    [finding] = fired(header_rules.title_year, load_report(db, report_id))
    assert finding.level == WARNING and finding.place == "基本信息 报告标题"
    assert finding.message == "报告标题写“2023年度”，而报告年度为 2022"
    set_report_field(db, report_id, "title", "苏州市便民服务中心（２０２１ 年度）整体支出预算绩效自评报告")
    [finding] = fired(header_rules.title_year, load_report(db, report_id))
    assert finding.message == "报告标题写“2021年度”，而报告年度为 2022"
    # the report's own year, even beside the date it was written, is no finding
    set_report_field(db, report_id, "title", "2022年度部门整体支出预算绩效自评报告（2023年3月）")
    assert fired(header_rules.title_year, load_report(db, report_id)) == []


def test_a_narrative_heading_naming_another_year(sample):
    db, report_id = sample
    report = load_report(db, report_id)
    set_report_field(db, report_id, "goals", "2021年度部门整体支出绩效自评报告\n" + report.narrative["goals"])
    [finding] = fired(header_rules.title_year, load_report(db, report_id))
    assert finding.level == WARNING and finding.place == "报告正文 二、年度履职目标完成情况"
    assert "“2021年度”，而报告年度为 2022" in finding.message
    # a year in a sentence (较2021年度提升) is no heading: the sample has none
    assert "较2021年度" in report.narrative["goals"]


# -- 3. a reason of only 无 -----------------------------------------------------------------------------
@pytest.mark.parametrize("reason", ["无", "没有", "—", "无。", " 无 "])
def test_a_reason_of_only_none_is_named(sample, reason):
    db, report_id = sample
    report = set_indicator(db, report_id, "市级 12345 平台热线接通率", reason=reason)
    [finding] = fired(indicator_rules.deviation_without_reason, report)
    assert finding.message == f"偏差情况为 -9.85%，但原因分析只填了“{reason.strip()}”"
    assert "未填写" not in finding.message


def test_an_empty_reason_is_not_filled_in(sample):
    db, report_id = sample
    report = set_indicator(db, report_id, "市级 12345 平台热线接通率", reason="")
    [finding] = fired(indicator_rules.deviation_without_reason, report)
    assert finding.message == "偏差情况为 -9.85%，但未填写原因分析"


def test_what_reasons_and_values_say():
    assert all(is_blank_reason(text) for text in ("", " ", "无", "无。", "没有", "暂无", "—", "——", "-", "/"))
    assert not is_blank_reason("无法统计") and not is_blank_reason("疫情影响")
    assert says_not_done("本年度未实施") and says_not_done("项目取消") and says_not_done("因故暂停")
    assert not says_not_done("已完成印制") and not says_not_done("《市民手册》主办单位未组织制作和印发")
    assert value_says_not_made("未制作") and value_says_not_made("—") and not value_says_not_made("合格")
    assert not value_says_not_made("")
