"""指标目标值 and 指标完成值: a quantitative target (operator, number, unit) or a qualitative phrase.

Parsing never rejects and never loses text: whatever does not read as quantitative is kept as
qualitative, word for word. A number too large or too fine to compute with (models.money.number_problem)
is not read either: the Target carries the reason in `problem`, `check_target` refuses such text on
input, and a stored one (a hand-edited file) is left out of every computation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from models.errors import DomainError
from models.money import normalize_text, number_problem

QUANTITATIVE = "quantitative"
QUALITATIVE = "qualitative"
EMPTY = "empty"

# Spelled-out operators, longest first so that 大于等于 wins over 大于.
_OPERATOR_WORDS = [
    ("大于等于", ">="), ("小于等于", "<="), ("大于或等于", ">="), ("小于或等于", "<="),
    ("不低于", ">="), ("不少于", ">="), ("不小于", ">="), ("至少", ">="), ("达到", ">="),
    ("不高于", "<="), ("不多于", "<="), ("不大于", "<="), ("不超过", "<="), ("至多", "<="),
    ("大于", ">"), ("小于", "<"), ("等于", "="), ("高于", ">"), ("低于", "<"),
    (">=", ">="), ("=>", ">="), ("≥", ">="), ("≧", ">="), ("⩾", ">="),
    ("<=", "<="), ("=<", "<="), ("≤", "<="), ("≦", "<="), ("⩽", "<="),
    ("==", "="), ("=", "="), (">", ">"), ("<", "<"),
]
_NUMBER_RE = re.compile(r"([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)")
# A unit: a percent or per-mille sign, or a short word without digits (个, 次, 万元, 人次, km).
_UNIT_RE = re.compile(r"%|‰|[\u4e00-\u9fffA-Za-z/²³·]{1,4}")


@dataclass(frozen=True)
class Target:
    """A parsed target or completion value; `text` is always exactly what was entered."""

    text: str
    kind: str
    operator: str | None = None
    value: Decimal | None = None
    unit: str = ""
    problem: str = ""  # why a number in the text was not read (too large), in Chinese

    @property
    def is_quantitative(self) -> bool:
        return self.kind == QUANTITATIVE

    @property
    def is_empty(self) -> bool:
        return self.kind == EMPTY

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"


def parse_target(text: str | None) -> Target:
    """Read `=100%`, `>=85%`, `≤ 1000000 册`, `不低于９５％`, `3个` … or keep a phrase as qualitative.

    A bare number (`97.28%`, `1 个`) reads as `=`: that is how completion values are written.
    """
    original = "" if text is None else str(text)
    normalized = normalize_text(original)
    if not normalized:
        return Target(original, EMPTY)
    compact = re.sub(r"\s+", "", normalized)
    operator, rest = "=", compact
    for word, symbol in _OPERATOR_WORDS:
        if compact.startswith(word):
            operator, rest = symbol, compact[len(word):]
            break
    number = _NUMBER_RE.match(rest)
    if number is None:
        return Target(original, QUALITATIVE)
    unit = rest[number.end():]
    if unit and not _UNIT_RE.fullmatch(unit):
        return Target(original, QUALITATIVE)
    value = Decimal(number.group(1).replace(",", ""))
    problem = number_problem(value)
    if problem:
        return Target(original, QUALITATIVE, problem=problem)
    return Target(original, QUANTITATIVE, operator, value, unit)


def check_target(text: str) -> str:
    """The text of a target or completion value as entered, or DomainError when it holds a number
    too large or too fine to compute with."""
    problem = parse_target(text).problem
    if problem:
        raise DomainError(problem)
    return text


def looks_numeric(value: str | Target | None) -> bool:
    """True for text (or its parsed Target) that was meant as a number but did not parse (a likely
    typo): it starts with a comparison or holds a percent sign, or its number is too large. Phrases
    such as 每年 12 月 31 日前完成 are not flagged."""
    target = value if isinstance(value, Target) else parse_target(value)
    if target.problem:
        return True
    if target.kind != QUALITATIVE or not any(ch.isdigit() for ch in target.text):
        return False
    compact = re.sub(r"\s+", "", normalize_text(target.text))
    starts_with_operator = any(compact.startswith(word) for word, _symbol in _OPERATOR_WORDS)
    return any(ch.isdigit() for ch in compact) and (starts_with_operator or "%" in compact)


def phrase_key(text: str) -> str:
    """A phrase without differences of width and spacing, for comparing and grouping."""
    return re.sub(r"\s+", "", normalize_text(text))


def same_phrase(a: str, b: str) -> bool:
    """Two qualitative phrases are the same when they differ only in width and spaces."""
    return phrase_key(a) == phrase_key(b)


# ---- 指标性质 / 指标值 / 度量单位: a target split into three columns (the sichuan form) ----

NATURES = ("≥", "＝", "≤", "定性")
QUALITATIVE_NATURE = "定性"
_NATURE_OF = {">=": "≥", ">": "≥", "=": "＝", "<=": "≤", "<": "≤"}
_NATURE_SYMBOL = {"≥": "≥", "＝": "=", "≤": "≤"}   # how a join writes each operator
_NATURE_WORDS = {"定性": "定性", "": "", **{word: _NATURE_OF[symbol] for word, symbol in _OPERATOR_WORDS},
                 "＝": "＝", "≥": "≥", "≤": "≤"}


@lru_cache(maxsize=16_384)
def split_target(text: str | None) -> tuple[str, str, str]:
    """(指标性质, 指标值, 度量单位) of a target: nature ≥, ＝, ≤ (a bare number is ＝; > and < count as ≥
    and ≤) with the number as entered and the unit; 定性 with the phrase as value; ("", "", "") when empty.
    An operator alone (`≥`, `>=`: the nature typed before the value) is that nature with no value."""
    target = parse_target(text)
    if target.is_empty:
        return "", "", ""
    if not target.is_quantitative:
        operator = dict(_OPERATOR_WORDS).get(re.sub(r"\s+", "", normalize_text(target.text)))
        if operator is not None and not target.problem:
            return _NATURE_OF[operator], "", ""
        return QUALITATIVE_NATURE, target.text.strip(), ""
    compact = re.sub(r"\s+", "", normalize_text(target.text))
    for word, _symbol in _OPERATOR_WORDS:
        if compact.startswith(word):
            compact = compact[len(word):]
            break
    number = _NUMBER_RE.match(compact)
    return _NATURE_OF[target.operator], number.group(1), target.unit


def parse_nature(value: object) -> str:
    """A typed 指标性质: one of NATURES or empty (>=, =, <=, 不低于 … are read as their sign)."""
    text = re.sub(r"\s+", "", normalize_text("" if value is None else str(value)))
    nature = _NATURE_WORDS.get(text) or _NATURE_WORDS.get(str(value or "").strip())
    if nature is None and text not in _NATURE_WORDS:
        raise DomainError("指标性质只能是 ≥、＝、≤ 或 定性")
    return nature or ""


def join_target(nature: str, value: str, unit: str, like: str = "") -> str:
    """The target text of three parts: ≥ 80 % → `≥80%`, ＝ 2 份 → `=2份`, 定性 → the phrase alone; a
    nature without value or unit is kept as its sign alone (`≥`), so that it can be typed first.

    `like` is the target before an edit of one part: what the edit did not change keeps its spelling
    (`>=85%` with the value 90 gives `>=90%`, `<=1000000 册` with the unit 本 gives `<=1000000 本`), so
    that joining a target's own parts gives it back exactly."""
    nature, value, unit = parse_nature(nature), str(value or "").strip(), str(unit or "").strip()
    if like and split_target(like) == (nature, value, unit):
        return like
    if nature == QUALITATIVE_NATURE or not nature and not unit:
        return value
    if like:
        old_nature, old_value, old_unit = split_target(like)
        number = _NUMBER_RE.search(like)
        if old_nature == nature and nature in _NATURE_SYMBOL and number is not None:
            rest = like[number.end():]
            gap = rest[:len(rest) - len(rest.lstrip())]
            return (like[:number.start()] + (number.group(1) if value == old_value else value)
                    + (gap + unit if unit else ""))
    return _NATURE_SYMBOL.get(nature, "") + value + unit


def is_number_part(value: str) -> bool:
    """Whether a 指标值 is a number (`2`, `95.5`, `1,000`; with its unit typed along, `2项`)."""
    return bool(value) and parse_target(value).is_quantitative


def part_problem(nature: str, value: str, unit: str, given) -> str:
    """Why the parts of a target (指标性质, 指标值, 度量单位) cannot stand together, or "": a number is not
    定性, a phrase has no ≥ ＝ ≤, a 度量单位 needs a number before it (else the joined text would read
    as a phrase: `≥项`). `given` names the parts being set: only a combination they make is refused
    (what a report already holds is shown as it is). An empty 指标值 takes any 指标性质."""
    if "target_nature" in given:
        if nature == QUALITATIVE_NATURE and is_number_part(value):
            return f"指标值“{value}”是数字，不能设为定性；请先把指标值改为文字，如“好”"
        if nature in _NATURE_SYMBOL and value and not is_number_part(value):
            return f"指标值“{value}”不是数字，不能设为“{nature}”；请先填写数字指标值"
    if unit and ("target_unit" in given or "target_value" in given):
        if nature == QUALITATIVE_NATURE:
            return f"定性指标不填度量单位（“{unit}”）；如是定量指标，请先填写数字指标值"
        if not value:
            return f"度量单位“{unit}”须跟在数字指标值之后；请先填写指标值（或先清除度量单位）"
    return ""


def edited_parts(current: str, given: dict) -> tuple[str, str, str]:
    """The parts of target `current` with the parts `given` (cleaned) put in: a number typed as the
    指标值 of a 定性 row makes it ＝ (as a bare number reads), a phrase typed as the 指标值 of a ≥ ＝ ≤
    row makes it 定性 (its unit goes with the number)."""
    nature, value, unit = split_target(current)
    nature = given.get("target_nature", nature)
    value = given.get("target_value", value)
    unit = given.get("target_unit", unit)
    if "target_nature" not in given and "target_value" in given:
        if nature == QUALITATIVE_NATURE and is_number_part(value):
            nature = ""
        elif nature in _NATURE_SYMBOL and value and not is_number_part(value):
            nature = QUALITATIVE_NATURE
    if nature == QUALITATIVE_NATURE and "target_unit" not in given:
        unit = ""  # a phrase has no unit: the one of the number it replaces goes with the number
    return nature, value, unit
