"""A workbook cell's value as the user sees it, for the import.

A spreadsheet stores `2.72%` as the number 0.0272 with a percent format and `5.00` as 5 with the
format `0.00`: the text is rebuilt from the number and its format (the decimals the format shows,
never fewer than the stored value needs). Numbers are read through their 15 significant digits, the
precision of Excel, so 0.027199999999999998 written by another program is 0.0272 again.
A `=SUM(...)` formula is recognised so that a sum row may keep it (its cached value, if the file
has one, is checked by the caller).
"""
from __future__ import annotations

import re
from decimal import Decimal

_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_SUM = re.compile(r"^=\s*SUM\s*\(", re.IGNORECASE)


def number_of(value) -> Decimal:
    """An int or float cell value as a Decimal, through 15 significant digits for a float."""
    if isinstance(value, float):
        return Decimal(format(value, ".15g"))
    return Decimal(value)


def _fixed(number: Decimal, places: int) -> str:
    """At least `places` decimals, and every significant one the number has: exact, no rounding
    (string work, so no context precision applies to a huge value)."""
    text = format(number, "f")
    whole, _dot, fraction = text.partition(".")
    fraction = fraction.rstrip("0").ljust(places, "0")
    return whole + ("." + fraction if fraction else "")


def _shown_decimals(section: str) -> int:
    """How many decimals a number format section shows (`0.00%` → 2, `#,##0.0` → 1, `0` → 0)."""
    match = re.search(r"\.([0#?]+)", section)
    return len(match.group(1)) if match else 0


def _literals(section: str) -> tuple[str, str]:
    """Quoted text before and after the number in a format such as `0"个"` or `"约"0.0`."""
    placeholders = [m.start() for m in re.finditer(r"[0#?]", _QUOTED.sub(lambda m: " " * len(m.group()), section))]
    if not placeholders:
        return "", ""
    before = after = ""
    for match in re.finditer(r'"([^"]*)"|\\(.)', section):
        text = match.group(1) if match.group(1) is not None else match.group(2)
        if match.start() < placeholders[0]:
            before += text
        elif match.start() > placeholders[-1]:
            after += text
    return before, after


def number_text(value, number_format: str | None) -> str:
    """The text of a numeric cell as the spreadsheet shows it: `2.72%`, `100%`, `5.00`, `97.28`, `3个`."""
    number = number_of(value)
    if number.is_zero():
        number = abs(number)  # -0.0 is shown as 0
    raw = (number_format or "General").split(";")[0]
    section = _QUOTED.sub("", raw)
    if "%" in section:
        return _fixed(number.scaleb(2), _shown_decimals(section)) + "%"
    if section.lower() == "general":
        return _fixed(number, 0)
    before, after = _literals(raw)
    return before + _fixed(number, _shown_decimals(section) if "." in section else 0) + after


def is_percent_format(number_format: str | None) -> bool:
    return "%" in _QUOTED.sub("", (number_format or "General").split(";")[0])


def is_sum_formula(value) -> bool:
    return isinstance(value, str) and bool(_SUM.match(value.strip()))
