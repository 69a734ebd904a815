"""Comparing two states of a report (two final versions, or a version and the current draft): each
changed field and row, old → new, in the user's words."""
from __future__ import annotations

from difflib import SequenceMatcher

from models.fields import (
    BUDGET, COMPUTED, HEADER_FIELDS, INDICATORS, REPORT_FIELDS, TABLE_LABELS, TASKS, stored_fields)


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
        changes += _compare_rows(label, columns, name_column, old[table], new[table])
    return changes


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
