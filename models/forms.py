"""Forms (表式): what a report's tables, blocks and scores look like, read from TOML data files.

The program ships its forms in `resources/forms/`; a finance bureau's own form goes into the `forms/`
folder of the user's data folder (a file there with a shipped key replaces the shipped one). A form
declares its title, its blocks in printed order (header, narrative, funding, goal, table, note), each
table's columns (a field of the catalogue in `models.fields`, the heading as printed with `{unit}`
for the report's 金额单位, the printed width in mm), whether indicators are scored and the weights the
form fixes, and the sign-off fields. The format is described in README.md, with suzhou.toml as the
example.

A malformed file is refused with a Chinese message naming the file and the problem (`form_problems`);
the other forms keep working. Every report names one form (`reports.form`); a report naming a form
that is not installed is shown in the Suzhou form and its key is kept.
"""
from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from models.errors import DomainError

DEFAULT_FORM = "suzhou"
HEADER, NARRATIVE, FUNDING, GOAL, TABLE, NOTE = "header", "narrative", "funding", "goal", "table", "note"
BLOCK_KINDS = (HEADER, NARRATIVE, FUNDING, GOAL, TABLE, NOTE)
TABLES = ("budget", "tasks", "indicators")
EXECUTION = "预算执行率"  # the default name of the execution score's category
MAX_FORM_BYTES = 256 * 1024


def _resource_dir() -> Path:
    # A PyInstaller bundle unpacks the resources beside the program (sys._MEIPASS).
    base = getattr(sys, "_MEIPASS", None)
    return Path(base) if base else Path(__file__).resolve().parent.parent


SHIPPED_DIR = _resource_dir() / "resources" / "forms"


def user_forms_dir() -> Path:
    """Forms a bureau hands out: `forms/` in the user's data folder, or the folder JIXIAO_FORMS_DIR names."""
    folder = os.environ.get("JIXIAO_FORMS_DIR")
    if folder:
        return Path(folder)
    from models.paths import data_dir
    return data_dir() / "forms"


@dataclass(frozen=True)
class Column:
    field: str        # a key of the catalogue's table (or 'score_override' / 'deviation_override' for 得分 / 偏差情况)
    heading: str      # as printed; `{unit}` stands for the report's 金额单位
    width: Decimal    # printed width in mm

    def heading_for(self, unit: str = "万元") -> str:
        return self.heading.replace("{unit}", unit)


@dataclass(frozen=True)
class TextItem:
    """A text of a narrative or header block: the field, and the heading printed above it."""

    field: str
    section: str = ""   # a numbered section heading (二、年度履职目标完成情况) printed above this field
    lead: str = ""      # the sub-heading printed before the text (1. 机构设置)
    heading: str = ""   # header: the label printed before the value


@dataclass(frozen=True)
class FundingLine:
    key: str     # total, fiscal, carryover, special, unit, other (models.fields.FUNDING_ROW_KEYS)
    label: str   # as printed: 年度资金总额, 其中：本年财政拨款 …


@dataclass(frozen=True)
class Block:
    kind: str
    heading: str = ""
    table: str = ""                                  # TABLE: budget, tasks or indicators
    columns: tuple[Column, ...] = ()
    items: tuple[TextItem, ...] = ()                 # HEADER, NARRATIVE
    rows: tuple[FundingLine, ...] = ()               # FUNDING
    label_heading: str = ""                          # FUNDING: the heading over the row labels
    label_width: Decimal = Decimal(0)                # FUNDING: its width in mm
    text: str = ""                                   # NOTE

    @property
    def width(self) -> Decimal:
        return self.label_width + sum((c.width for c in self.columns), Decimal(0))

    def heading_for(self, unit: str = "万元") -> str:
        return self.heading.replace("{unit}", unit)


@dataclass(frozen=True)
class Scoring:
    total_label: str = "总分"
    grade_label: str = "自评等级"
    execution_category: str = EXECUTION
    categories: tuple[str, ...] = ()                 # the first-level categories the form knows
    weights: dict[str, Decimal] = field(default_factory=dict)   # fixed weights by first-level category
    indicator_total: Decimal | None = None           # what the indicators' weights add up to (100 − fixed execution)
    reason_below_rate: Decimal | None = None         # a funding row executed below this % needs a 原因

    @property
    def execution_weight(self) -> Decimal | None:
        return self.weights.get(self.execution_category)


@dataclass(frozen=True)
class Form:
    key: str
    name: str
    title: str
    scored: bool
    blocks: tuple[Block, ...]
    signoff: tuple[str, ...]
    scoring: Scoring | None
    path: Path | None = None

    def table_block(self, table: str) -> Block | None:
        """The block showing `table` (budget, tasks, indicators), None when the form has none."""
        return next((b for b in self.blocks if b.kind == TABLE and b.table == table), None)

    def columns(self, table: str) -> tuple[Column, ...]:
        block = self.table_block(table)
        return block.columns if block else ()

    def block(self, kind: str) -> Block | None:
        return next((b for b in self.blocks if b.kind == kind), None)

    @property
    def funding(self) -> Block | None:
        return self.block(FUNDING)

    def text_fields(self) -> tuple[str, ...]:
        """The report's texts this form shows, in its order (narrative and goal blocks)."""
        keys = []
        for block in self.blocks:
            if block.kind == NARRATIVE:
                keys += [item.field for item in block.items]
            elif block.kind == GOAL:
                keys += [column.field for column in block.columns]
        return tuple(keys)

    def shows(self, table: str) -> bool:
        return self.table_block(table) is not None

    @property
    def has_target_parts(self) -> bool:
        return any(c.field.startswith("target_") for c in self.columns("indicators"))


class FormError(DomainError):
    """A form file that cannot be used, with the reason in Chinese."""


# ---- reading a form file ----

# The names each table of a form file may hold: anything else is a typing error (`scorde = true`
# would silently make a scored form unscored), refused with its name.
_TOP_NAMES = {"key", "name", "title", "scored", "signoff", "scoring", "blocks"}
_SCORING_NAMES = {"total_label", "grade_label", "execution_category", "categories", "weights", "indicator_total",
                  "reason_below_rate"}
_BLOCK_NAMES = {"kind", "heading", "table", "columns", "fields", "rows", "label_heading", "label_width", "text"}
_COLUMN_NAMES = {"field", "heading", "width"}
_ITEM_NAMES = {"field", "section", "lead", "heading"}
_ROW_NAMES = {"key", "label"}


def _known_names(data: dict, names: set[str], where: str) -> None:
    unknown = [str(name) for name in data if name not in names]
    if unknown:
        raise FormError(f"{where}有不认识的项“{'、'.join(unknown)}”（可用：{'、'.join(sorted(names))}）")

def _need(data: dict, key: str, kind, where: str):
    if key not in data:
        raise FormError(f"{where}缺少“{key}”")
    value = data[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise FormError(f"{where}的“{key}”类型不对")
    return value


def _number(value, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise FormError(f"{where}不是数字")
    try:
        number = Decimal(str(value))  # TOML's 12.5 reaches here as text of its digits, never as arithmetic
    except ArithmeticError:
        raise FormError(f"{where}“{value}”不是数字") from None
    if not number.is_finite() or number < 0 or number > 1000:
        raise FormError(f"{where}“{value}”不在 0–1000 之间")
    return number


def _columns(data: dict, table: str, where: str) -> tuple[Column, ...]:
    from models.fields import TABLE_FIELDS
    known = {f.key for f in TABLE_FIELDS.get(table, ())} | ({"score_override"} if table == "indicators" else set())
    return _column_list(data, where, known, f"{_TABLE_WORDS.get(table, table)}的字段", 20)


def _column_list(data: dict, where: str, known: set[str], what: str, width: int) -> tuple[Column, ...]:
    """The `columns` of a block: each a known field, its heading and its width in mm."""
    raw = _need(data, "columns", list, where)
    if not raw:
        raise FormError(f"{where}没有任何栏目")
    columns = []
    for number, item in enumerate(raw, 1):
        place = f"{where}第 {number} 栏"
        if not isinstance(item, dict):
            raise FormError(f"{place}写法不对")
        _known_names(item, _COLUMN_NAMES, place)
        key = _need(item, "field", str, place)
        if key not in known:
            raise FormError(f"{place}的字段“{key}”不是{what}")
        columns.append(Column(key, _need(item, "heading", str, place),
                              _number(item.get("width", width), f"{place}的宽度")))
    return tuple(columns)


_TABLE_WORDS = {"budget": "预算信息", "tasks": "年度重点任务", "indicators": "部门整体自评表", "funding": "资金情况",
                "report": "报告"}


def _text_items(data: dict, where: str, allowed: set[str]) -> tuple[TextItem, ...]:
    items = []
    for number, item in enumerate(_need(data, "fields", list, where), 1):
        place = f"{where}第 {number} 项"
        if isinstance(item, str):
            item = {"field": item}
        if not isinstance(item, dict):
            raise FormError(f"{place}写法不对")
        _known_names(item, _ITEM_NAMES, place)
        key = _need(item, "field", str, place)
        if key not in allowed:
            raise FormError(f"{place}的字段“{key}”不能放在这里")
        items.append(TextItem(key, str(item.get("section", "")), str(item.get("lead", "")), str(item.get("heading", ""))))
    return tuple(items)


def _block(data, number: int) -> Block:
    from models.fields import FORM_TEXT_FIELDS, FUNDING_ROW_KEYS, HEADER_FIELDS, NARRATIVE_FIELDS
    where = f"第 {number} 个区块"
    if not isinstance(data, dict):
        raise FormError(f"{where}写法不对")
    _known_names(data, _BLOCK_NAMES, where)
    kind = _need(data, "kind", str, where)
    if kind not in BLOCK_KINDS:
        raise FormError(f"{where}的类型“{kind}”未知（可用：{'、'.join(BLOCK_KINDS)}）")
    heading = str(data.get("heading", ""))
    if kind == HEADER:
        return Block(kind, heading, items=_text_items(data, where, {f.key for f in HEADER_FIELDS}))
    if kind == NARRATIVE:
        texts = {f.key for f in (*NARRATIVE_FIELDS, *FORM_TEXT_FIELDS)}
        return Block(kind, heading, items=_text_items(data, where, texts))
    if kind == GOAL:
        return Block(kind, heading, columns=_goal_columns(data, where))
    if kind == NOTE:
        return Block(kind, heading, text=_need(data, "text", str, where))
    if kind == FUNDING:
        rows = []
        for row_number, item in enumerate(_need(data, "rows", list, where), 1):
            place = f"{where}第 {row_number} 行"
            if not isinstance(item, dict):
                raise FormError(f"{place}写法不对")
            _known_names(item, _ROW_NAMES, place)
            key = _need(item, "key", str, place)
            if key not in FUNDING_ROW_KEYS:
                raise FormError(f"{place}的“{key}”不是资金行（可用：{'、'.join(FUNDING_ROW_KEYS)}）")
            rows.append(FundingLine(key, _need(item, "label", str, place)))
        if not rows or rows[0].key != "total":
            raise FormError(f"{where}的第一行必须是 total（资金总额）")
        if len({row.key for row in rows}) != len(rows):
            raise FormError(f"{where}有重复的资金行")
        return Block(kind, heading, columns=_columns(data, "funding", where), rows=tuple(rows),
                     label_heading=str(data.get("label_heading", "")),
                     label_width=_number(data.get("label_width", 36), f"{where}的 label_width"))
    table = _need(data, "table", str, where)
    if table not in TABLES:
        raise FormError(f"{where}的表“{table}”未知（可用：{'、'.join(TABLES)}）")
    return Block(kind, heading, table=table, columns=_columns(data, table, where))


def _goal_columns(data: dict, where: str) -> tuple[Column, ...]:
    from models.fields import FORM_TEXT_FIELDS, NARRATIVE_FIELDS
    texts = {f.key for f in (*NARRATIVE_FIELDS, *FORM_TEXT_FIELDS)}
    return _column_list(data, where, texts, "报告的文字段落", 78)


def _scoring(data, scored: bool) -> Scoring | None:
    if not scored:
        return None
    where = "[scoring]"
    if data is not None and not isinstance(data, dict):
        raise FormError(f"{where}写法不对")
    data = data or {}
    _known_names(data, _SCORING_NAMES, where)
    weights_raw = data.get("weights", {})
    if not isinstance(weights_raw, dict):
        raise FormError(f"{where}的 weights 写法不对")
    weights = {str(name): _number(value, f"{where}中“{name}”的分值") for name, value in weights_raw.items()}
    if sum(weights.values(), Decimal(0)) > 100:
        raise FormError(f"{where}固定的分值合计超过 100")
    categories = data.get("categories", [])
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise FormError(f"{where}的 categories 写法不对")
    execution = str(data.get("execution_category", EXECUTION))
    total = data.get("indicator_total")
    fixed_indicators = sum((w for name, w in weights.items() if name != execution), Decimal(0))
    indicator_total = (_number(total, f"{where}的 indicator_total") if total is not None
                       else (fixed_indicators if fixed_indicators else 100 - weights.get(execution, Decimal(0))))
    below = data.get("reason_below_rate")
    return Scoring(str(data.get("total_label", "总分")), str(data.get("grade_label", "自评等级")), execution,
                   tuple(categories), weights, indicator_total,
                   None if below is None else _number(below, f"{where}的 reason_below_rate"))


def read_form(path: Path) -> Form:
    """The form in `path`, or FormError naming the file and what is wrong with it."""
    name = path.name
    try:
        if path.stat().st_size > MAX_FORM_BYTES:
            raise FormError("文件过大")
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
        return _form(data, path)
    except FormError as error:
        raise FormError(f"表式文件“{name}”无法使用：{error}") from None
    except UnicodeDecodeError:
        raise FormError(f"表式文件“{name}”无法使用：不是 UTF-8 编码的文本") from None
    except tomllib.TOMLDecodeError as error:
        raise FormError(f"表式文件“{name}”无法使用：{_toml_place(error)}不符合 TOML 格式") from None
    except OSError as error:
        raise FormError(f"表式文件“{name}”无法读取：{error.strerror or error}") from None


def _toml_place(error: tomllib.TOMLDecodeError) -> str:
    """Where the TOML reader stopped, in Chinese (its own message is English)."""
    import re
    found = re.search(r"line (\d+), column (\d+)", str(error))
    return f"第 {found.group(1)} 行第 {found.group(2)} 列" if found else "内容"


def _form(data: dict, path: Path | None) -> Form:
    _known_names(data, _TOP_NAMES, "文件")
    key = _need(data, "key", str, "文件")
    if not key or not key.replace("_", "").replace("-", "").isalnum() or not key.isascii() or len(key) > 32:
        raise FormError(f"key“{key}”只能由英文字母、数字、-、_ 组成（最多 32 个）")
    scored = data.get("scored", False)
    if not isinstance(scored, bool):
        raise FormError("scored 只能是 true 或 false")
    raw_blocks = _need(data, "blocks", list, "文件")
    blocks = tuple(_block(item, number) for number, item in enumerate(raw_blocks, 1))
    tables = [b.table for b in blocks if b.kind == TABLE]
    if len(set(tables)) != len(tables):
        raise FormError("同一张表出现了两次")
    if "indicators" not in tables:
        raise FormError("没有部门整体自评表（table = \"indicators\"）")
    from models.fields import SIGNOFF_KEYS
    signoff = data.get("signoff", list(SIGNOFF_KEYS))
    if not isinstance(signoff, list) or any(item not in SIGNOFF_KEYS for item in signoff):
        raise FormError(f"signoff 只能列出 {'、'.join(SIGNOFF_KEYS)}")
    form = Form(key, _need(data, "name", str, "文件"), _need(data, "title", str, "文件"), scored, blocks,
                tuple(signoff), _scoring(data.get("scoring"), scored), path)
    if scored and not any(c.field == "weight" for c in form.columns("indicators")):
        raise FormError("计分的表式，部门整体自评表须有分值栏（field = \"weight\"）")
    return form


# ---- the installed forms ----

@dataclass(frozen=True)
class Catalogue:
    forms: dict[str, Form]
    problems: tuple[str, ...]   # the files refused, each with its reason


def _form_files() -> list[Path]:
    files = sorted(SHIPPED_DIR.glob("*.toml"))
    user = user_forms_dir()
    try:
        if user.is_dir():
            files += sorted(user.glob("*.toml"))
    except OSError:
        pass
    return files


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The shipped forms, then the user's (a user's form with a shipped key replaces it)."""
    forms: dict[str, Form] = {}
    problems = []
    for path in _form_files():
        try:
            form = read_form(path)
        except FormError as error:
            problems.append(str(error))
            continue
        forms[form.key] = form
    if DEFAULT_FORM not in forms:  # the shipped Suzhou file itself is part of the program
        raise FormError(f"缺少程序自带的表式文件 {DEFAULT_FORM}.toml，请重新安装本程序")
    return Catalogue(forms, tuple(problems))


def reload_forms() -> Catalogue:
    """Read the form files again (after a file was added to the forms folder)."""
    catalogue.cache_clear()
    return catalogue()


def form_keys() -> tuple[str, ...]:
    return tuple(catalogue().forms)


def all_forms() -> list[Form]:
    return list(catalogue().forms.values())


def form_problems() -> tuple[str, ...]:
    return catalogue().problems


def get_form(key: str | None) -> Form:
    """The form `key`; the Suzhou form when the key is not installed (the report keeps its key)."""
    forms = catalogue().forms
    return forms.get(key or DEFAULT_FORM) or forms[DEFAULT_FORM]


def form_of(report) -> Form:
    """The form of a report (anything with a `form` attribute)."""
    return get_form(getattr(report, "form", None))
