"""Places and texts for the rules that compare one part of the report with another.

`place` names a place as a finding does (tab, row as numbered in the editor, column); `report_columns`
walks every text a reader reads — narrative sections, then the tables' text columns — with its place.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from models.checks.findings import Finding
from models.money import normalize_text
from models.tables import NARRATIVE_FIELDS

TASK_TEXTS = ("duty", "name", "content", "completion")
INDICATOR_TEXTS = ("name", "reason")


class Where(NamedTuple):
    """A place in the report (a tuple: thousands are made per check run, cheaply)."""
    table: str
    row_id: int | None
    row_number: int | None
    column: str | None
    row_name: str = ""

    @property
    def label(self) -> str:
        return place(self.table, self.row_number, self.row_name, self.column)

    def finding(self, level: str, message: str, suggestion: str = "") -> Finding:
        return Finding(level, self.table, self.row_id, self.row_number, self.column, message, suggestion,
                       self.row_name)


def place(table: str, row_number: int | None = None, row_name: str = "", column: str | None = None) -> str:
    """部门整体自评表 第34行「群众满意度」 指标完成值 — the same words as a finding's place."""
    return Finding("", table, None, row_number, column, "", "", row_name).place


@lru_cache(maxsize=64)
def normalized(text: str) -> str:
    """`normalize_text`, once per narrative text: several rules read the same sections, and a text
    unchanged since the last run of the checks is not folded again (it costs about 1 ms per 3,000 characters)."""
    return normalize_text(text)


def narrative_texts(report):
    for field in NARRATIVE_FIELDS:
        text = report.narrative.get(field) or ""
        if text.strip():
            yield Where("narrative", None, None, field), text


def report_columns(report):
    """(texts, place of the i-th text) per narrative section and per text column of the three tables:
    a rule can join a column's texts and scan them at once, and name a place only for what it finds."""
    yield [report.narrative.get(field) or "" for field in NARRATIVE_FIELDS], \
        lambda i: Where("narrative", None, None, NARRATIVE_FIELDS[i])
    for table, rows, fields in (("budget", report.budget, ("name",)), ("tasks", report.tasks, TASK_TEXTS),
                                ("indicators", report.indicators, INDICATOR_TEXTS)):
        for field in fields:
            yield [getattr(row, field) or "" for row in rows], \
                lambda i, rows=rows, table=table, field=field: Where(table, rows[i].id, i + 1, field, rows[i].name)


_NUMBERING = re.compile(r"[（(][^（）()]*[）)]$")


def name_key(text: str) -> str:
    """A name as compared: half-width, without spaces, quotes or a trailing （…） (a copy's number)."""
    key = re.sub(r"[\s“”\"'‘’]", "", normalize_text(text or ""))
    return _NUMBERING.sub("", key) or key


def listed(items: list[str], most: int = 5) -> str:
    """`a；b；c` — at most `most` of them, then how many more."""
    shown = "；".join(items[:most])
    return shown + (f"；另有 {len(items) - most} 项" if len(items) > most else "")
