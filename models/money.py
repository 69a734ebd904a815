"""Exact money: the one parse function, the one rounding function, formatting and storage units.

Amounts are `Decimal` with two places everywhere in Python and integer hundredths in SQLite.
A float is refused on sight: it cannot hold 0.1 exactly.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, ROUND_HALF_UP, InvalidOperation, localcontext
from typing import Iterable

from models.errors import AmountError, DomainError

CENT = Decimal("0.01")
AMOUNT_UNITS = ("万元", "元")  # the units a report's amounts may be stated in
MAX_AMOUNT = Decimal("1000000000000")  # 1 万亿 of the report's unit: far beyond any budget
# Any other number (a target, a completion value, a rate): Excel's 15 significant digits on either
# side of the point. Within these bounds every deviation and rate is computed exactly (see percent_of).
MAX_WHOLE_DIGITS = 15
MAX_FRACTION_DIGITS = 15

_MINUS_SIGNS = "\u2212\u2010\u2011\u2012\u2013\u2014\ufe63"
_AMOUNT_RE = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")
_NUMBER_RE = re.compile(r"[+-]?\d+(?:\.\d+)?")
_DIGIT_RE = re.compile(r"\d")
# The characters that are no digits but NFKC folds into some (Unicode 14): ² ³ ¹, ⁰–⁹, ₀–₉, ¼ ½ ¾ and
# the other fractions, ① ⑴ ⒈ and the other circled and bracketed numbers, ㎡ ㎥ and the squared units
# with a power, 🄀–🄊. Listed so that ordinary text is checked by one search.
_DIGIT_LOOKALIKES = re.compile(
    "[\u00b2\u00b3\u00b9\u00bc-\u00be\u2070\u2074-\u2079\u2080-\u2089\u2150-\u215f\u2189"
    "\u2460-\u249b\u24ea\u3251-\u325f\u32b1-\u32cb\u3358-\u3370\u3378\u3379\u339f-\u33a6"
    "\u33a8\u33af\u33e0-\u33fe\U0001f100-\U0001f10a]")
_KEPT: dict[str, str | None] = {}  # per character: what it folds to when NFKC would make digits of it


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round half away from zero to `places` decimals (the rule of Chinese financial reports)."""
    if isinstance(value, float):
        raise AmountError("内部错误：金额不能是浮点数")
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def normalize_text(text: str) -> str:
    """Full-width to half-width (NFKC) and every kind of minus sign to '-'.

    Characters that NFKC would turn into digits without being digits — ² ³ ¹ and the other super- and
    subscripts, ①, ⑴, ½ — are kept as they are, so `1²` never reads as 12; a squared unit such as ㎡
    becomes `m²`."""
    if text.isascii():
        return text.strip()
    if _DIGIT_LOOKALIKES.search(text):
        folded = _fold_keeping_digit_lookalikes(text)
    else:
        folded = unicodedata.normalize("NFKC", text)
    for sign in _MINUS_SIGNS:
        folded = folded.replace(sign, "-")
    return folded.strip()


def _kept(char: str) -> str | None:
    """What a character that NFKC would fold into digits stands for instead (itself, or for a squared
    unit its parts); None for any other character."""
    if char not in _KEPT:
        if char.isdecimal() or not _DIGIT_RE.search(unicodedata.normalize("NFKC", char)):
            _KEPT[char] = None
        else:
            tag, *parts = unicodedata.decomposition(char).split()
            _KEPT[char] = ("".join(_kept(chr(int(p, 16))) or chr(int(p, 16)) for p in parts)
                           if tag == "<square>" else char)
    return _KEPT[char]


def _fold_keeping_digit_lookalikes(text: str) -> str:
    result, run = [], []
    for char in text:
        kept = _kept(char)
        if kept is None:
            run.append(char)
            continue
        result.append(unicodedata.normalize("NFKC", "".join(run)))
        result.append(kept)
        run = []
    result.append(unicodedata.normalize("NFKC", "".join(run)))
    return "".join(result)


def number_problem(number: Decimal) -> str | None:
    """Why a number (a target, a completion value, a rate) is too large or too fine to compute with,
    in Chinese; None when it has at most MAX_WHOLE_DIGITS whole and MAX_FRACTION_DIGITS decimal digits
    (leading and trailing zeros not counted). Works on the digits, so no context precision applies."""
    if not number.is_finite():
        return "不是有限的数字"
    _sign, digits, exponent = number.as_tuple()
    if not any(digits):
        return None  # zero, however many zeros it was written with
    whole = len(digits) + exponent
    fraction = 0
    if exponent < 0:
        trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
        fraction = max(0, -exponent - trailing)
    if whole > MAX_WHOLE_DIGITS:
        return f"数字过大（整数部分最多 {MAX_WHOLE_DIGITS} 位）"
    if fraction > MAX_FRACTION_DIGITS:
        return f"小数位过多（最多 {MAX_FRACTION_DIGITS} 位小数）"
    return None


def parse_number(text: str) -> Decimal:
    """A plain number (`97.28`, `-5`, full-width digits) within the bounds of `number_problem`,
    or DomainError with the reason in Chinese."""
    normalized = normalize_text(text)
    if not _NUMBER_RE.fullmatch(normalized):
        raise DomainError(f"“{_shown(text)}”不是数字")
    number = Decimal(normalized)
    problem = number_problem(number)
    if problem:
        raise DomainError(f"“{_shown(text)}”中的{problem}")
    return number


def _shown(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 24 else text[:24] + "…"


def parse_amount(value: object) -> Decimal:
    """Parse an amount typed by a user or read from a file into a two-place Decimal.

    Accepts `1,234.56`, full-width `１２３４．５６`, surrounding spaces, `-5.17` and `−5.17`,
    an int or a Decimal. Refuses anything else, a float and a third decimal with `AmountError`.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise AmountError(f"金额“{value}”是浮点数，无法保证精确，请以文本或定点数提供")
    if isinstance(value, int):
        if abs(value) >= MAX_AMOUNT:
            raise AmountError(f"金额“{value}”过大，请检查金额单位")
        return _checked(Decimal(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise AmountError(f"“{value}”不是有效的金额")
        if abs(value) >= MAX_AMOUNT:
            raise AmountError(f"金额“{value}”过大，请检查金额单位")
        if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
            raise AmountError(f"金额“{value}”超过两位小数，请保留两位小数")
        return _checked(value.quantize(CENT))
    if not isinstance(value, str):
        raise AmountError(f"“{value}”不是有效的金额")
    text = normalize_text(value)
    if not text:
        raise AmountError("请填写金额")
    match = _AMOUNT_RE.fullmatch(text)
    if match is None:
        raise AmountError(f"“{value.strip()}”不是有效的金额，请填写数字，例如 1234.56 或 -5.17")
    sign, whole, fraction = match.groups()
    if fraction is not None and len(fraction) > 2:
        raise AmountError(f"金额“{value.strip()}”超过两位小数，请保留两位小数")
    digits = whole.replace(",", "") + ("." + fraction if fraction else "")
    if len(whole.replace(",", "").lstrip("0")) > 13:
        raise AmountError(f"金额“{value.strip()}”过大，请检查金额单位")
    try:
        amount = Decimal(sign + digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise AmountError(f"“{value.strip()}”不是有效的金额") from None
    return _checked(amount.quantize(CENT))


def parse_optional_amount(value: object) -> Decimal | None:
    """Like `parse_amount`, but blank text or None means "not entered"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_amount(value)


def _checked(amount: Decimal) -> Decimal:
    if abs(amount) >= MAX_AMOUNT:
        raise AmountError(f"金额“{amount}”过大，请检查金额单位")
    return amount.quantize(CENT)


def format_amount(amount: Decimal | None, thousands: bool = False) -> str:
    """`2467.09`, `-5.17`, `15.60`; empty for None. Quantizes half-up first, never via float."""
    if amount is None:
        return ""
    amount = round_half_up(amount)
    return f"{amount:,}" if thousands else f"{amount}"


def format_rate(rate: Decimal | None) -> str:
    """A percentage already in percent units: `97.28%`; empty for None."""
    if rate is None:
        return ""
    return f"{round_half_up(rate)}%"


def percent_of(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator ÷ denominator × 100, rounded half-up to 2 places; None when the denominator is 0."""
    if denominator == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 60  # enough digits that no inexact quotient can land on a rounding tie
        return round_half_up(numerator * 100 / denominator)


def sum_amounts(amounts: Iterable[Decimal | None]) -> Decimal | None:
    """Exact sum of the entered amounts; None when none is entered."""
    total = None
    for amount in amounts:
        if amount is not None:
            total = amount if total is None else total + amount
    return total


def to_minor_units(amount: Decimal) -> int:
    """Decimal amount → integer hundredths for storage; refuses a float or a third decimal."""
    return int(parse_amount(amount) * 100)


def from_minor_units(units: int) -> Decimal:
    """Integer hundredths from storage → two-place Decimal."""
    return (Decimal(int(units)) / 100).quantize(CENT)
