"""Helpers shared by the service modules: finding a report, refusing edits to a final one."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from models.errors import DomainError
from models.schema import Report


def editable_report(session: Session, report_id: int) -> Report:
    """The report, checked to exist and to accept changes; its change time is updated."""
    report = session.get(Report, report_id)
    if report is None:
        raise DomainError(f"找不到编号为 {report_id} 的报告")
    if report.status == "final":
        raise DomainError("该报告已定稿，不能修改；如需修改，请先“重新打开”并说明原因。")
    report.updated_at = datetime.now()
    return report


def clean_line(value: object) -> str:
    """A one-line text field: surrounding spaces removed, line breaks turned into nothing."""
    if value is None:
        return ""
    return " ".join(str(value).replace("\r", "").split("\n")).strip()


def clean_text(value: object) -> str:
    """A long text field: kept as entered, with Windows line ends unified and trailing space removed."""
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n").rstrip()
