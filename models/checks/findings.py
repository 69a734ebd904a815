"""A finding: how serious, where (table, row, column), what is wrong and what to do."""
from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING, INFO = "错误", "警告", "提示"
LEVELS = (ERROR, WARNING, INFO)

TABLE_LABELS = {"header": "基本信息", "narrative": "报告正文", "budget": "预算信息",
                "tasks": "年度重点任务", "indicators": "部门整体自评表"}
FIELD_LABELS = {
    "title": "报告标题", "year": "年度", "department": "预算部门名称",
    "goals": "二、年度履职目标完成情况", "org_setup": "三、1. 机构设置", "duties": "三、2. 职责任务",
    "operation": "三、3. 运行方式", "performance": "四、整体支出绩效实现情况", "problems": "五、1. 存在问题",
    "improvements": "五、2. 改进措施", "result_application": "六、1. 绩效自评结果拟应用",
    "result_disclosure": "六、2. 绩效自评结果公开情况",
    "preparer": "填报人", "phone": "联系电话", "finance_head": "财务负责人", "unit_head": "单位负责人",
    "fill_date": "填报日期",
    "name": "名称", "initial": "年初预算数", "adjustment": "上年度结转及当年预算追加追减数",
    "adjusted": "调整预算数", "actual": "实际支出数", "execution_rate": "执行率",
    "duty": "对应部门主要职责", "content": "主要内容", "completion": "完成情况",
    "category1": "一级类别", "category2": "二级类别", "target": "指标目标值",
    "indicator_actual": "指标完成值", "source": "完成值来源", "deviation_override": "偏差情况",
    "reason": "原因分析",
}


@dataclass(frozen=True)
class Finding:
    level: str                  # 错误 / 警告 / 提示
    table: str                  # header, narrative, budget, tasks, indicators
    row_id: int | None          # the row's id in its table (None for header and narrative)
    row_number: int | None      # the row as the user sees it, from 1
    column: str | None          # the stored field (`actual` of an indicator is `indicator_actual` in labels)
    message: str
    suggestion: str = ""
    row_name: str = ""

    @property
    def place(self) -> str:
        """Where, in the user's words: 部门整体自评表 第31行「结转结余率」 指标完成值."""
        parts = [TABLE_LABELS.get(self.table, self.table)]
        if self.row_number is not None:
            parts.append(f"第{self.row_number}行" + (f"「{self.row_name}」" if self.row_name else ""))
        if self.column:
            key = "indicator_actual" if self.table == "indicators" and self.column == "actual" else self.column
            parts.append(FIELD_LABELS.get(key, key))
        return " ".join(parts)

    def line(self) -> str:
        """LEVEL<TAB>PLACE<TAB>MESSAGE (with the suggestion), for the command line."""
        text = self.message + (f"（{self.suggestion}）" if self.suggestion else "")
        return f"{self.level}\t{self.place}\t{text}"


def has_errors(findings) -> bool:
    return any(finding.level == ERROR for finding in findings)
