"""Helpers shared by the service modules: finding a report, refusing edits to a final one, and the
one cleaner of entered text (which also removes control characters no file format can hold, and
refuses text longer than the field's limit in models/limits.py)."""
from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from models import limits
from models.errors import DomainError

if TYPE_CHECKING:  # the exports use `printable` without loading the ORM
    from sqlalchemy.orm import Session

# Control characters other than tab and line break (C0, DEL, C1), and what XML cannot hold at all:
# lone surrogates, U+FFFE, U+FFFF. They are invisible, and Excel's and Word's files refuse them.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def editable_report(session: Session, report_id: int) -> Report:
    """The report, checked to exist and to accept changes; its change time is updated."""
    from models.schema import Report

    report = session.get(Report, report_id)
    if report is None:
        raise DomainError(f"找不到编号为 {report_id} 的报告")
    if report.status == "final":
        raise DomainError("该报告已定稿，不能修改；如需修改，请先“重新打开”并说明原因。")
    report.updated_at = datetime.now()
    return report


def printable(text: str) -> str:
    """The text without control characters other than tab and line break (see _UNPRINTABLE)."""
    return _UNPRINTABLE.sub("", text) if _UNPRINTABLE.search(text) else text


def within_limit(text: str, field: str | None = None, default: int = limits.LINE) -> str:
    """The text, or DomainError when it is longer than the field's limit (models/limits.py); the
    message names a report field (a table's field is named by the caller)."""
    limit = limits.limit_of(field, default)
    if len(text) > limit:
        from models.checks.findings import FIELD_LABELS

        label = FIELD_LABELS.get(field) if field and "." not in field else None
        raise DomainError(f"{f'“{label}”' if label else '内容'}过长：有 {len(text):,} 个字符，"
                          f"最多可填 {limit:,} 个字符，请删减")
    return text


def clean_line(value: object, field: str | None = None, limited: bool = True) -> str:
    """A one-line text field: surrounding spaces removed, line breaks turned into nothing, control
    characters removed; refused when longer than the field's limit (one line: limits.LINE) unless
    the caller checks that itself (`limited=False`)."""
    if value is None:
        return ""
    text = printable(" ".join(str(value).replace("\r", "").split("\n"))).strip()
    return within_limit(text, field) if limited else text


def clean_text(value: object, field: str | None = None) -> str:
    """A long text field: kept as entered, with Windows line ends unified, control characters and
    trailing space removed; refused when longer than the field's limit (a table's long text:
    limits.TABLE_TEXT)."""
    if value is None:
        return ""
    return within_limit(printable(str(value).replace("\r\n", "\n").replace("\r", "\n")).rstrip(), field,
                        limits.TABLE_TEXT)
