"""The fingerprint of a report's content: SHA-256 over a canonical serialisation of all its data.

Canonical: fixed key order, amounts as Decimal text, rows in report order, no ids and no times,
so the same content gives the same fingerprint on every run and every machine. The short form
printed on each page is the first 12 hex digits.
"""
from __future__ import annotations

import hashlib
import json

from models.money import format_amount

SHORT_LENGTH = 12


def canonical_content(report) -> dict:
    """Everything the reader of the report sees, as plain JSON-able data."""
    return {
        "title": report.title, "year": report.year, "department": report.department,
        "amount_unit": report.amount_unit,
        "narrative": dict(sorted(report.narrative.items())),
        "signoff": dict(sorted(report.signoff.items())),
        "budget": [[row.depth, row.name, format_amount(row.initial), format_amount(row.adjustment),
                    format_amount(row.actual)] for row in report.budget],
        "tasks": [[t.duty, t.name, t.content, t.completion] for t in report.tasks],
        "indicators": [[i.category1, i.category2, i.name, i.target.text, i.actual.text, i.source,
                        i.deviation_override, i.reason] for i in report.indicators],
    }


def canonical_text(content: dict) -> str:
    """The one serialisation that is hashed and stored."""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def fingerprint_of_content(content: dict) -> str:
    return hashlib.sha256(canonical_text(content).encode("utf-8")).hexdigest()


def fingerprint(report) -> str:
    """The full SHA-256 hex digest of the report's content."""
    return fingerprint_of_content(canonical_content(report))


def short_fingerprint(report) -> str:
    return fingerprint(report)[:SHORT_LENGTH]
