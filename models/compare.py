"""Comparing two states of a report (two final versions, or a version and the current draft): each
changed field and row, old → new, in the user's words."""
from __future__ import annotations

from difflib import SequenceMatcher

FIELD_LABELS = {
    "title": "报告标题", "year": "年度", "department": "预算部门名称", "amount_unit": "金额单位",
    "goals": "二、年度履职目标完成情况", "org_setup": "三、1. 机构设置", "duties": "三、2. 职责任务",
    "operation": "三、3. 运行方式", "performance": "四、整体支出绩效实现情况", "problems": "五、1. 存在问题",
    "improvements": "五、2. 改进措施", "result_application": "六、1. 自评结果拟应用",
    "result_disclosure": "六、2. 自评结果公开情况", "preparer": "填报人", "phone": "联系电话",
    "finance_head": "财务负责人", "unit_head": "单位负责人", "fill_date": "填报日期",
}
TABLES = {
    "budget": ("预算信息", ["级次", "名称", "年初预算数", "追加追减数", "实际支出数"], 1),
    "tasks": ("年度重点任务", ["对应部门主要职责", "任务名称", "主要内容", "完成情况"], 1),
    "indicators": ("部门整体自评表", ["一级类别", "二级类别", "指标名称", "指标目标值", "指标完成值", "完成值来源",
                                   "偏差情况（手工）", "原因分析"], 2),
}


def _short(value) -> str:
    text = "（空）" if value in (None, "") else str(value)
    return text if len(text) <= 60 else text[:60] + "…"


def compare_contents(old: dict, new: dict) -> list[str]:
    """One line per difference: `place：old → new`, rows added or removed."""
    changes = []
    for key in ("title", "year", "department", "amount_unit"):
        if old[key] != new[key]:
            changes.append(f"{FIELD_LABELS[key]}：{_short(old[key])} → {_short(new[key])}")
    for group in ("narrative", "signoff"):
        for key in new[group]:
            if old[group].get(key) != new[group][key]:
                changes.append(f"{FIELD_LABELS.get(key, key)}：{_short(old[group].get(key))} → {_short(new[group][key])}")
    for table, (label, columns, name_column) in TABLES.items():
        changes += _compare_rows(label, columns, name_column, old[table], new[table])
    return changes


def _compare_rows(label, columns, name_column, old_rows, new_rows) -> list[str]:
    changes = []
    keys = lambda rows: [tuple(row[:name_column + 1]) for row in rows]  # noqa: E731 - rows matched by name
    matcher = SequenceMatcher(a=keys(old_rows), b=keys(new_rows), autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and a1 - a0 == b1 - b0):
            for old_row, new_row, number in zip(old_rows[a0:a1], new_rows[b0:b1], range(b0 + 1, b1 + 1)):
                for column, (before, after) in enumerate(zip(old_row, new_row)):
                    if before != after:
                        changes.append(f"{label} 第{number}行「{new_row[name_column]}」{columns[column]}："
                                       f"{_short(before)} → {_short(after)}")
            continue
        for row in old_rows[a0:a1]:
            changes.append(f"{label}：删除了「{row[name_column]}」")
        for number, row in zip(range(b0 + 1, b1 + 1), new_rows[b0:b1]):
            changes.append(f"{label} 第{number}行：新增「{row[name_column]}」")
    return changes
