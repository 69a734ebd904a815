"""The fingerprint of a report's content: SHA-256 over a canonical serialisation of all its data.

Canonical: fixed key order, amounts as Decimal text, rows in report order, no ids and no times,
so the same content gives the same fingerprint on every run and every machine. The short form
printed on each page is the first 12 hex digits.
"""
from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from models.fields import AMOUNT, BUDGET, HEADER_FIELDS, INDICATOR_FIELDS, TARGET, TASKS, stored_fields
from models.money import format_amount

if TYPE_CHECKING:  # for readers and type checkers; views loads SQLAlchemy, which this module does without
    from models.views import ReportData

SHORT_LENGTH = 12


def _row(row, fields) -> list:
    """A row's stored values in the catalogue's order: amounts as exact text, targets as entered."""
    return [format_amount(getattr(row, f.key)) if f.kind == AMOUNT else
            getattr(row, f.key).text if f.kind == TARGET else getattr(row, f.key) for f in fields]


def canonical_content(report: ReportData) -> dict:
    """Everything the reader of the report sees, as plain JSON-able data."""
    budget, tasks = (stored_fields(table) for table in (BUDGET, TASKS))
    indicators = tuple(f for f in INDICATOR_FIELDS if f.stored)
    return {
        **{field.key: getattr(report, field.key) for field in HEADER_FIELDS},
        "narrative": dict(sorted(report.narrative.items())),
        "signoff": dict(sorted(report.signoff.items())),
        "budget": [[row.depth, *_row(row, budget)] for row in report.budget],
        "tasks": [_row(task, tasks) for task in report.tasks],
        "indicators": [_row(indicator, indicators) for indicator in report.indicators],
    }


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
