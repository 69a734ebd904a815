"""Places and texts for the rules that compare one part of the report with another.

`place` names a place as a finding does (tab, row as numbered in the editor, column); `report_columns`
walks every text a reader reads — narrative sections, then the tables' text columns — with its place.
Only what the report's form (表式) shows is read: a text or a table it does not print (mof: 二–六 and
年度重点任务) is not the reader's, and no rule comments on it (`shown_texts`, `shows_table`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from models.checks.findings import Finding
from models.forms import DEFAULT_FORM, form_of
from models.money import normalize_text

TASK_TEXTS = ("duty", "name", "content", "completion")
INDICATOR_TEXTS = ("name", "reason")
PLANNED_TEXTS = ("goal_expected",)   # what was planned, not what was achieved: no figure there is a result


def form_key(report) -> str:
    """The report's form key as its findings carry it: '' for the Suzhou form (named by the catalogue)."""
    key = getattr(report, "form", None) or DEFAULT_FORM
    return "" if key == DEFAULT_FORM else key


def shown_texts(report) -> tuple[str, ...]:
    """The texts the report's form shows (suzhou: 二–六; mof: 年度总体目标; sichuan: 评价结论, 存在问题, 改进措施)."""
    return form_of(report).text_fields()


def shows_table(report, table: str) -> bool:
    """Whether the report's form shows `table` (mof and sichuan show no 年度重点任务)."""
    return form_of(report).shows(table)


def shows_column(report, table: str, column: str) -> bool:
    """Whether the report's form shows `column` of `table` (mof shows no 完成值来源 nor 偏差情况)."""
    columns = {c.field for c in form_of(report).columns(table)}
    return column in columns or column == "target" and "target_value" in columns


def text_of(report, field: str) -> str:
    """A narrative text (二–六) or a form's own text (年度总体目标, 评价结论) of the report."""
    if field in report.narrative:
        return report.narrative.get(field) or ""
    return (getattr(report, "form_texts", None) or {}).get(field) or ""


class Where(NamedTuple):
    """A place in the report (a tuple: thousands are made per check run, cheaply)."""
    table: str
    row_id: int | None
    row_number: int | None
    column: str | None
    row_name: str = ""
    form: str = ""      # the report's form key ('' for suzhou): the place is named in its headings

    @property
    def label(self) -> str:
        return place(self.table, self.row_number, self.row_name, self.column, self.form)

    def finding(self, level: str, message: str, suggestion: str = "") -> Finding:
        return Finding(level, self.table, self.row_id, self.row_number, self.column, message, suggestion,
                       self.row_name, self.form)


def place(table: str, row_number: int | None = None, row_name: str = "", column: str | None = None,
          form: str = "") -> str:
    """部门整体自评表 第34行「群众满意度」 指标完成值 — the same words as a finding's place (in the
    headings of the form `form`: mof 实际完成值)."""
    return Finding("", table, None, row_number, column, "", "", row_name, form).place


@lru_cache(maxsize=64)
def normalized(text: str) -> str:
    """`normalize_text`, once per narrative text: several rules read the same sections, and a text
    unchanged since the last run of the checks is not folded again (it costs about 1 ms per 3,000 characters)."""
    return normalize_text(text)


def narrative_texts(report, results: bool = False):
    """(place, text) of every non-empty text the report's form shows; with `results`, only those that
    say what was done (not mof's 预期目标)."""
    key = form_key(report)
    for field in shown_texts(report):
        if results and field in PLANNED_TEXTS:
            continue
        text = text_of(report, field)
        if text.strip():
            yield Where("narrative", None, None, field, "", key), text


def report_columns(report):
    """(texts, place of the i-th text) per narrative section and per text column of the tables, as far
    as the report's form shows them: a rule can join a column's texts and scan them at once, and name a
    place only for what it finds."""
    key = form_key(report)
    fields = shown_texts(report)
    yield [text_of(report, field) for field in fields], \
        lambda i: Where("narrative", None, None, fields[i], "", key)
    for table, rows, columns in (("budget", report.budget, ("name",)), ("tasks", report.tasks, TASK_TEXTS),
                                 ("indicators", report.indicators, INDICATOR_TEXTS)):
        if not shows_table(report, table):
            continue
        for field in columns:
            yield [getattr(row, field) or "" for row in rows], \
                lambda i, rows=rows, table=table, field=field: Where(table, rows[i].id, i + 1, field, rows[i].name,
                                                                     key)


_NUMBERING = re.compile(r"[（(][^（）()]*[）)]$")


def name_key(text: str) -> str:
    """A name as compared: half-width, without spaces, quotes or a trailing （…） (a copy's number)."""
    key = re.sub(r"[\s“”\"'‘’]", "", normalize_text(text or ""))
    return _NUMBERING.sub("", key) or key


def listed(items: list[str], most: int = 5) -> str:
    """`a；b；c` — at most `most` of them, then how many more."""
    shown = "；".join(items[:most])
    return shown + (f"；另有 {len(items) - most} 项" if len(items) > most else "")
