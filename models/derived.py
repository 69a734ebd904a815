"""Values that are computed, never typed: 调整预算数, 执行率 and the sums of parent budget lines."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from models.money import percent_of, sum_amounts

# 预算信息 nests at most this many levels (the seed has 3: 预算总金额 › 项目支出 › a project). Enforced
# on every input (editor, services, import); a file of an older version holding deeper lines is
# still read and exported.
MAX_BUDGET_LEVELS = 10


@dataclass(frozen=True)
class LineRecord:
    """A budget line as stored: the amounts entered by hand."""

    id: int
    parent_id: int | None
    position: int
    name: str
    initial: Decimal | None
    adjustment: Decimal | None
    actual: Decimal | None


@dataclass(frozen=True)
class BudgetRow:
    """A budget line as shown: entered amounts, or sums for a parent, and the derived columns."""

    id: int
    parent_id: int | None
    depth: int
    index: int          # position among its siblings
    name: str
    initial: Decimal | None
    adjustment: Decimal | None
    adjusted: Decimal | None        # 调整预算数 = 年初预算数 + 追加追减数
    actual: Decimal | None
    execution_rate: Decimal | None  # 执行率 = 实际支出数 ÷ 调整预算数 × 100
    child_count: int
    # What is stored on the line itself; for a parent these are hidden by its sums (never lost).
    own: tuple[Decimal | None, Decimal | None, Decimal | None] = (None, None, None)

    @property
    def is_parent(self) -> bool:
        return self.child_count > 0


def adjusted_budget(initial: Decimal | None, adjustment: Decimal | None) -> Decimal | None:
    """调整预算数; None when neither part is entered."""
    return sum_amounts((initial, adjustment))


def execution_rate(actual: Decimal | None, adjusted: Decimal | None) -> Decimal | None:
    """执行率 in percent, half-up to 2 places; None when undefined (nothing spent entered, or 调整预算数 0)."""
    if actual is None or adjusted is None:
        return None
    return percent_of(actual, adjusted)


def budget_rows(lines: Iterable[LineRecord]) -> list[BudgetRow]:
    """The lines in display order (depth first), each with its derived values. Linear time."""
    children: dict[int | None, list[LineRecord]] = {}
    for line in lines:
        children.setdefault(line.parent_id, []).append(line)
    for siblings in children.values():
        siblings.sort(key=lambda line: (line.position, line.id))

    rows: list[BudgetRow] = []
    # Iterative depth-first walk: a report can nest deeper than Python's recursion limit allows.
    totals: dict[int, tuple] = {}
    order: list[tuple[LineRecord, int, int]] = []
    stack = [(line, 0, index) for index, line in reversed(list(enumerate(children.get(None, []))))]
    while stack:
        line, depth, index = stack.pop()
        order.append((line, depth, index))
        kids = children.get(line.id, [])
        stack.extend((kid, depth + 1, i) for i, kid in reversed(list(enumerate(kids))))
    for line, _depth, _index in reversed(order):
        kids = children.get(line.id, [])
        if kids:
            sums = [totals[kid.id] for kid in kids]
            totals[line.id] = tuple(sum_amounts(s[i] for s in sums) for i in range(4))
        else:
            totals[line.id] = (line.initial, line.adjustment,
                               adjusted_budget(line.initial, line.adjustment), line.actual)
    for line, depth, index in order:
        initial, adjustment, adjusted, actual = totals[line.id]
        rows.append(BudgetRow(line.id, line.parent_id, depth, index, line.name, initial, adjustment,
                              adjusted, actual, execution_rate(actual, adjusted),
                              len(children.get(line.id, [])), (line.initial, line.adjustment, line.actual)))
    return rows


def refresh_rows(rows: dict[int, BudgetRow], children: dict[int | None, list[int]],
                 records: dict[int, LineRecord], changed: list[int]) -> list[int]:
    """After the stored values of `changed` lines changed (same tree), recompute those lines and
    their ancestors in place in `rows`; returns the ids recomputed. Touches only that chain, so an
    edit costs the same however long the budget is."""
    affected: set[int] = set()
    for line_id in changed:
        while line_id is not None and line_id not in affected:
            affected.add(line_id)
            line_id = rows[line_id].parent_id
    from dataclasses import replace

    for line_id in sorted(affected, key=lambda i: -rows[i].depth):
        record, kids = records[line_id], children.get(line_id, [])
        if kids:
            totals = tuple(sum_amounts(getattr(rows[k], f) for k in kids)
                           for f in ("initial", "adjustment", "adjusted", "actual"))
        else:
            totals = (record.initial, record.adjustment, adjusted_budget(record.initial, record.adjustment),
                      record.actual)
        initial, adjustment, adjusted, actual = totals
        rows[line_id] = replace(rows[line_id], name=record.name, initial=initial, adjustment=adjustment,
                                adjusted=adjusted, actual=actual, execution_rate=execution_rate(actual, adjusted),
                                own=(record.initial, record.adjustment, record.actual))
    return sorted(affected)
