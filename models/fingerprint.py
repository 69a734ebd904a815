"""The fingerprint of a report's content: SHA-256 over a canonical serialisation of all its data.

Canonical: fixed key order, amounts as Decimal text, rows in report order, no ids and no times,
so the same content gives the same fingerprint on every run and every machine. The short form
printed on each page is the first 12 hex digits.

A report in another form than Suzhou's, or holding any of the other forms' values (分值, 得分,
完成程度, the funding block, the form texts), adds them: `form`, `form_texts`, `funding` (the rows
with a value, by key, in FUNDING_ROW_KEYS order) and three more values per indicator (weight,
score_override, completion). A plain Suzhou report's content is what it always was, so every
fingerprint made before forms existed is still the same.
"""
from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from models.fields import (
    AMOUNT, BUDGET, FUNDING, FUNDING_ROW_KEYS, HEADER_FIELDS, INDICATOR_FIELDS, INDICATOR_FORM_FIELDS, SCORE, TARGET,
    TASKS, stored_fields)
from models.money import format_amount

if TYPE_CHECKING:  # for readers and type checkers; views loads SQLAlchemy, which this module does without
    from models.views import ReportData

SHORT_LENGTH = 12


DEFAULT_FORM = "suzhou"
# The values of the other forms, in the order the content holds them.
SCORE_FIELDS = tuple(f for f in INDICATOR_FORM_FIELDS if f.stored)     # weight, score_override, completion
FUNDING_STORED = stored_fields(FUNDING)  # initial, adjusted, actual, weight, score_override, reason


def _row(row, fields) -> list:
    """A row's stored values in the catalogue's order: amounts and scores as exact text (a score
    typed by hand is a computed field's override: its value is a Decimal too), targets as entered."""
    return [format_amount(getattr(row, f.key)) if f.kind in (AMOUNT, SCORE) or f.key == "score_override" else
            getattr(row, f.key).text if f.kind == TARGET else getattr(row, f.key) for f in fields]


def funding_content(report: ReportData) -> dict[str, list]:
    """The funding rows holding any value, by key: [initial, adjusted, actual, weight, score_override, reason]."""
    funding = getattr(report, "funding", None) or {}
    content = {}
    for key in FUNDING_ROW_KEYS:
        row = funding.get(key)
        if row is not None:
            values = _row(row, FUNDING_STORED)
            if any(values):
                content[key] = values
    return content


def is_plain(report: ReportData) -> bool:
    """A Suzhou report without any value of the other forms: its content is the one from before forms."""
    return ((getattr(report, "form", DEFAULT_FORM) or DEFAULT_FORM) == DEFAULT_FORM
            and not any((getattr(report, "form_texts", None) or {}).values())
            and not funding_content(report)
            and not any(i.weight is not None or i.score_override is not None or i.completion
                        for i in report.indicators))


def canonical_content(report: ReportData) -> dict:
    """Everything the reader of the report sees, as plain JSON-able data."""
    budget, tasks = (stored_fields(table) for table in (BUDGET, TASKS))
    indicators = tuple(f for f in INDICATOR_FIELDS if f.stored)
    plain = is_plain(report)
    if not plain:
        indicators += SCORE_FIELDS
    content = {
        **{field.key: getattr(report, field.key) for field in HEADER_FIELDS},
        "narrative": dict(sorted(report.narrative.items())),
        "signoff": dict(sorted(report.signoff.items())),
        "budget": [[row.depth, *_row(row, budget)] for row in report.budget],
        "tasks": [_row(task, tasks) for task in report.tasks],
        "indicators": [_row(indicator, indicators) for indicator in report.indicators],
    }
    if not plain:
        content["form"] = report.form
        content["form_texts"] = {name: report.form_texts.get(name, "")
                                 for name in ("conclusion", "goal_achieved", "goal_expected")}
        content["funding"] = funding_content(report)
    return content


def canonical_text(content: dict) -> str:
    """The one serialisation that is hashed and stored."""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def fingerprint_of_content(content: dict) -> str:
    return hashlib.sha256(canonical_text(content).encode("utf-8")).hexdigest()


def fingerprint(report: ReportData) -> str:
    """The full SHA-256 hex digest of the report's content."""
    return fingerprint_of_content(canonical_content(report))


def short_fingerprint(report: ReportData) -> str:
    return fingerprint(report)[:SHORT_LENGTH]
