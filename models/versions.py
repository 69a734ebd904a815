"""定稿: final versions of a report, reopening with a reason, the history, comparing versions,
and verifying a paper copy by the fingerprint printed on it."""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select

from models.checks import ERROR, run_checks
from models.database import Database
from models.derived import LineRecord, budget_rows
from models.errors import DomainError
from models.fingerprint import (
    DEFAULT_FORM, SHORT_LENGTH, canonical_content, canonical_text, fingerprint_of_content)
from models.schema import Report, Version
from models.services.common import clean_text
from models.tables import FORM_NARRATIVE_FIELDS, reports as reports_table, versions as versions_table
from models.unreadable import check, explained, readable
from models.views import FundingRow, TaskRow, indicator_row, load_report, load_report_header

MIN_CODE = 6
MAX_CODE = 64  # a whole SHA-256 fingerprint


class FinalizeRefused(DomainError):
    """The report has error-level findings; `findings` lists them."""

    def __init__(self, findings):
        self.findings = findings
        super().__init__(f"报告有 {len(findings)} 处错误，不能定稿：" + "；".join(f.message for f in findings[:3]))


@dataclass(frozen=True)
class VersionInfo:
    report_id: int
    number: int
    created_at: datetime
    fingerprint: str
    reopened_at: datetime | None
    reopen_reason: str | None

    @property
    def short(self) -> str:
        return self.fingerprint[:SHORT_LENGTH]

    @property
    def label(self) -> str:
        return f"定稿 第 {self.number} 版"


def finalize(db: Database, report_id: int) -> VersionInfo:
    """Store a final version and refuse edits until reopened; refused while there are errors."""
    report = load_report(db, report_id)
    if report.status == "final":
        raise DomainError("该报告已经定稿。" if latest_version(db, report_id) else
                          "该报告标为定稿，但文件中没有它的定稿版本记录（文件可能被其他程序修改过）。"
                          "请先重新打开，再定稿。")
    errors = [f for f in run_checks(report) if f.level == ERROR]
    if errors:
        raise FinalizeRefused(errors)
    content = canonical_content(report)
    with db.transaction() as session:
        row = session.get(Report, report_id)
        if row.status == "final":
            raise DomainError("该报告已经定稿。")
        number = (session.scalar(select(func.max(Version.number)).where(Version.report_id == report_id)) or 0) + 1
        version = Version(report_id=report_id, number=number, created_at=datetime.now().replace(microsecond=0),
                          fingerprint=fingerprint_of_content(content), content=canonical_text(content))
        session.add(version)
        row.status = "final"
        session.flush()
        return _info(version)


def reopen(db: Database, report_id: int, reason: str) -> VersionInfo | None:
    """重新打开 a final report for editing; the reason is recorded with its latest version (None when
    the report was marked final without ever being finalized: it is reopened all the same)."""
    reason = clean_text(reason).strip()
    if not reason:
        raise DomainError("请填写重新打开的原因。")
    load_report_header(db, report_id)  # what a hand edit made unreadable is named before anything is written
    list_versions(db, report_id)
    with db.transaction() as session:
        row = session.get(Report, report_id)
        if row is None:
            raise DomainError(f"找不到编号为 {report_id} 的报告")
        if row.status != "final":
            raise DomainError("该报告没有定稿，无需重新打开。")
        version = session.scalar(select(Version).where(Version.report_id == report_id)
                                 .order_by(Version.number.desc()).limit(1))
        if version is None:  # marked final by hand, never finalized: nothing to record the reason with
            row.status = "draft"
            return None
        version.reopened_at = datetime.now().replace(microsecond=0)
        version.reopen_reason = reason
        row.status = "draft"
        return _info(version)


def list_versions(db: Database, report_id: int) -> list[VersionInfo]:
    with db.reading() as session, readable(session.connection(), versions_table, report_id):
        rows = session.scalars(select(Version).where(Version.report_id == report_id).order_by(Version.number)).all()
        return [_info(row) for row in rows]


def latest_version(db: Database, report_id: int) -> VersionInfo | None:
    versions = list_versions(db, report_id)
    return versions[-1] if versions else None


def verify_code(db: Database, code: str) -> list[tuple[VersionInfo, int, str]]:
    """Versions whose fingerprint starts with `code`: (version, year, department) each."""
    code = "".join(code.split()).lower()
    if not MIN_CODE <= len(code) <= MAX_CODE or any(ch not in "0123456789abcdef" for ch in code):
        raise DomainError(f"指纹应为 {MIN_CODE}–{MAX_CODE} 位十六进制数字（0–9、a–f），如页脚所印的 12 位。")
    listed = ("year", "department")
    with db.reading() as session, readable(session.connection(), versions_table), \
            explained(session.connection(), reports_table, names=listed):
        rows = session.execute(select(Version, Report.year, Report.department).join(Report)
                               .where(Version.fingerprint.like(code + "%"))).all()
        unreadable = [v.report_id for v, year, department in rows if type(year) is not int or type(department) is not str]
        if unreadable:  # only the reports that match are named: another report's damage is no concern here
            check(session.connection(), reports_table, ids=unreadable, names=listed)
        return [(_info(version), year, department) for version, year, department in rows]


def version_content(db: Database, report_id: int, number: int) -> dict:
    with db.reading() as session:
        version = session.scalar(select(Version).where(Version.report_id == report_id, Version.number == number))
        if version is None:
            raise DomainError(f"该报告没有第 {number} 版")
        try:
            content = json.loads(version.content)
        except (TypeError, ValueError):
            content = None
        if not isinstance(content, dict):  # a hand edit: not the canonical serialisation
            raise DomainError(f"报告 {report_id} 的定稿第 {number} 版的“版本内容”无法读取（不是本程序保存的格式）。"
                              f"文件可能被其他程序修改过或已部分损坏。")
        return content


def version_report(db: Database, report_id: int, number: int):
    """The report exactly as final version `number` stored it, to print it again."""
    current = load_report(db, report_id)
    return report_from_content(version_content(db, report_id, number), current)


def report_from_content(content: dict, base):
    """A ReportData holding `content` (the canonical serialisation), other facts from `base`."""
    amount = lambda text: Decimal(text) if text else None  # noqa: E731 - stored as exact decimal text
    records, parents = [], []
    for number, (depth, name, initial, adjustment, actual) in enumerate(content["budget"], 1):
        del parents[depth:]
        parent = parents[-1] if parents else None
        position = sum(1 for r in records if r.parent_id == parent)
        records.append(LineRecord(number, parent, position, name, amount(initial), amount(adjustment), amount(actual)))
        parents.append(number)
    tasks = [TaskRow(n, *row) for n, row in enumerate(content["tasks"], 1)]
    # A plain Suzhou version holds 8 values per indicator; another form's 3 more (分值, 得分, 完成程度).
    indicators = [indicator_row(n, *row[:8], *_scores(row[8:])) for n, row in enumerate(content["indicators"], 1)]
    funding = {key: FundingRow(key, amount(initial), amount(adjusted), amount(actual), amount(weight),
                               amount(score), reason)
               for key, (initial, adjusted, actual, weight, score, reason) in content.get("funding", {}).items()}
    texts = content.get("form_texts", {})
    return replace(base, title=content["title"], year=content["year"], department=content["department"],
                   amount_unit=content["amount_unit"], narrative=dict(content["narrative"]),
                   signoff=dict(content["signoff"]), budget=budget_rows(records), tasks=tasks, indicators=indicators,
                   form=content.get("form", DEFAULT_FORM), funding=funding,
                   form_texts={name: texts.get(name, "") for name in FORM_NARRATIVE_FIELDS})


def _scores(values) -> tuple:
    """(weight, score_override, completion) of an indicator as a version stores them (none: a plain version)."""
    if not values:
        return None, None, ""
    weight, score, completion = values
    return (Decimal(weight) if weight else None), (Decimal(score) if score else None), completion


def _info(version: Version) -> VersionInfo:
    return VersionInfo(version.report_id, version.number, version.created_at, version.fingerprint,
                       version.reopened_at, version.reopen_reason)
