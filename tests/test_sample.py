"""The sample report against the published seed: every figure, row and printed deviation."""
from decimal import Decimal

from models.money import format_amount, format_rate
from models.sample import sample_data
from models.views import list_reports, load_report

# 七 预算信息 as printed: name, 年初预算数, 追加追减数, 调整预算数, 实际支出数, 执行率.
SEED_BUDGET = [
    ("预算总金额", "2467.09", "51.29", "2518.38", "2449.85", "97.28%"),
    ("基本支出", "708.81", "56.46", "765.27", "716.92", "93.68%"),
    ("项目支出", "1758.28", "-5.17", "1753.11", "1732.93", "98.85%"),
    ("全市便民服务人员业务技能培训", "15.6", "-3.15", "12.45", "12.45", "100.00%"),
    ("全市政务服务便民热线运行绩效第三方测评", "22.5", "0", "22.5", "22.48", "99.91%"),
    ("热线系统软硬件维护", "71.75", "0", "71.75", "71.75", "100.00%"),
    ("软件应用及开发费", "278.53", "0", "278.53", "276.78", "99.37%"),
    ("苏州 12345 热线专项委托业务费", "70", "0", "70", "70", "100.00%"),
    ("体检经费", "7.94", "0", "7.94", "7.94", "100.00%"),
    ("“12345”政府公共服务热线运行经费", "1059.88", "14.03", "1073.91", "1059.75", "98.68%"),
    ("“便民杯”考核经费", "30.3", "-10.08", "20.22", "20.22", "100.00%"),
    ("“寒山闻钟”论坛日常运行费用", "43.5", "0", "43.5", "43.45", "99.89%"),
    ("《市民手册》制作费、一般宣传材料印刷费", "5", "0", "5", "1.91", "38.20%"),
    ("党团活动费", "3.2", "0", "3.2", "2.41", "75.31%"),
    ("呼叫平台、热线电话费等", "106.83", "-5.75", "101.08", "100.76", "99.68%"),
    ("公务车辆购置", "27.5", "-0.22", "27.28", "27.28", "100.00%"),
    ("法律顾问", "5", "0", "5", "5", "100.00%"),
    ("工作服定制", "10.75", "0", "10.75", "10.75", "100.00%"),
]

SEED_TASK_NAMES = [
    "更新公务用车。", "在突发、紧急情况下，做好大话务量涌入应急响应。", "标准化建设与标准体系优化升级。",
    "“12345”热线话务稳定运行。", "引入第三方机构对“12345平台”内诉求进行督查暗访。", "开展市民开放日交流活动。",
    "负责“苏州12345和寒山闻钟”微信公众号的日常运营。", "对县（市）区平台、成员单位、便民服务人员考核。",
    "信息化项目建设。", "软硬件运维保障和考核。", "座席人员日常管理。", "免费发放《市民手册》，向公众提供实用信息。",
    "依照国标和测评指标体系，对全市政务服务便民热线和市级部分公共事业服务热线开展第三方测评。",
    "对全市便民服务人员开展业务技能培训。",
]


def test_header_and_listing(sample):
    db, report_id = sample
    report = load_report(db, report_id)
    assert (report.title, report.year, report.department, report.amount_unit) == (
        "苏州市市级预算部门（单位）整体支出预算绩效自评报告", 2022, "苏州市便民服务中心", "万元")
    [summary] = list_reports(db)
    assert summary.is_sample and summary.status_label == "示例·草稿"


def test_budget_tree_and_every_figure(sample):
    db, report_id = sample
    rows = load_report(db, report_id).budget
    assert [row.name for row in rows] == [line[0] for line in SEED_BUDGET]
    assert [row.depth for row in rows] == [0, 1, 1] + [2] * 15
    assert rows[0].child_count == 2 and rows[2].child_count == 15 and rows[1].child_count == 0
    for row, (name, initial, adjustment, adjusted, actual, rate) in zip(rows, SEED_BUDGET):
        assert row.initial == Decimal(initial), name
        assert row.adjustment == Decimal(adjustment), name
        assert row.adjusted == Decimal(adjusted), name
        assert row.actual == Decimal(actual), name
        assert format_rate(row.execution_rate) == rate, name


def test_totals_of_domain_md(sample):
    db, report_id = sample
    total, basic, project = load_report(db, report_id).budget[:3]
    assert [format_amount(v) for v in (total.initial, total.adjustment, total.adjusted, total.actual)] == [
        "2467.09", "51.29", "2518.38", "2449.85"]
    assert [format_amount(v) for v in (basic.initial, basic.adjustment, basic.adjusted, basic.actual)] == [
        "708.81", "56.46", "765.27", "716.92"]
    assert [format_amount(v) for v in (project.initial, project.adjustment, project.adjusted, project.actual)] == [
        "1758.28", "-5.17", "1753.11", "1732.93"]
    assert (format_rate(total.execution_rate), format_rate(basic.execution_rate),
            format_rate(project.execution_rate)) == ("97.28%", "93.68%", "98.85%")


def test_key_tasks(sample):
    db, report_id = sample
    tasks = load_report(db, report_id).tasks
    assert [task.name for task in tasks] == SEED_TASK_NAMES
    assert tasks[0].duty == "保障机构运行。" and tasks[0].content == "公务车辆购置"
    # Rows 6–8 share the duty of row 5 (one merged cell in the original, across a page break too).
    assert tasks[4].duty.startswith("负责市“12345”政府公共服务热线的诉求受理")
    assert tasks[5].duty == tasks[6].duty == tasks[7].duty == tasks[4].duty
    assert tasks[9].duty == tasks[10].duty == tasks[8].duty
    assert tasks[12].duty == tasks[11].duty
    assert tasks[13].duty == "指导各市、区便民服务业务工作。"
    assert not any("<p>" in field for task in tasks for field in (task.duty, task.name, task.content, task.completion))
    assert tasks[3].completion.startswith("2022 年度话务稳定运行完成情况如下：1、实施期间")
    assert tasks[3].completion.endswith("保障中心热线电话费、网络通讯费的正常使用。")


def test_indicators_and_printed_deviations(sample):
    """Every indicator, and the computed 偏差情况 against the printed one.

    The seed has 74 indicator rows with values plus 系统故障修复响应及时性 without any: 75 rows.
    The rule reproduces every printed deviation; none needs an override.
    """
    db, report_id = sample
    indicators = load_report(db, report_id).indicators
    printed = [item["deviation"] for item in sample_data()["indicators"]]
    assert len(indicators) == 75
    from collections import Counter
    assert Counter(i.category2 for i in indicators) == {"决策": 6, "过程": 25, "效益": 2, "满意度": 1, "履职": 41}
    assert {i.category1 for i in indicators} == {"分解目标"}
    not_reproduced = [(i.name, i.computed_deviation, p) for i, p in zip(indicators, printed)
                      if (i.computed_deviation or "") != p]
    assert not_reproduced == []
    assert not any(i.is_overridden for i in indicators)
    by_name = {i.name: i for i in indicators}
    assert by_name["“三公经费”变动率"].deviation == "100%"
    assert by_name["预算调整率"].deviation == "100%"
    assert by_name["预算执行率"].deviation == "-2.72%"
    assert by_name["市级 12345 平台热线接通率"].deviation == "-9.85%"
    assert by_name["群众满意度"].deviation == "0.00%"
    assert by_name["结转结余率"].deviation == "0%"
    empty = by_name["系统故障修复响应及时性"]
    assert empty.target.is_empty and empty.actual.is_empty and empty.deviation is None and empty.source == ""
    assert by_name["预算执行率"].reason == (
        "2022 年度《市民手册》制作费、党团活动费等项目执行率较低，影响了整体执行率低于100%。")
    assert by_name["“三公经费”变动率"].reason == "2022年度较2021年度新增购置了公务用车 1 辆，因此三公经费有较大变动。"


def test_narrative_verbatim(sample):
    db, report_id = sample
    narrative = load_report(db, report_id).narrative
    goals = narrative["goals"].split("\n")
    assert len(goals) == 7
    assert goals[0].startswith("2022 年，我中心全力以赴高效运行疫情防控市民服务电话专班")
    assert goals[0].endswith("处理反映事项 13.78 万件。相关年度履职目标完成情况如下：")
    # Paragraphs broken by a page in the PDF are whole again.
    assert "三是打造全省“12345 热线百科”。" in goals[2]
    assert "在此前标准化建设工作的基础上，2022年8月19日，由中心主导起草" in goals[5]
    assert goals[6].startswith("6. 真抓实干能力再提升。") and goals[6].endswith("全年开展“便民杯”优质服务竞赛考评4次。")
    assert narrative["org_setup"].startswith("根据市编委批复") and narrative["org_setup"].endswith("热线科4个科室。")
    assert "五是参与文明创建、社会信用、城市管理" in narrative["duties"]
    assert narrative["operation"].startswith("一是三级平台联网、多渠道沟通。")
    assert narrative["performance"].startswith("2022年，市便民服务中心紧紧围绕全中心工作")
    assert "当年预算支出完成率达到95%以上" in narrative["performance"]
    assert narrative["problems"] == "部分绩效目标设置不够有前瞻性，设置较为保守。"
    assert narrative["improvements"] == "不断完善预算绩效编制质量，充分发挥预算绩效编制的前瞻性和科学性。"
    assert narrative["result_application"].startswith("通过此次绩效自评，本单位进一步掌握了解了 2022 年度")
    assert narrative["result_disclosure"] == "将此次绩效自评结果在官网上予以公布，向社会公开。"
