"""Comparing two states of a report (two final versions, or a version and the current draft): each
changed field and row, old → new, in the user's words."""
from __future__ import annotations

from difflib import SequenceMatcher

from models.fields import (
    BUDGET, COMPUTED, FORM_FIELD, FORM_TEXT_FIELDS, FUNDING, FUNDING_ROW_KEYS, HEADER_FIELDS, INDICATORS,
    REPORT_FIELDS, TABLE_LABELS, TASKS, stored_fields)


def _columns(table: str) -> list[str]:
    """The stored columns of a table as the versions keep them (models/fingerprint.py), in the user's words."""
    labels = [f.label + ("（手工）" if f.kind == COMPUTED else "") for f in stored_fields(table)]
    return ["级次", *labels] if table == BUDGET else labels


# table → (label, column labels, index of the column that names a row)
TABLES = {table: (TABLE_LABELS[table], _columns(table), 1 if table != INDICATORS else 2)
          for table in (BUDGET, TASKS, INDICATORS)}


def _short(value) -> str:
    text = "（空）" if value in (None, "") else str(value)
    return text if len(text) <= 60 else text[:60] + "…"


def compare_contents(old: dict, new: dict) -> list[str]:
    """One line per difference: `place：old → new`, rows added or removed."""
    changes = []
    for key in (field.key for field in HEADER_FIELDS):
        if old[key] != new[key]:
            changes.append(f"{REPORT_FIELDS[key].label}：{_short(old[key])} → {_short(new[key])}")
    for group in ("narrative", "signoff"):
        for key in new[group]:
            if old[group].get(key) != new[group][key]:
                label = REPORT_FIELDS[key].label if key in REPORT_FIELDS else key
                changes.append(f"{label}：{_short(old[group].get(key))} → {_short(new[group][key])}")
    for table, (label, columns, name_column) in TABLES.items():
        width = len(columns)  # a plain Suzhou version holds fewer indicator values: the others are empty
        pad = lambda rows: [list(row) + [""] * (width - len(row)) for row in rows]  # noqa: E731
        changes += _compare_rows(label, columns, name_column, pad(old[table]), pad(new[table]))
    return changes + _compare_form(old, new)


def _form_name(key: str) -> str:
    from models.forms import form_keys, get_form
    return get_form(key).name if key in form_keys() else key


def _compare_form(old: dict, new: dict) -> list[str]:
    """表式, the form texts and the funding block (absent from a plain Suzhou content: suzhou, empty)."""
    changes = []
    old_form, new_form = old.get("form", "suzhou"), new.get("form", "suzhou")
    if old_form != new_form:
        changes.append(f"{FORM_FIELD.label}：{_form_name(old_form)} → {_form_name(new_form)}")
    for field in FORM_TEXT_FIELDS:
        before, after = old.get("form_texts", {}).get(field.key, ""), new.get("form_texts", {}).get(field.key, "")
        if before != after:
            changes.append(f"{field.label}：{_short(before)} → {_short(after)}")
    old_rows, new_rows = old.get("funding", {}), new.get("funding", {})
    labels = funding_labels(new_form)
    columns = [f.label + ("（手工）" if f.kind == COMPUTED else "") for f in stored_fields(FUNDING)]
    for key in FUNDING_ROW_KEYS:
        before, after = old_rows.get(key, [""] * len(columns)), new_rows.get(key, [""] * len(columns))
        for column, (a, b) in enumerate(zip(before, after)):
            if a != b:
                changes.append(f"{TABLE_LABELS[FUNDING]}「{labels.get(key, key)}」{columns[column]}："
                               f"{_short(a)} → {_short(b)}")
    return changes


PLAIN_FUNDING_LABELS = {"total": "总额", "fiscal": "财政资金", "carryover": "上年结转资金",
                        "special": "财政专户管理资金", "unit": "单位资金", "other": "其他资金"}


def funding_labels(form_key: str) -> dict[str, str]:
    """The printed label of each funding row in the form `form_key` (年度资金总额 …), a plain name for
    the rows that form does not have."""
    from models.forms import get_form
    block = get_form(form_key).funding
    return {**PLAIN_FUNDING_LABELS, **({line.key: line.label for line in block.rows} if block else {})}


def _compare_rows(label, columns, name_column, old_rows, new_rows) -> list[str]:
    changes = []
    keys = lambda rows: [tuple(row[:name_column + 1]) for row in rows]  # noqa: E731 - rows matched by name
    matcher = SequenceMatcher(a=keys(old_rows), b=keys(new_rows), autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and a1 - a0 == b1 - b0):
            for old_row, new_row, number in zip(old_rows[a0:a1], new_rows[b0:b1], range(b0 + 1, b1 + 1)):
                for column, (before, after) in enumerate(zip(old_row, new_row)):
                    if before != after:
                        changes.append(f"{label} 第{number}行「{new_row[name_column]}」{columns[column]}："
                                       f"{_short(before)} → {_short(after)}")
            continue
        for row in old_rows[a0:a1]:
            changes.append(f"{label}：删除了「{row[name_column]}」")
        for number, row in zip(range(b0 + 1, b1 + 1), new_rows[b0:b1]):
            changes.append(f"{label} 第{number}行：新增「{row[name_column]}」")
    return changes
