"""The workbook layout shared by export and import: sheet names, headings, fields."""
from __future__ import annotations

SHEET_INFO, SHEET_BUDGET, SHEET_TASKS, SHEET_INDICATORS = "基本信息", "预算信息", "年度重点任务", "部门整体自评表"
SHEETS = (SHEET_INFO, SHEET_BUDGET, SHEET_TASKS, SHEET_INDICATORS)

# 基本信息: one item per row, heading 项目 | 内容
INFO_HEADINGS = ("项目", "内容")
INFO_ITEMS = [
    ("title", "报告标题"), ("year", "年度"), ("department", "预算部门名称"), ("amount_unit", "金额单位"),
    ("goals", "二、年度履职目标完成情况"), ("org_setup", "三、1. 机构设置"), ("duties", "三、2. 职责任务"),
    ("operation", "三、3. 运行方式"), ("performance", "四、部门（单位）整体支出绩效实现情况"),
    ("problems", "五、1. 存在问题"), ("improvements", "五、2. 改进措施"),
    ("result_application", "六、1. 绩效自评结果拟应用"), ("result_disclosure", "六、2. 绩效自评结果公开情况"),
    ("preparer", "填报人"), ("phone", "联系电话"), ("finance_head", "财务负责人"), ("unit_head", "单位负责人"),
    ("fill_date", "填报日期"),
]


def budget_headings(unit: str) -> list[tuple[str | None, str]]:
    """(field, heading) of 预算信息; the unit in brackets is part of the heading as in the seed."""
    return [("name", f"本年度预算资金（{unit}）"), ("initial", f"年初预算数（{unit}）"),
            ("adjustment", f"上年度结转及当年预算追加追减数（{unit}）"), ("adjusted", f"调整预算数（{unit}）"),
            ("actual", f"实际支出数（{unit}）"), ("execution_rate", "执行率（%）")]


TASK_HEADINGS = [("duty", "对应部门主要职责"), ("name", "任务名称"), ("content", "主要内容"), ("completion", "完成情况")]
INDICATOR_HEADINGS = [("category1", "一级类别"), ("category2", "二级类别"), ("name", "指标名称"),
                      ("target", "指标目标值"), ("actual", "指标完成值"), ("source", "完成值来源"),
                      ("deviation", "偏差情况"), ("reason", "原因分析")]

# A hidden column beside 偏差情况: the deviation the export computed for the row (empty where it was
# typed by hand). The import takes an unchanged computed value for what it is, not for an override.
DEVIATION_MARK_HEADING = "导出时的偏差计算值（请勿修改）"
