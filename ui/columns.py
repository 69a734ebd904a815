"""Columns of the three tables as in the seed, and what kind of cell each one is. Headings are the
field catalogue's (models/fields.py), broken onto two lines where a column is narrow."""
from __future__ import annotations

from dataclasses import dataclass

from models.fields import label_of, table_field

TEXT, LONG, AMOUNT, DERIVED_AMOUNT, RATE, DEVIATION, TARGET, PREVIOUS = (
    "text", "long", "amount", "derived_amount", "rate", "deviation", "target", "previous")
# Columns of scored forms (ui/form_ui.py): 分值, 得分 (computed, a typed one overrides), 完成程度 (a
# qualitative row's wording, editor only), 指标性质 (a part of the target chosen from a list), a text part.
WEIGHT, SCORE, COMPLETION, NATURE, PART, LABEL = "weight", "score", "completion", "nature", "part", "label"


@dataclass(frozen=True)
class Column:
    field: str | None     # the stored field; None for a derived column
    header: str
    kind: str = TEXT
    width: int = 120
    grouped: bool = False  # consecutive equal values are shown once, as one group
    completes: bool = False  # editor offers the values already used in this column
    choices: tuple[str, ...] = ()  # the cell is chosen from these (a drop-down)
    free: bool = True        # with choices: other text may be typed too (read by the cleaner)

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
        return self.kind not in (DERIVED_AMOUNT, RATE, PREVIOUS, LABEL)

    @property
    def numeric(self) -> bool:
        return self.kind in (AMOUNT, DERIVED_AMOUNT, RATE, WEIGHT, SCORE) or (
            self.kind == PREVIOUS and self.field == "amount")


def _budget_heading(key: str, unit: str, break_after: int = 0) -> str:
    """A budget column's printed heading; the unit on a line of its own, or the line broken after
    `break_after` characters (上年度结转及当年 / 预算追加追减数（万元）)."""
    field = table_field("budget", key)
    text = field.heading or field.label
    if break_after:
        text = text[:break_after] + "\n" + text[break_after:]
    if field.unit:
        text += ("" if break_after or key == "name" else "\n") + f"（{unit}）"
    return text


def budget_columns(unit: str) -> list[Column]:
    return [
        Column("name", _budget_heading("name", unit), TEXT, 380),
        Column("initial", _budget_heading("initial", unit), AMOUNT, 130),
        Column("adjustment", _budget_heading("adjustment", unit, break_after=8), AMOUNT, 170),
        Column(None, _budget_heading("adjusted", unit), DERIVED_AMOUNT, 130),
        Column("actual", _budget_heading("actual", unit), AMOUNT, 130),
        Column(None, _budget_heading("execution_rate", unit), RATE, 100),
    ]


TASK_COLUMNS = [
    Column("duty", label_of("tasks", "duty"), LONG, 260, grouped=True, completes=True),
    Column("name", label_of("tasks", "name"), LONG, 220),
    Column("content", label_of("tasks", "content"), LONG, 200, completes=True),
    Column("completion", label_of("tasks", "completion"), LONG, 420),
]

INDICATOR_COLUMNS = [
    Column("category1", label_of("indicators", "category1"), TEXT, 80, grouped=True, completes=True),
    Column("category2", label_of("indicators", "category2"), TEXT, 70, grouped=True, completes=True),
    Column("name", label_of("indicators", "name"), LONG, 240),
    Column("target", label_of("indicators", "target"), TARGET, 110),
    Column("actual", label_of("indicators", "actual"), TARGET, 110),
    Column("source", label_of("indicators", "source"), TEXT, 110, completes=True),
    Column("deviation_override", label_of("indicators", "deviation_override"), DEVIATION, 90),
    Column("reason", label_of("indicators", "reason"), LONG, 260),
]


# Last year's value beside this year's (报告 › 显示上年数); `field` says how to show it.
def previous_budget_column(unit: str) -> Column:
    """上年实际支出数, in this report's 金额单位 (last year's figures are converted to it)."""
    return Column("amount", f"上年实际支出数\n（{unit}）", PREVIOUS, 130)


PREVIOUS_INDICATOR = Column("text", "上年完成值", PREVIOUS, 100)
