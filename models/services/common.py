"""Helpers shared by the service modules: finding a report and refusing edits to a final one.

The cleaners of entered text live with the field catalogue (models/fields.py); they are named here
too for the callers that have always found them here."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from models.errors import DomainError
from models.fields import clean_line, clean_text, printable, within_limit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from models.schema import Report

__all__ = ["clean_line", "clean_text", "editable_report", "printable", "within_limit"]


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
