"""Every rule: one case where it fires and one where it does not; the sample's known findings."""
from dataclasses import replace
from datetime import date
from decimal import Decimal

from models.checks import ERROR, INFO, WARNING, has_errors, run_checks
from models.checks import budget_rules, cross_rules, header_rules, indicator_rules, narrative_rules
from models.services import add_row, set_field, set_report_field
from models.views import load_report


def fired(rule, report):
    return list(rule(report))


def by_name(report, name):
    return next(i for i, row in enumerate(report.indicators) if row.name == name)


def test_sample_findings_are_exactly_the_known_inconsistencies(report):
    findings = run_checks(report)
    lines = [(f.level, f.place) for f in findings]
    # 结转结余率 0% against 2.72%: a warning (the balance may have been recovered), so the sample has no error
    assert (WARNING, "部门整体自评表 第29行「结转结余率」 指标完成值") in lines
    assert not has_errors(findings)
    uncovered = sorted(f.row_name for f in findings if f.table == "budget")
    assert uncovered == sorted(["体检经费", "党团活动费", "法律顾问", "工作服定制"])
    assert (WARNING, "部门整体自评表 第41行「系统故障修复响应及时性」 指标完成值") in lines
    # the seed has no sign-off (it is on the printed copy only): warnings, not errors
    assert [(f.level, f.place) for f in findings if f.table == "header"] == [
        (WARNING, "基本信息 填报人"), (WARNING, "基本信息 单位负责人"), (WARNING, "基本信息 填报日期")]
    # what a reviewer sends back: 89.7% 满意度 and the 《市民手册》 rows (warnings), the other
    # 满意率 figures, the 32.2% change, two names spelled two ways, section 五 (提示)
    assert sum(f.level == WARNING for f in findings) == 12 and sum(f.level == INFO for f in findings) == 6
    # nothing else: the seed's arithmetic is correct and must raise no false finding
    assert len(findings) == 18


# -- budget -------------------------------------------------------------------------------------
def test_parent_sums(report):
    assert fired(budget_rules.parent_sums, report) == []
    total = report.budget[0]
    broken = replace(report, budget=[replace(total, actual=Decimal("1.00"))] + report.budget[1:])
    [finding] = fired(budget_rules.parent_sums, broken)
    assert finding.level == ERROR and finding.column == "actual" and "2449.85" in finding.message


def test_parent_amounts_replaced_by_sums_are_pointed_out(sample):
    db, report_id = sample
    from models.services import indent_budget_line
    lines = load_report(db, report_id).budget
    indent_budget_line(db, lines[4].id)  # 第三方测评 goes under 业务技能培训, whose own figures now hide
    findings = fired(budget_rules.parent_sums, load_report(db, report_id))
    assert findings and all(f.level == INFO and f.row_name == "全市便民服务人员业务技能培训" for f in findings)


def test_adjusted_arithmetic(report):
    assert fired(budget_rules.adjusted_arithmetic, report) == []
    leaf = report.budget[3]
    broken = replace(report, budget=report.budget[:3] + [replace(leaf, adjusted=Decimal("99"))] + report.budget[4:])
    [finding] = fired(budget_rules.adjusted_arithmetic, broken)
    assert finding.row_name == leaf.name and "12.45" in finding.message


def test_rate_over_100(sample):
    db, report_id = sample
    assert fired(budget_rules.rate_over_100, load_report(db, report_id)) == []
    line = load_report(db, report_id).budget[3]
    set_field(db, "budget", line.id, "actual", "13")
    [finding] = fired(budget_rules.rate_over_100, load_report(db, report_id))
    assert finding.level == WARNING and "104.42%" in finding.message


def test_zero_budget_with_spending(sample):
    db, report_id = sample
    assert fired(budget_rules.zero_budget_with_spending, load_report(db, report_id)) == []
    line = load_report(db, report_id).budget[3]
    set_field(db, "budget", line.id, "initial", "3.15")
    [finding] = fired(budget_rules.zero_budget_with_spending, load_report(db, report_id))
    assert finding.level == ERROR and "无法计算" in finding.message


def test_negative_spending(sample):
    db, report_id = sample
    assert fired(budget_rules.negative_spending, load_report(db, report_id)) == []
    set_field(db, "budget", load_report(db, report_id).budget[5].id, "actual", "-1")
    [finding] = fired(budget_rules.negative_spending, load_report(db, report_id))
    assert finding.level == ERROR and finding.row_name == "热线系统软硬件维护"


def test_missing_amounts(sample):
    db, report_id = sample
    assert fired(budget_rules.missing_amounts, load_report(db, report_id)) == []
    set_field(db, "budget", load_report(db, report_id).budget[5].id, "actual", "")
    [finding] = fired(budget_rules.missing_amounts, load_report(db, report_id))
    assert "实际支出数" in finding.message


# -- header -------------------------------------------------------------------------------------
def test_required_fields(sample):
    db, report_id = sample
    assert fired(header_rules.required_fields, load_report(db, report_id)) == []
    set_report_field(db, report_id, "department", "")
    set_report_field(db, report_id, "title", " ")
    findings = fired(header_rules.required_fields, load_report(db, report_id))
    assert {f.column for f in findings} == {"department", "title"} and all(f.level == ERROR for f in findings)


def test_plausible_year(report):
    assert list(header_rules.plausible_year(report, today=date(2023, 3, 1))) == []
    [finding] = header_rules.plausible_year(replace(report, year=2002), today=date(2023, 3, 1))
    assert finding.level == WARNING and "2002" in finding.message


# -- indicators ---------------------------------------------------------------------------------
def _set_indicator(db, report_id, name, **values):
    report = load_report(db, report_id)
    row = report.indicators[by_name(report, name)]
    for field, value in values.items():
        set_field(db, "indicators", row.id, field, value)
    return load_report(db, report_id)


def test_unparsed_number_like(sample, report):
    db, report_id = sample
    assert fired(indicator_rules.unparsed_number_like, report) == []
    changed = _set_indicator(db, report_id, "群众满意度", target=">=85%以上")
    [finding] = fired(indicator_rules.unparsed_number_like, changed)
    assert finding.column == "target" and "85%以上" in finding.message


def test_unit_mismatch(sample, report):
    db, report_id = sample
    assert fired(indicator_rules.unit_mismatch, report) == []
    changed = _set_indicator(db, report_id, "车辆购置采购数量", actual="1 台")
    [finding] = fired(indicator_rules.unit_mismatch, changed)
    assert "台" in finding.message and "辆" in finding.message


def test_deviation_without_reason(sample, report):
    db, report_id = sample
    assert fired(indicator_rules.deviation_without_reason, report) == []
    changed = _set_indicator(db, report_id, "市级 12345 平台热线接通率", reason="无")
    [finding] = fired(indicator_rules.deviation_without_reason, changed)
    assert finding.level == ERROR and "-9.85%" in finding.message


def test_override_differs(sample, report):
    db, report_id = sample
    assert fired(indicator_rules.override_differs, report) == []
    # the row's 原因分析 explains a deviation: the hand value stands
    changed = _set_indicator(db, report_id, "预算执行率", deviation_override="-3%")
    assert fired(indicator_rules.override_differs, changed) == []
    changed = _set_indicator(db, report_id, "预算执行率", reason="无")
    [finding] = fired(indicator_rules.override_differs, changed)
    assert finding.level == WARNING and "-3%" in finding.message and "-2.72%" in finding.message
    assert "原因分析" in finding.suggestion


def test_missing_values(sample, report):
    db, report_id = sample
    [finding] = fired(indicator_rules.missing_values, report)
    assert finding.row_name == "系统故障修复响应及时性"
    changed = _set_indicator(db, report_id, "系统故障修复响应及时性", target="及时", actual="及时")
    assert fired(indicator_rules.missing_values, changed) == []
    changed = _set_indicator(db, report_id, "培训完成时间", actual="基本及时")
    [finding] = fired(indicator_rules.missing_values, changed)
    assert "无法自动计算" in finding.message


def test_duplicate_names(sample, report):
    db, report_id = sample
    assert fired(indicator_rules.duplicate_names, report) == []
    add_row(db, "indicators", report_id, values={"category1": "分解目标", "category2": "决策", "name": "绩效指标明确性"})
    [finding] = fired(indicator_rules.duplicate_names, load_report(db, report_id))
    assert "第3行" in finding.message
    add_row(db, "indicators", report_id, values={"category1": "分解目标", "category2": "履职", "name": "预算编制规范性"})
    assert len(fired(indicator_rules.duplicate_names, load_report(db, report_id))) == 1  # other category: fine


# -- across tables ------------------------------------------------------------------------------
def test_rate_indicators_match_budget(sample, report):
    db, report_id = sample
    [finding] = fired(cross_rules.rate_indicators_match_budget, report)
    assert finding.row_name == "结转结余率" and "2.72%" in finding.message and finding.level == WARNING
    assert cross_rules.budget_ratios(report) == {
        "预算执行率": Decimal("97.28"), "预算调整率": Decimal("2.08"), "结转结余率": Decimal("2.72")}
    fixed = _set_indicator(db, report_id, "结转结余率", actual="2.72%")
    assert fired(cross_rules.rate_indicators_match_budget, fixed) == []
    wrong = _set_indicator(db, report_id, "预算执行率", actual="97.27%")
    [finding] = fired(cross_rules.rate_indicators_match_budget, wrong)
    assert finding.row_name == "预算执行率"
    wrong = _set_indicator(db, report_id, "预算执行率", actual="97.28%")
    wrong = _set_indicator(db, report_id, "预算调整率", actual="2.1%")
    [finding] = fired(cross_rules.rate_indicators_match_budget, wrong)
    assert finding.row_name == "预算调整率" and "2.08%" in finding.message


def test_lines_without_task(sample, report):
    db, report_id = sample
    assert [f.row_name for f in fired(cross_rules.lines_without_task, report)] == [
        "体检经费", "党团活动费", "法律顾问", "工作服定制"]
    for name in ("体检经费", "党团活动费", "法律顾问", "工作服定制"):
        add_row(db, "tasks", report_id, values={"name": "补充任务", "content": name})
    assert fired(cross_rules.lines_without_task, load_report(db, report_id)) == []


def test_a_line_named_only_across_two_tasks_has_no_task(sample, report):
    db, report_id = sample
    # "法律顾问" is not in any one content, though the end of one and the start of the next spell it
    add_row(db, "tasks", report_id, values={"name": "甲", "content": "聘请法律"})
    add_row(db, "tasks", report_id, values={"name": "乙", "content": "顾问服务到位"})
    names = [f.row_name for f in fired(cross_rules.lines_without_task, load_report(db, report_id))]
    assert "法律顾问" in names


def test_tasks_naming_missing_lines(sample, report):
    db, report_id = sample
    assert fired(cross_rules.tasks_naming_missing_lines, report) == []
    add_row(db, "tasks", report_id, values={"name": "新任务", "content": "不存在的项目经费"})
    [finding] = fired(cross_rules.tasks_naming_missing_lines, load_report(db, report_id))
    assert finding.table == "tasks" and "不存在的项目经费" in finding.message
    line = next(r.name for r in report.budget if len(r.name) >= 4 and not r.is_parent)
    add_row(db, "tasks", report_id, values={"name": "又一任务", "content": f"完成{line}"})  # names the line
    assert len(fired(cross_rules.tasks_naming_missing_lines, load_report(db, report_id))) == 1


# -- narrative ----------------------------------------------------------------------------------
def test_execution_rate_quotes(sample, report):
    db, report_id = sample
    assert fired(narrative_rules.execution_rate_quotes, report) == []  # 完成率达到95%以上 is true
    text = report.narrative["performance"].replace("完成率达到95%以上", "完成率达到99%以上")
    set_report_field(db, report_id, "performance", text)
    [finding] = fired(narrative_rules.execution_rate_quotes, load_report(db, report_id))
    assert "97.28%" in finding.message and finding.table == "narrative"
    set_report_field(db, report_id, "performance", text.replace("完成率达到99%以上", "执行率为 97.28%"))
    assert fired(narrative_rules.execution_rate_quotes, load_report(db, report_id)) == []
    set_report_field(db, report_id, "goals", "全年预算执行率 96.5%。")
    [finding] = fired(narrative_rules.execution_rate_quotes, load_report(db, report_id))
    assert finding.column == "goals"
