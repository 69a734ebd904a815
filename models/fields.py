"""Every field of the report, declared once: key, label as printed, kind, table, and how a value is
cleaned — with the cleaners themselves.

The editor's columns and forms, the PDF's headings, the workbook's headings and its import, the
comparison of versions, the findings' place names and the fingerprint's canonical order all read
this catalogue. To add a field: add its column to `models/tables.py` (with a migration) and one
`Field` here in the place it has in the printed report; the readers follow.

Labels are the published report's wording (seed: 苏州市便民服务中心 2022): 财务负责人（审核人）,
四、部门（单位）整体支出绩效实现情况, 六、1. 绩效自评结果拟应用, and so on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Callable

from models import limits
from models.errors import DomainError
from models.money import AMOUNT_UNITS, normalize_text, parse_number, parse_optional_amount
from models.targets import Target, check_target, parse_target

# Kinds: what a value is and how it is shown.
TEXT, LONG, AMOUNT, RATE, TARGET, COMPUTED = "text", "long", "amount", "rate", "target", "computed"
SCORE = "score"   # 分值 or a typed 得分: a Decimal of 0–100 with at most two places
PART = "part"     # a part of another field shown as a column of its own (sichuan: 指标性质 of the target)
# Tables: where a field lives. header, narrative and signoff are columns of the report itself.
HEADER, NARRATIVE, SIGNOFF, BUDGET, TASKS, INDICATORS, FUNDING = (
    "header", "narrative", "signoff", "budget", "tasks", "indicators", "funding")
TABLE_LABELS = {HEADER: "基本信息", NARRATIVE: "报告正文", SIGNOFF: "基本信息", BUDGET: "预算信息",
                TASKS: "年度重点任务", INDICATORS: "部门整体自评表", FUNDING: "资金情况"}
MAX_SCORE = 100

DEFAULT_TITLE = "苏州市市级预算部门（单位）整体支出预算绩效自评报告"
MIN_YEAR, MAX_YEAR = 1990, 2100

# Control characters other than tab and line break (C0, DEL, C1), and what XML cannot hold at all:
# lone surrogates, U+FFFE, U+FFFF. They are invisible, and Excel's and Word's files refuse them.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


# ---- the cleaners: every way in (editor, services, import) stores what these return ----

def printable(text: str) -> str:
    """The text without control characters other than tab and line break (see _UNPRINTABLE)."""
    return _UNPRINTABLE.sub("", text) if _UNPRINTABLE.search(text) else text


def within_limit(text: str, field: str | None = None, default: int = limits.LINE) -> str:
    """The text, or DomainError when it is longer than the field's limit (models/limits.py); the
    message names a report field (a table's field is named by the caller)."""
    limit = limits.limit_of(field, default)
    if len(text) > limit:
        known = REPORT_FIELDS.get(field) if field and "." not in field else None
        raise DomainError(f"{f'“{known.label}”' if known else '内容'}过长：有 {len(text):,} 个字符，"
                          f"最多可填 {limit:,} 个字符，请删减")
    return text


def clean_line(value: object, field: str | None = None, limited: bool = True) -> str:
    """A one-line text: surrounding spaces removed, line breaks turned into nothing, control
    characters removed; refused when longer than the field's limit (one line: limits.LINE) unless
    the caller checks that itself (`limited=False`)."""
    if value is None:
        return ""
    text = value if value.__class__ is str else str(value)
    if "\n" in text or "\r" in text:
        text = " ".join(text.replace("\r", "").split("\n"))
    text = printable(text).strip()
    return within_limit(text, field) if limited else text


def clean_text(value: object, field: str | None = None) -> str:
    """A long text: kept as entered, with Windows line ends unified, control characters and
    trailing space removed; refused when longer than the field's limit (a table's long text:
    limits.TABLE_TEXT)."""
    if value is None:
        return ""
    return within_limit(printable(str(value).replace("\r\n", "\n").replace("\r", "\n")).rstrip(), field,
                        limits.TABLE_TEXT)


def parse_year(value: object) -> int:
    """年度 from `2022`, `2022年` or `2022年度`, between MIN_YEAR and MAX_YEAR."""
    text = normalize_text(str(value)).removesuffix("年度").removesuffix("年").strip()
    if not re.fullmatch(r"\d{4}", text):
        raise DomainError(f"年度“{value}”无效，请填写四位数字年份，例如 2022")
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(f"年度 {year} 不在 {MIN_YEAR}–{MAX_YEAR} 之间，请检查")
    return year


def parse_fill_date(value: object) -> str:
    """填报日期 as ISO `YYYY-MM-DD`, from `2023-03-15`, `2023/3/15`, `2023.3.15` or `2023年3月15日`."""
    text = normalize_text("" if value is None else str(value))
    if not text:
        return ""
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    try:
        if match is None:
            raise ValueError
        return date(*map(int, match.groups())).isoformat()
    except ValueError:
        raise DomainError(f"填报日期“{value}”无效，请填写如 2023-03-15 或 2023年3月15日") from None


def parse_unit(value: object) -> str:
    """金额单位: 万元 or 元."""
    unit = str(value or "").strip()
    if unit not in AMOUNT_UNITS:
        raise DomainError(f"金额单位只能是{'或'.join(AMOUNT_UNITS)}")
    return unit


def clean_target(value: object) -> str:
    """A target or completion value: one line, its number (if any) small enough to compute with (said
    first: a number of 300 digits is too large rather than too long), and not too long."""
    return _checked_target(clean_line(value, limited=False))


@lru_cache(maxsize=16_384)  # an import checks each value, then the services store it: parsed once
def _checked_target(text: str) -> str:
    return within_limit(check_target(text), "indicators.target")


@lru_cache(maxsize=16_384)
def parsed_target(text: str) -> Target:
    """A stored target or completion value parsed (a Target is immutable, so one serves every row)."""
    return parse_target(text)


def clean_override(value: object) -> str | None:
    """A 偏差情况 typed by hand; empty means none (the computed value is shown)."""
    return clean_line(value) or None


def parse_optional_score(value: object) -> Decimal | None:
    """A 分值 or a typed 得分: empty → None; else a number of 0–100 with at most two places."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) or isinstance(value, bool):  # never a float near a score
        raise DomainError("分值或得分须为数字，请直接键入，例如 12.5")
    text = str(value).strip()
    try:
        score = parse_number(text)
    except DomainError:
        raise DomainError(f"分值或得分“{text[:24]}”不是数字，请填写 0 到 {MAX_SCORE} 之间的数，例如 12.5") from None
    if score.as_tuple().exponent < -2:
        raise DomainError(f"分值或得分“{text[:24]}”最多两位小数")
    if not 0 <= score <= MAX_SCORE:
        raise DomainError(f"分值或得分 {text[:24]} 不在 0 到 {MAX_SCORE} 之间")
    return score.quantize(Decimal("0.01"))


COMPLETION_LEVELS = ("达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差")


def parse_completion(value: object) -> str:
    """The completion wording of a qualitative indicator: one of COMPLETION_LEVELS, or empty."""
    text = clean_line(value)
    if text and text not in COMPLETION_LEVELS:
        raise DomainError(f"完成程度只能是{'、'.join(COMPLETION_LEVELS)}之一")
    return text


def parse_form_key(value: object) -> str:
    """A 表式 key that names a known form (resources/forms/ or the user's forms folder)."""
    from models.forms import form_keys  # the forms are read on first use, not at import
    key = clean_line(value)
    if key not in form_keys():
        raise DomainError(f"没有表式“{key}”；可用的表式：{'、'.join(form_keys())}")
    return key


def _line(limit_key: str | None) -> Callable[[object], str]:
    return lambda value: clean_line(value, limit_key)


def _text(limit_key: str | None) -> Callable[[object], str]:
    return lambda value: clean_text(value, limit_key)


# ---- the catalogue ----

@dataclass(frozen=True)
class Field:
    key: str            # the stored column (a computed field: the name of the derived value)
    label: str          # as printed, on one line: the column heading, the form label, the place name
    kind: str           # TEXT, LONG, AMOUNT, RATE, TARGET or COMPUTED
    table: str          # HEADER, NARRATIVE, SIGNOFF, BUDGET, TASKS or INDICATORS
    clean: Callable[[object], object] | None = None  # raw value → stored value, or DomainError; None: not stored
    heading: str = ""   # the printed column heading when it differs from `label` (类别 over two columns)
    unit: bool = False  # the heading carries the report's 金额单位 in brackets: 年初预算数（万元）
    section: str = ""   # narrative: the numbered section heading printed above this field's group
    lead: str = ""      # narrative: the sub-heading printed before the text (1. 机构设置)

    @property
    def stored(self) -> bool:
        return self.clean is not None

    def heading_for(self, unit: str = "万元") -> str:
        """The column heading as printed, with the unit where the seed has it."""
        text = self.heading or self.label
        return f"{text}（{unit}）" if self.unit else text


HEADER_FIELDS = (
    Field("title", "报告标题", TEXT, HEADER, _line("title")),
    Field("year", "年度", TEXT, HEADER, parse_year),
    Field("department", "预算部门名称", TEXT, HEADER, _line("department"), heading="一、预算部门名称"),
    Field("amount_unit", "金额单位", TEXT, HEADER, parse_unit),
)
FORM_FIELD = Field("form", "表式", TEXT, HEADER, parse_form_key)
NARRATIVE_FIELDS = (
    Field("goals", "二、年度履职目标完成情况", LONG, NARRATIVE, _text("goals"), section="二、年度履职目标完成情况"),
    Field("org_setup", "三、1. 机构设置", LONG, NARRATIVE, _text("org_setup"),
          section="三、部门（单位）概况", lead="1. 机构设置"),
    Field("duties", "三、2. 职责任务", LONG, NARRATIVE, _text("duties"), lead="2. 职责任务"),
    Field("operation", "三、3. 运行方式", LONG, NARRATIVE, _text("operation"), lead="3. 运行方式"),
    Field("performance", "四、部门（单位）整体支出绩效实现情况", LONG, NARRATIVE, _text("performance"),
          section="四、部门（单位）整体支出绩效实现情况"),
    Field("problems", "五、1. 存在问题", LONG, NARRATIVE, _text("problems"),
          section="五、部门（单位）整体支出绩效中存在问题及改进措施", lead="1. 存在问题"),
    Field("improvements", "五、2. 改进措施", LONG, NARRATIVE, _text("improvements"), lead="2. 改进措施"),
    Field("result_application", "六、1. 绩效自评结果拟应用", LONG, NARRATIVE, _text("result_application"),
          section="六、绩效自评结果拟应用和公开情况", lead="1. 绩效自评结果拟应用"),
    Field("result_disclosure", "六、2. 绩效自评结果公开情况", LONG, NARRATIVE, _text("result_disclosure"),
          lead="2. 绩效自评结果公开情况"),
)
# Texts that only some forms print (their headings come from the form); in no form's fixed order.
FORM_TEXT_FIELDS = (
    Field("goal_expected", "年度总体目标 预期目标", LONG, NARRATIVE, _text("goal_expected")),
    Field("goal_achieved", "年度总体目标 实际完成情况", LONG, NARRATIVE, _text("goal_achieved")),
    Field("conclusion", "评价结论", LONG, NARRATIVE, _text("conclusion")),
)
SIGNOFF_FIELDS = (
    Field("preparer", "填报人", TEXT, SIGNOFF, _line("preparer")),
    Field("phone", "联系电话", TEXT, SIGNOFF, _line("phone")),
    Field("finance_head", "财务负责人（审核人）", TEXT, SIGNOFF, _line("finance_head")),
    Field("unit_head", "单位负责人", TEXT, SIGNOFF, _line("unit_head")),
    Field("fill_date", "填报日期", TEXT, SIGNOFF, parse_fill_date),
)
BUDGET_FIELDS = (
    Field("name", "本年度预算资金", TEXT, BUDGET, clean_line, unit=True),
    Field("initial", "年初预算数", AMOUNT, BUDGET, parse_optional_amount, unit=True),
    Field("adjustment", "上年度结转及当年预算追加追减数", AMOUNT, BUDGET, parse_optional_amount, unit=True),
    Field("adjusted", "调整预算数", COMPUTED, BUDGET, unit=True),
    Field("actual", "实际支出数", AMOUNT, BUDGET, parse_optional_amount, unit=True),
    Field("execution_rate", "执行率", RATE, BUDGET, heading="执行率（%）"),
)
TASK_FIELDS = (
    Field("duty", "对应部门主要职责", LONG, TASKS, clean_text),
    Field("name", "任务名称", TEXT, TASKS, clean_line),
    Field("content", "主要内容", LONG, TASKS, clean_text),
    Field("completion", "完成情况", LONG, TASKS, clean_text),
)
INDICATOR_FIELDS = (
    Field("category1", "一级类别", TEXT, INDICATORS, clean_line, heading="类别"),
    Field("category2", "二级类别", TEXT, INDICATORS, clean_line, heading="类别"),
    Field("name", "指标名称", TEXT, INDICATORS, clean_line),
    Field("target", "指标目标值", TARGET, INDICATORS, clean_target),
    Field("actual", "指标完成值", TARGET, INDICATORS, clean_target),
    Field("source", "完成值来源", TEXT, INDICATORS, clean_line),
    # 偏差情况 is computed from target and actual; a value typed by hand is kept as the override.
    Field("deviation_override", "偏差情况", COMPUTED, INDICATORS, clean_override),
    Field("reason", "原因分析", LONG, INDICATORS, clean_text),
)
# Columns of the indicators that only some forms have (the Suzhou form above has none of them).
INDICATOR_FORM_FIELDS = (
    # Scored forms only (a form without scores neither shows nor prints them).
    Field("weight", "分值", SCORE, INDICATORS, parse_optional_score),
    # 得分 is computed by models/scoring.py; a value typed by hand is kept (qualitative, or an override).
    Field("score_override", "得分", COMPUTED, INDICATORS, parse_optional_score),
    Field("completion", "完成程度", TEXT, INDICATORS, parse_completion),
    # sichuan splits 指标目标值 into three columns: each edits its part of `target` (models.targets).
    Field("target_nature", "指标性质", PART, INDICATORS),
    Field("target_value", "指标值", PART, INDICATORS),
    Field("target_unit", "度量单位", PART, INDICATORS),
)
# The funding block of the mof and sichuan forms; its rows are named by the form (FundingRow.key).
FUNDING_FIELDS = (
    Field("initial", "年初预算数", AMOUNT, FUNDING, parse_optional_amount),
    Field("adjusted", "全年预算数", AMOUNT, FUNDING, parse_optional_amount),
    Field("actual", "全年执行数", AMOUNT, FUNDING, parse_optional_amount),
    Field("execution_rate", "执行率", RATE, FUNDING),
    Field("weight", "分值", SCORE, FUNDING, parse_optional_score),
    Field("score_override", "得分", COMPUTED, FUNDING, parse_optional_score),
    Field("reason", "原因", LONG, FUNDING, clean_text),
)
FUNDING_ROW_KEYS = ("total", "fiscal", "carryover", "special", "unit", "other")

REPORT_FIELDS: dict[str, Field] = {f.key: f for f in (*HEADER_FIELDS, FORM_FIELD, *NARRATIVE_FIELDS,
                                                       *FORM_TEXT_FIELDS, *SIGNOFF_FIELDS)}
TABLE_FIELDS: dict[str, tuple[Field, ...]] = {BUDGET: BUDGET_FIELDS, TASKS: TASK_FIELDS,
                                              INDICATORS: INDICATOR_FIELDS + INDICATOR_FORM_FIELDS,
                                              FUNDING: FUNDING_FIELDS}
SIGNOFF_KEYS = tuple(f.key for f in SIGNOFF_FIELDS)


def table_field(table: str, key: str) -> Field:
    """The field `key` of a table (budget, tasks, indicators); DomainError when there is none."""
    for found in TABLE_FIELDS.get(table, ()):
        if found.key == key:
            return found
    raise DomainError(f"{TABLE_LABELS.get(table, table)}中没有“{key}”这一栏")


def stored_fields(table: str) -> tuple[Field, ...]:
    """The fields of a table that are stored, in the printed order (the fingerprint's order too)."""
    return tuple(f for f in TABLE_FIELDS[table] if f.stored)


def label_of(table: str, key: str) -> str:
    """The label of a report field or a table's column, for place names; the key itself when unknown."""
    if table in (HEADER, NARRATIVE, SIGNOFF) or table not in TABLE_FIELDS:
        known = REPORT_FIELDS.get(key)
        if known is not None:
            return known.label
    for found in TABLE_FIELDS.get(table, ()):
        if found.key == key:
            return found.label
    return key
