"""偏差情况: the deviation of a completion value from its target, by the five cases of the report.

1. qualitative target met (same phrase) → `0%`; not met → left to the accountant (None);
2. target 0: actual 0 → `0%`, otherwise `100%`;
3. target met for its operator → `0.00%` (beating a target is no deviation);
4. a percent target missed → actual − target in percentage points, signed, 2 places;
5. a count or amount target missed → (actual − target) ÷ target × 100%, signed, 2 places.

`format_deviation` is the one way a deviation is shown — editor, PDF and workbook — so a value typed
by hand follows the seed's convention too: a zero is `0%` on a qualitative row (and against a target
of 0), `0.00%` on a quantitative one, however it was typed.
"""
from __future__ import annotations

from decimal import Decimal

from models.money import percent_of, round_half_up
from models.targets import Target, same_phrase

_MET = {
    "=": lambda a, t: a == t,
    ">=": lambda a, t: a >= t,
    "<=": lambda a, t: a <= t,
    ">": lambda a, t: a > t,
    "<": lambda a, t: a < t,
}


def compute_deviation(target: Target, actual: Target) -> str | None:
    """The deviation as the report prints it, or None when no rule applies (the accountant states it)."""
    if target.is_empty or actual.is_empty:
        return None
    if not target.is_quantitative:
        if not actual.is_quantitative and same_phrase(target.text, actual.text):
            return "0%"
        return None
    if not actual.is_quantitative or actual.unit != target.unit:
        return None
    t, a = target.value, actual.value
    if t == 0:
        return "0%" if a == 0 else "100%"
    if _MET[target.operator](a, t):
        return "0.00%"
    if target.is_percent:
        return f"{round_half_up(a - t)}%"
    return f"{percent_of(a - t, t)}%"


def is_zero_deviation(deviation: str | None) -> bool:
    """True for `0%`, `0.00%` and the like; False for empty or any non-zero figure or phrase."""
    if not deviation:
        return False
    text = deviation.strip().rstrip("%").strip()
    try:
        return Decimal(text) == 0
    except ArithmeticError:
        return False


def deviation_value(deviation: str | None) -> Decimal | None:
    """The number in a deviation text such as `-2.72%`, or None."""
    if not deviation:
        return None
    try:
        return Decimal(deviation.strip().rstrip("%").strip())
    except ArithmeticError:
        return None


def zero_deviation(target: Target) -> str:
    """How “no deviation” is written for a row with `target`: `0%` or `0.00%` (as the seed does)."""
    return "0.00%" if target.is_quantitative and target.value != 0 else "0%"


def format_deviation(deviation: str | None, target: Target) -> str | None:
    """偏差情况 as shown everywhere: a zero in the row's convention (`0`, `0.0 %`, `0.00%` alike);
    anything else as typed (so an export read back stores what was typed); None stays None."""
    if deviation is None:
        return None
    text = deviation.strip().replace("％", "%")
    value = deviation_value(text)
    if value is None or not value.is_finite():
        return deviation
    return zero_deviation(target) if value == 0 else deviation
