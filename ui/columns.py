"""Columns of the three tables as in the seed, and what kind of cell each one is."""
from __future__ import annotations

from dataclasses import dataclass

TEXT, LONG, AMOUNT, DERIVED_AMOUNT, RATE, DEVIATION, TARGET, PREVIOUS = (
    "text", "long", "amount", "derived_amount", "rate", "deviation", "target", "previous")


@dataclass(frozen=True)
class Column:
    field: str | None     # the stored field; None for a derived column
    header: str
    kind: str = TEXT
    width: int = 120
    grouped: bool = False  # consecutive equal values are shown once, as one group
    completes: bool = False  # editor offers the values already used in this column

    @property
    def key(self) -> str:
        """The name findings use for this column: the stored field, or the derived value's name."""
        return self.field or {DERIVED_AMOUNT: "adjusted", RATE: "execution_rate"}.get(self.kind, "")

    @property
    def label(self) -> str:
        """The heading on one line, for messages."""
        return self.header.replace("\n", "")

    @property
    def editable(self) -> bool:
        return self.kind not in (DERIVED_AMOUNT, RATE, PREVIOUS)

    @property
    def numeric(self) -> bool:
        return self.kind in (AMOUNT, DERIVED_AMOUNT, RATE) or (self.kind == PREVIOUS and self.field == "amount")


def budget_columns(unit: str) -> list[Column]:
    return [
        Column("name", f"本年度预算资金（{unit}）", TEXT, 380),
        Column("initial", f"年初预算数\n（{unit}）", AMOUNT, 130),
        Column("adjustment", f"上年度结转及当年\n预算追加追减数（{unit}）", AMOUNT, 170),
        Column(None, f"调整预算数\n（{unit}）", DERIVED_AMOUNT, 130),
        Column("actual", f"实际支出数\n（{unit}）", AMOUNT, 130),
        Column(None, "执行率（%）", RATE, 100),
    ]


TASK_COLUMNS = [
    Column("duty", "对应部门主要职责", LONG, 260, grouped=True, completes=True),
    Column("name", "任务名称", LONG, 220),
    Column("content", "主要内容", LONG, 200, completes=True),
    Column("completion", "完成情况", LONG, 420),
]

INDICATOR_COLUMNS = [
    Column("category1", "一级类别", TEXT, 80, grouped=True, completes=True),
    Column("category2", "二级类别", TEXT, 70, grouped=True, completes=True),
    Column("name", "指标名称", LONG, 240),
    Column("target", "指标目标值", TARGET, 110),
    Column("actual", "指标完成值", TARGET, 110),
    Column("source", "完成值来源", TEXT, 110, completes=True),
    Column("deviation_override", "偏差情况", DEVIATION, 90),
    Column("reason", "原因分析", LONG, 260),
]


# Last year's value beside this year's (报告 › 显示上年数); `field` says how to show it.
def previous_budget_column(unit: str) -> Column:
    """上年实际支出数, in this report's 金额单位 (last year's figures are converted to it)."""
    return Column("amount", f"上年实际支出数\n（{unit}）", PREVIOUS, 130)


PREVIOUS_INDICATOR = Column("text", "上年完成值", PREVIOUS, 100)
