"""What the cells of a form's tables say, for the PDF and the Word export alike: each column by its
field (models/forms.py), the funding block's rows, the 总分 row of a scored form, and where a block
stands (a table wider than the portrait text block is printed on a turned page).

Scores come from `models.scoring.score_report`: a 得分 cell shows the score that counts (the typed
one, else the computed one), unmarked, as 偏差情况 shows its override; 分值 the row's weight;
指标性质 / 指标值 / 度量单位 the parts of the target (models.targets.split_target).
"""
from __future__ import annotations

import re
from decimal import Decimal

from models.money import format_amount, format_rate

PORTRAIT_WIDTH_MM = Decimal(156)   # GB/T 9704's text block; a wider table goes on a turned page
# how each indicator column is aligned: "center", "number" (right) or "plain" (left)
INDICATOR_ALIGN = {"category1": "center", "category2": "center", "name": "plain", "target": "center",
                   "actual": "center", "source": "center", "deviation_override": "number", "reason": "plain",
                   "weight": "number", "score_override": "number", "completion": "center",
                   "target_nature": "center", "target_value": "center", "target_unit": "center"}
AMOUNTS = ("initial", "adjustment", "adjusted", "actual")


def is_wide(block) -> bool:
    """A table block wider than the portrait text block: printed on a turned (landscape) page."""
    return block.width > PORTRAIT_WIDTH_MM


def format_weight(weight: Decimal | None) -> str:
    """分值 with two places like the 得分 beside it (`10.00`, `2.50`), so a column never mixes `1.2`
    with `1.20`; empty for None."""
    return format_amount(weight)


def format_score(score: Decimal | None) -> str:
    """得分 to two places, half-up: `8.60`; empty for None."""
    return format_amount(score)


def column_text(column_field: str, row, scores=None) -> str:
    """The text of an indicator, task or budget line's cell in the column of field `column_field`."""
    value = getattr(row, column_field, None)
    if hasattr(value, "text"):  # an indicator's target or actual (a budget line's 实际支出数 is an amount)
        return value.text
    if column_field == "deviation_override":
        return row.deviation or ""
    if column_field == "weight":
        return format_weight(row.weight)
    if column_field == "score_override":
        found = scores.of(row.id) if scores is not None else None
        return format_score(found.score if found is not None else row.score_override)
    if column_field in AMOUNTS:
        return format_amount(value)
    if column_field == "execution_rate":
        return format_rate(value)
    return value or ""


def funding_texts(report, form, block, scores) -> list[list[str]]:
    """The funding block's rows: label, then each column; 分值 and 得分 on the total row only
    (the execution weight the form fixes, else the one entered; the score of 预算执行率)."""
    execution = scores.execution if scores is not None else None
    fixed = form.scoring.execution_weight if form.scoring is not None else None
    out = []
    for line in block.rows:
        row = report.funding_row(line.key)
        texts = [line.label]
        for column in block.columns:
            total = line.key == "total"
            if column.field == "weight":
                texts.append(format_weight(fixed if fixed is not None else row.weight) if total else "")
            elif column.field == "score_override":
                texts.append(format_score(execution.score) if total and execution is not None else "")
            elif column.field in AMOUNTS:
                texts.append(format_amount(getattr(row, column.field)))
            elif column.field == "execution_rate":
                texts.append(format_rate(row.execution_rate))
            else:
                texts.append(getattr(row, column.field, "") or "")
        out.append(texts)
    return out


def total_row(form, columns, scores) -> tuple[int, list[str]] | None:
    """The 总分 (合计) row at the end of a scored form's indicators: how many columns its label spans
    (up to the 分值 column) and each cell's text; None when the form has no scores."""
    if scores is None or form.scoring is None:
        return None
    fields = [c.field for c in columns]
    if "weight" not in fields:
        return None
    span = fields.index("weight")
    texts = [form.scoring.total_label] + [""] * (len(columns) - 1)
    texts[span] = format_weight(scores.weight_total)
    if "score_override" in fields:
        texts[fields.index("score_override")] = format_score(scores.total)
    return max(span, 1), texts


def grade_line(form, scores) -> str:
    """`自评等级：优` after a scored form's indicators."""
    if scores is None or form.scoring is None:
        return ""
    return f"{form.scoring.grade_label}：{scores.grade}"


def joined_category_heading(columns) -> int | None:
    """The index of a category column whose heading the next column repeats (类别 over 类别: one
    heading over both), else None."""
    for index in range(len(columns) - 1):
        a, b = columns[index], columns[index + 1]
        if (a.field, b.field) == ("category1", "category2") and a.heading == b.heading:
            return index
    return None


# A column heading in even lines: a bracketed part, a Latin word or a character is never cut
HEAD_UNIT = re.compile(r"（[^（）]*）|\([^()]*\)|[!-~]+|.")


def heading_units(text: str, cannot_start, cannot_end) -> list[str]:
    """The pieces a heading may be broken between (closing marks held to what they close)."""
    units: list[str] = []
    for unit in HEAD_UNIT.findall(text.replace("\n", "")):
        if units and (unit[0] in cannot_start or units[-1][-1] in cannot_end):
            units[-1] += unit
        else:
            units.append(unit)
    return units


def even_lines(widths: list[float], room: float) -> list[tuple[int, int]]:
    """(first, end) unit of each line: the fewest lines that fit, the widest of them as narrow as
    can be (指标 / 性质 rather than 指标性 / 质)."""
    from itertools import combinations

    count = len(widths)
    for lines in range(1, count + 1):
        best, best_widest = None, None
        for breaks in combinations(range(1, count), lines - 1):
            bounds = (0, *breaks, count)
            parts = list(zip(bounds, bounds[1:]))
            widest = max(sum(widths[a:b]) for a, b in parts)
            if widest <= room + 1e-6 and (best_widest is None or widest < best_widest - 1e-6):
                best, best_widest = parts, widest
        if best is not None:
            return best
    return [(index, index + 1) for index in range(count)]


def badly_broken(lines: list[str]) -> bool:
    """Lines of a heading as the line rules broke it that read badly: one character alone on the
    last line (指标性 / 质), or a bracket parted from its close (执行率（B/A / ）)."""
    return len(lines) > 1 and (len(lines[-1]) == 1 or any(line.count("（") > line.count("）") for line in lines))
