"""The workbook of a form other than the seed's (mof, sichuan, a bureau's own): its sheets, their
headings as the form prints them, and the hidden columns that carry what the form does not show.

The seed's form (Suzhou) keeps the workbook of `xlsx_layout` unchanged. Any other form gives:
基本信息 with a 表式 row and the form's texts under the form's headings; 资金情况 (the funding block:
the block's heading in the first row, its row labels and column headings as printed) when the form
has one; 部门整体自评表 with the form's indicator columns, then the 总分 / 合计 row and the 自评等级 /
评价等级 line; 预算信息 (every form lists it, and the execution score is taken from it); 年度重点任务
only when the form shows it. Sheets follow the form's block order.

Hidden columns to the right of a sheet carry, for an exact round trip, what the form does not show
(完成值来源, a 偏差情况 typed by hand, 完成程度, a target's own spelling when the form splits it) and
what the export computed (a 得分 or 分值 not typed by the user), so that the import tells a value
typed in the workbook from one the program computed — as the hidden 偏差情况 column of the seed's
workbook does.
"""
from __future__ import annotations

from decimal import Decimal

from models.forms import FUNDING, TABLE, Form, all_forms
from models.fields import FORM_TEXT_FIELDS, INDICATOR_FIELDS, REPORT_FIELDS
from reports.xlsx_layout import SHEET_BUDGET, SHEET_FUNDING, SHEET_INDICATORS, SHEET_INFO, SHEET_TASKS

__all__ = ["SHEET_BUDGET", "SHEET_FUNDING", "SHEET_INDICATORS", "SHEET_INFO", "SHEET_TASKS"]
FORM_LABEL = "表式"
FORM_SEPARATOR = " · "  # 表式: `mof · 财政部（财预〔2020〕10号）`

SEED_INDICATOR_FIELDS = tuple(f.key for f in INDICATOR_FIELDS)

# hidden columns of 部门整体自评表 (what the form does not show, and what the export computed)
TARGET_TEXT_HEADING = "指标目标值（原文，请勿修改）"
SOURCE_HEADING = "完成值来源"
DEVIATION_TYPED_HEADING = "偏差情况（手工填写）"
COMPLETION_HEADING = "完成程度"
SCORE_MARK_HEADING = "导出时的得分计算值（请勿修改）"
# hidden columns of 资金情况
WEIGHT_MARK_HEADING = "导出时的分值（表式规定，请勿修改）"
CARRIED = "（表式未列）"  # a funding field the form does not show: 原因（表式未列）

TEXT_FIELDS_OF_INDICATORS = ("category1", "category2", "name", "source", "reason", "completion")
SCORE_FORMAT = "0.00"


def is_seed_layout(form: Form) -> bool:
    """The seed's workbook (the Suzhou form and any form laid out as it is): `xlsx_layout`, unchanged."""
    return (not form.scored and form.funding is None and form.shows("tasks")
            and tuple(c.field for c in form.columns("indicators")) == SEED_INDICATOR_FIELDS)


def form_value(form: Form) -> str:
    """What 基本信息's 表式 row says: the key, then the name."""
    return f"{form.key}{FORM_SEPARATOR}{form.name}"


def form_key_of(text: str) -> str:
    """The key a 表式 cell names: `mof · 财政部…`, `mof`, or a form's name alone."""
    text = text.strip()
    key = text.split(FORM_SEPARATOR.strip(), 1)[0].strip() if FORM_SEPARATOR.strip() in text else text
    for form in all_forms():
        if key == form.key or text == form.name:
            return form.key
    return key


def sheet_order(form: Form) -> list[str]:
    """The sheets after 基本信息, in the form's block order; 预算信息 last when the form has no such block."""
    names = []
    for block in form.blocks:
        if block.kind == FUNDING:
            names.append(SHEET_FUNDING)
        elif block.kind == TABLE:
            names.append({"budget": SHEET_BUDGET, "tasks": SHEET_TASKS, "indicators": SHEET_INDICATORS}[block.table])
    if SHEET_BUDGET not in names:
        names.append(SHEET_BUDGET)
    return names


def text_headings(form: Form) -> dict[str, str]:
    """The report texts a form shows with the heading it prints over each (goal: 年度总体目标 预期目标)."""
    headings = {}
    for block in form.blocks:
        if block.kind == "goal":
            for column in block.columns:
                headings[column.field] = f"{block.heading} {column.heading}".strip()
        elif block.kind == "narrative":
            for item in block.items:
                headings[item.field] = item.lead or item.section or REPORT_FIELDS[item.field].label
    return headings


def info_items(form: Form, texts: dict[str, str]) -> list[tuple[str, str]]:
    """(field, label) of 基本信息 in a form's workbook: the header, 表式, the form's texts under its
    headings, every other narrative text (nothing is lost), a form text the form does not show only
    when it holds something, then the sign-off."""
    from reports.xlsx_layout import INFO_ITEMS
    shown = text_headings(form)
    header = [(key, label) for key, label in INFO_ITEMS if REPORT_FIELDS[key].table == "header"]
    signoff = [(key, label) for key, label in INFO_ITEMS if REPORT_FIELDS[key].table == "signoff"]
    narrative = [(key, label) for key, label in INFO_ITEMS if REPORT_FIELDS[key].table == "narrative"
                 and key not in shown]
    others = [(f.key, f.label) for f in FORM_TEXT_FIELDS if f.key not in shown and texts.get(f.key)]
    return [*header, ("form", FORM_LABEL), *shown.items(), *narrative, *others, *signoff]


def info_labels() -> dict[str, str]:
    """Every label 基本信息 may hold, by `heading_key`-free text → field: the catalogue's, 表式, and each
    installed form's text headings (a heading two forms give different fields is left out)."""
    from reports.xlsx_layout import INFO_ITEMS
    labels = {label: key for key, label in INFO_ITEMS}
    labels.update({f.label: f.key for f in FORM_TEXT_FIELDS})
    labels[FORM_LABEL] = "form"
    seen: dict[str, set] = {}
    for form in all_forms():
        for key, heading in text_headings(form).items():
            seen.setdefault(heading, set()).add(key)
    for heading, keys in seen.items():
        if len(keys) == 1 and heading not in labels:
            labels[heading] = next(iter(keys))
    return labels


def width_of(millimetres: Decimal) -> float:
    """A column's width in characters from the form's printed width in mm."""
    return max(6.0, round(float(millimetres) * 0.8, 1))


def hidden_indicator_columns(form: Form) -> list[tuple[str, str]]:
    """(what, heading) of the hidden columns after a form's indicator columns."""
    fields = {c.field for c in form.columns("indicators")}
    hidden = []
    if "target" not in fields and fields & {"target_nature", "target_value", "target_unit"}:
        hidden.append(("target_text", TARGET_TEXT_HEADING))
    if "source" not in fields:
        hidden.append(("source", SOURCE_HEADING))
    if "deviation_override" not in fields:
        hidden.append(("deviation_typed", DEVIATION_TYPED_HEADING))
    if "completion" not in fields:
        hidden.append(("completion", COMPLETION_HEADING))
    if "score_override" in fields:
        hidden.append(("score_mark", SCORE_MARK_HEADING))
    return hidden


def hidden_funding_columns(form: Form) -> list[tuple[str, str]]:
    """(what, heading) of the hidden columns after the funding block: each stored field the form does
    not show (`carry:reason` …), then what the export computed."""
    from models.fields import TABLE_FIELDS
    fields = {c.field for c in form.funding.columns} if form.funding else set()
    hidden = [(f"carry:{f.key}", f"{f.label}{CARRIED}") for f in TABLE_FIELDS["funding"]
              if f.stored and f.key not in fields]
    if "weight" in fields:
        hidden.append(("weight_mark", WEIGHT_MARK_HEADING))
    if "score_override" in fields:
        hidden.append(("score_mark", SCORE_MARK_HEADING))
    return hidden


def notes_of(form: Form) -> list[str]:
    """The form's notes (说明：产出指标 50 分 …), printed below its indicators."""
    return [block.text for block in form.blocks if block.kind == "note" and block.text.strip()]


def is_note(text) -> bool:
    """A row below the indicators holding a form's note (or any 说明), which is no indicator."""
    if not isinstance(text, str):
        return False
    key = exact_key(text)
    return key.startswith(("说明:", "说明：", "注:", "注：", "备注:", "备注：")) or any(
        key == exact_key(note) for form in all_forms() for note in notes_of(form))


def total_labels() -> set[str]:
    """The words of a total or grade row of any installed form (总分, 合计, 自评等级, 评价等级)."""
    words = {"总分", "合计", "总计", "自评等级", "评价等级", "等级"}
    for form in all_forms():
        if form.scoring is not None:
            words |= {form.scoring.total_label, form.scoring.grade_label}
    return words


def exact_key(text) -> str:
    """A heading compared whole (its bracketed part kept), without spaces and width differences."""
    import re
    import unicodedata
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))
