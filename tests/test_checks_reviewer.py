"""Checks a reviewer would run (issue 15, items 1–6): each rule with the seed's case and a clean
counter-case, and the sample's findings as a whole — no false alarm once the seed's cases are put right."""
import re
from dataclasses import replace


from models.checks import ERROR, INFO, WARNING, has_errors, run_checks
from models.checks import cross_rules, delivery_rules, indicator_rules, names_rules, problems_rules, text_figures
from models.services import add_row, create_report, set_field, set_report_field
from models.views import load_report


def fired(rule, report):
    return list(rule(report))


def with_text(report, field, *replacements):
    text = report.narrative[field]
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return replace(report, narrative={**report.narrative, field: text})


def set_indicator(db, report_id, name, **values):
    row = next(r for r in load_report(db, report_id).indicators if r.name == name)
    for field, value in values.items():
        set_field(db, "indicators", row.id, field, value)
    return load_report(db, report_id)


NESTED = re.compile(r"[（(][^）)]*[（(]")


# -- 1. figures in the text against the tables --------------------------------------------------------------
def test_satisfaction_in_the_text_against_the_indicator(report):
    warning, info = fired(text_figures.rate_quotes, report)
    assert warning.level == WARNING and warning.place == "报告正文 二、年度履职目标完成情况"
    assert "全市群众满意度89.7%" in warning.message
    assert "部门整体自评表 第34行「群众满意度」 指标完成值为 97.21%" in warning.message  # both places
    assert info.level == INFO
    assert all(figure in info.message for figure in ("97.58%", "98.1%", "98.35%", "97.21%"))


def test_satisfaction_figures_that_agree_raise_nothing(report):
    consistent = with_text(report, "goals", ("满意度89.7%", "满意度97.21%"), ("满意率 97.58%", "满意率 97.21%"),
                           ("满意率达 98.1%", "满意率达 97.21%"), ("满意率98.35%", "满意率97.2%"))
    assert fired(text_figures.rate_quotes, consistent) == []
    # a quote with 以上 holds when the table's figure is above it
    above = with_text(report, "goals", ("满意度89.7%", "满意度95%以上"))
    assert not [f for f in fired(text_figures.rate_quotes, above) if f.level == WARNING]


def test_a_change_of_a_percentage_in_percent_is_a_hint(report):
    [finding] = fired(text_figures.change_in_percent, report)
    assert finding.level == INFO and "较2021年度提升32.2%" in finding.message
    assert "2021年度为 57.5%" in finding.message and "67.85%" in finding.message
    points = with_text(report, "goals", ("提升32.2%", "提升3.2个百分点"))
    assert fired(text_figures.change_in_percent, points) == []


def test_budget_total_in_the_text(report):
    total = report.budget[0]
    assert fired(text_figures.amount_quotes, report) == []  # the seed quotes no amount
    right = with_text(report, "performance", ("2022年，", f"2022年，预算总金额 {total.adjusted} 万元，"))
    assert fired(text_figures.amount_quotes, right) == []
    also_right = with_text(report, "performance", ("2022年，", f"2022年，预算总金额{total.initial}万元，"))
    assert fired(text_figures.amount_quotes, also_right) == []
    wrong = with_text(report, "performance", ("2022年，", "2022年，预算总金额 2,600.00 万元，"))
    [finding] = fired(text_figures.amount_quotes, wrong)
    assert finding.level == WARNING and "预算信息 第1行「预算总金额」" in finding.message
    assert f"调整预算数 {total.adjusted}" in finding.message


# -- 2. a ≤ target that hides non-delivery -----------------------------------------------------------------
def test_nothing_printed_against_an_upper_bound(report):
    findings = fired(delivery_rules.undelivered_outputs, report)
    assert [(f.level, f.row_number) for f in findings] == [(WARNING, 47), (WARNING, 48), (INFO, 49)]
    count = findings[0]
    assert count.row_name == "《市民手册》印刷数量" and "<=1000000 册" in count.message and "0 册" in count.message
    assert "《市民手册》制作费、一般宣传材料印刷费」执行率仅 38.20%" in count.message
    assert "第47行「《市民手册》印刷数量」完成值为 0 册" in findings[1].message  # 合格 of what was not made


def test_an_upper_bound_nearly_reached_raises_nothing(sample):
    db, report_id = sample
    delivered = set_indicator(db, report_id, "《市民手册》印刷数量", actual="900000 册")
    assert fired(delivery_rules.undelivered_outputs, delivered) == []
    # far below the bound while the line was spent in full: the count alone is no sign of non-delivery
    line = next(row for row in delivered.budget if row.name.startswith("《市民手册》"))
    set_field(db, "budget", line.id, "actual", "5")
    low = set_indicator(db, report_id, "《市民手册》印刷数量", actual="100000 册")
    assert fired(delivery_rules.undelivered_outputs, low) == []
    # money under a bound is a saving, not an output left undone
    cost = set_indicator(db, report_id, "《市民手册》印刷数量", target="<=5 万元", actual="0 万元")
    assert fired(delivery_rules.undelivered_outputs, cost) == []


# -- 3. names spelled two ways ----------------------------------------------------------------------------
def test_names_spelled_two_ways(report):
    standard, place = fired(names_rules.spelled_two_ways, report)
    assert standard.level == INFO and standard.place.startswith("年度重点任务 第3行")
    assert "《政务服务便民热线运行服务测评规范》与《政务服务便民热线服务测评规范》" in standard.message
    assert "报告正文 二、年度履职目标完成情况" in standard.message and "年度重点任务 第13行" in standard.message
    assert place.level == INFO and "“半只营”与“半月营”" in place.message


def test_one_spelling_and_other_names_raise_nothing(report):
    unified = with_text(report, "goals", ("半只营", "半月营"), ("《政务服务便民热线服务测评规范》", "《政务服务便民热线运行服务测评规范》"))
    tasks = [replace(task, completion=task.completion.replace("热线服务测评规范", "热线运行服务测评规范"))
             for task in report.tasks]
    unified = replace(unified, tasks=tasks)
    assert fired(names_rules.spelled_two_ways, unified) == []
    # 《市民手册》 and 《苏州市民手册》 (both in the seed) differ only at an end; years differ in digits
    years = with_text(unified, "improvements", ("。", "，按《2022年工作计划》和《2023年工作计划》执行。"))
    assert fired(names_rules.spelled_two_ways, years) == []


# -- 4. 存在问题 that ignores the tables --------------------------------------------------------------------
def test_section_five_that_names_no_shortfall(report):
    [finding] = fired(problems_rules.problems_ignore_tables, report)
    assert finding.level == INFO and finding.place == "报告正文 五、1. 存在问题"
    assert "部门整体自评表 第70行「市级 12345 平台热线接通率」完成值 70.15%，目标值 >=80%" in finding.message
    assert "《市民手册》制作费、一般宣传材料印刷费」执行率 38.20%" in finding.message
    assert "「党团活动费」执行率 75.31%" in finding.message
    assert "预算执行率" not in finding.message and "三公" not in finding.message  # ratios and overshoots: no


def test_section_five_that_addresses_them_raises_nothing(report):
    partly = with_text(report, "problems", ("设置较为保守。", "设置较为保守。热线接通率受疫情影响未达目标。"))
    [finding] = fired(problems_rules.problems_ignore_tables, partly)
    assert "接通率" not in finding.message and "党团活动费" in finding.message
    addressed = with_text(partly, "improvements", ("科学性。", "科学性。《市民手册》未印制、党团活动费执行率偏低的，"
                                                               "下年度据实编制预算。"))
    assert fired(problems_rules.problems_ignore_tables, addressed) == []


# -- 5. likely duplicate or debris rows -------------------------------------------------------------------
def test_an_empty_row_like_another_is_called_a_likely_duplicate(report):
    [finding] = fired(indicator_rules.missing_values, report)
    assert finding.level == WARNING and finding.row_number == 41
    assert "第63行「信息系统故障与硬件故障修复响应时间」" in finding.message and "重复" in finding.message
    for column in ("指标目标值", "指标完成值", "完成值来源", "偏差情况", "原因分析"):
        assert column in finding.message


def test_an_empty_row_unlike_any_other_names_its_empty_columns_only(sample):
    db, report_id = sample
    row_id = add_row(db, "indicators", report_id, values={"category1": "分解目标", "category2": "履职",
                                                          "name": "新建档案柜数量"})
    findings = [f for f in fired(indicator_rules.missing_values, load_report(db, report_id)) if f.row_id == row_id]
    assert [f.message for f in findings] == ["未填写指标目标值、指标完成值、完成值来源、偏差情况、原因分析"]
    set_field(db, "indicators", row_id, "target", "=2 个")
    [finding] = [f for f in fired(indicator_rules.missing_values, load_report(db, report_id)) if f.row_id == row_id]
    assert finding.message == "未填写指标完成值、完成值来源、偏差情况、原因分析"


# -- 6. 结转结余率 is a warning, in plain words -------------------------------------------------------------
def test_balance_rate_below_the_budget_is_a_warning_in_plain_words(sample, report):
    db, report_id = sample
    [finding] = fired(cross_rules.rate_indicators_match_budget, report)
    assert finding.level == WARNING and finding.place == "部门整体自评表 第29行「结转结余率」 指标完成值"
    assert finding.message == "按预算信息，未支出 68.53 万元，占调整预算数 2.72%；如结余已收回财政，请在原因分析中说明"
    explained = set_indicator(db, report_id, "结转结余率", reason="年末结余 68.53 万元已由财政收回")
    assert fired(cross_rules.rate_indicators_match_budget, explained) == []
    # above the budget's figure no recovered balance explains it: an error, still in the tab's words
    over = set_indicator(db, report_id, "结转结余率", actual="5%")
    [finding] = fired(cross_rules.rate_indicators_match_budget, over)
    assert finding.level == ERROR and "按预算信息计算为 2.72%" in finding.message and "预算表" not in finding.message


def test_no_nested_brackets_and_the_tabs_names(sample, report):
    db, report_id = sample
    broken = set_indicator(db, report_id, "结转结余率", actual="0.0272")
    broken = set_indicator(db, report_id, "预算执行率", deviation_override="-3%")
    set_report_field(db, report_id, "problems", "")
    empty = load_report(db, create_report(db, 2023, "某单位"))
    lines = [f.line() for f in run_checks(report) + run_checks(load_report(db, report_id)) + run_checks(empty)]
    assert len(lines) > 30
    for line in lines:
        assert not NESTED.search(line), line
        assert "预算表" not in line, line


# -- the sample as a whole --------------------------------------------------------------------------------
def test_sample_gets_the_reviewers_findings_and_no_error(report):
    findings = run_checks(report)
    assert not has_errors(findings)
    issue15 = [f for f in findings if f.level == INFO or "89.7%" in f.message or f.row_number in (47, 48)
               and f.table == "indicators"]
    assert len(issue15) == 9


def test_a_consistent_report_raises_no_reviewer_finding(sample):
    """The seed with each of its cases put right: only the findings that are not issue 15's remain."""
    db, report_id = sample
    set_indicator(db, report_id, "结转结余率", reason="年末结余已由财政收回")
    set_indicator(db, report_id, "《市民手册》印刷数量", target="=0 册")
    set_indicator(db, report_id, "《市民手册》、一般宣传材料等宣传印刷品验收合格情况", target="合格", actual="合格")
    set_indicator(db, report_id, "系统故障修复响应及时性", target="及时", actual="及时", source="部门业务评判",
                  reason="无")
    report = load_report(db, report_id)
    report = with_text(report, "goals", ("满意度89.7%，较2021年度提升32.2%", "满意度97.21%，较2021年度提升3.2个百分点"),
                       ("抽查满意率 97.58%", "抽查满意率 97.21%"), ("满意率达 98.1%", "满意率达 97.21%"),
                       ("满意率98.35%", "满意率97.21%"), ("半只营", "半月营"))
    report = replace(report, tasks=[replace(t, completion=t.completion.replace("热线运行服务测评规范", "热线服务测评规范"))
                                    for t in report.tasks])
    report = with_text(report, "problems", ("设置较为保守。", "设置较为保守。热线接通率受疫情影响未达目标；"
                                            "《市民手册》未印制、党团活动费执行率偏低。"))
    findings = run_checks(report)
    assert not has_errors(findings) and [f for f in findings if f.level == INFO] == []
    # left: 3 sign-off, 4 lines without a task, and 提升 on 宣传 beside a =0 count (no ≤ bound): nothing more
    assert sorted((f.table, f.row_name or f.column) for f in findings) == sorted(
        [("header", "preparer"), ("header", "unit_head"), ("header", "fill_date"), ("budget", "体检经费"),
         ("budget", "党团活动费"), ("budget", "法律顾问"), ("budget", "工作服定制")])
