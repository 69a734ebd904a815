"""Reading a report: plain, immutable snapshots with every derived value filled in.

The editor, the exports and the checks read through these functions only; a few bulk queries per
report, never one per row.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from models.database import Database
from models.derived import BudgetRow, LineRecord, budget_rows
from models.deviation import compute_deviation, format_deviation
from models import unreadable
from models.errors import DomainError, UnreadableError
from models.money import percent_of
from models.tables import (
    FORM_NARRATIVE_FIELDS, NARRATIVE_FIELDS, SIGNOFF_FIELDS, budget_lines, funding_rows, indicators, key_tasks,
    reports)
from models.fields import parsed_target
from models.targets import Target, split_target

STATUS_LABELS = {"draft": "草稿", "final": "定稿"}


@dataclass(frozen=True)
class ReportSummary:
    id: int
    year: int
    department: str
    title: str
    status: str
    is_sample: bool
    problems: tuple[str, ...] = ()  # what of it cannot be read (a hand-edited or damaged file), in Chinese

    @property
    def status_label(self) -> str:
        label = STATUS_LABELS.get(self.status, self.status)
        return f"示例·{label}" if self.is_sample else label


@dataclass(frozen=True)
class TaskRow:
    id: int
    duty: str
    name: str
    content: str
    completion: str


@dataclass(frozen=True)
class IndicatorRow:
    id: int
    category1: str
    category2: str
    name: str
    target: Target
    actual: Target
    source: str
    computed_deviation: str | None
    deviation_override: str | None
    reason: str
    weight: Decimal | None = None            # 分值 / 权重 (scored forms)
    score_override: Decimal | None = None    # 得分 typed by hand (qualitative, or an override)
    completion: str = ""                     # qualitative: the chosen completion wording

    @property
    def deviation(self) -> str | None:
        """What the report shows — editor, PDF and workbook alike: the override when there is one, else
        the computed value, in the seed's convention (`format_deviation`)."""
        shown = self.deviation_override if self.deviation_override is not None else self.computed_deviation
        return format_deviation(shown, self.target)

    @property
    def is_overridden(self) -> bool:
        return self.deviation_override is not None

    # 指标性质 / 指标值 / 度量单位: the target's parts, as the sichuan form shows them (models.targets)
    @property
    def target_nature(self) -> str:
        return split_target(self.target.text)[0]

    @property
    def target_value(self) -> str:
        return split_target(self.target.text)[1]

    @property
    def target_unit(self) -> str:
        return split_target(self.target.text)[2]


@dataclass(frozen=True)
class FundingRow:
    """A row of a form's funding block, by its shared key (models.fields.FUNDING_ROW_KEYS)."""

    key: str
    initial: Decimal | None = None
    adjusted: Decimal | None = None
    actual: Decimal | None = None
    weight: Decimal | None = None
    score_override: Decimal | None = None
    reason: str = ""

    @property
    def execution_rate(self) -> Decimal | None:
        """全年执行数 ÷ 全年预算数 × 100, half-up to 2 places; None without both."""
        if self.adjusted is None or self.actual is None:
            return None
        return percent_of(self.actual, self.adjusted)


@dataclass(frozen=True)
class ReportData:
    id: int
    title: str
    year: int
    department: str
    amount_unit: str
    status: str
    is_sample: bool
    updated_at: datetime
    narrative: dict[str, str]
    signoff: dict[str, str]
    budget: list[BudgetRow] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    form: str = "suzhou"                                            # 表式 (models/forms.py)
    form_texts: dict[str, str] = field(default_factory=dict)        # goal_expected, goal_achieved, conclusion
    funding: dict[str, FundingRow] = field(default_factory=dict)    # by row key; rows never entered are absent

    def funding_row(self, key: str) -> FundingRow:
        """The funding block's row `key`, empty when never entered."""
        return self.funding.get(key) or FundingRow(key)


_LISTED = ("year", "department", "title", "status", "is_sample")


def list_reports(db: Database) -> list[ReportSummary]:
    """Every report in the file, by year then department. A report with unreadable values is listed
    too, with what can be read and its `problems`."""
    table = reports
    with db.connect() as connection:
        try:
            with unreadable.explained(connection, table, names=_LISTED):
                unreadable.check(connection, table, names=_LISTED)
                rows = connection.execute(select(table.c.id, *(table.c[name] for name in _LISTED))
                                          .order_by(table.c.year, table.c.department, table.c.id)).all()
        except UnreadableError as error:
            return _list_damaged(connection, error.problems)
    return [ReportSummary(*row) for row in rows]


def _list_damaged(connection, problems) -> list[ReportSummary]:
    """The reports as far as they can be read: a bad year as None, bad text with U+FFFD for the bytes
    that are not UTF-8 (or empty), each report's problems with it."""
    text = lambda value: value if isinstance(value, str) else ""  # noqa: E731
    found: dict[int, list[str]] = {}
    for problem in problems:
        found.setdefault(problem.row_id, []).append(problem.message())
    with unreadable.tolerant(connection):
        rows = connection.exec_driver_sql(
            "SELECT id, year, department, title, status, is_sample FROM reports ORDER BY year, department, id").all()
    return [ReportSummary(id, year if type(year) is int else None, text(department), text(title), text(status),
                          is_sample in (1, True), tuple(found.get(id, ())))
            for id, year, department, title, status, is_sample in rows]


def load_report(db: Database, report_id: int) -> ReportData:
    """The whole report with every derived value."""
    with db.connect() as connection:
        return replace(_header(connection, report_id), budget=_budget(connection, report_id),
                       tasks=_tasks(connection, report_id), indicators=_indicators(connection, report_id),
                       funding=_funding(connection, report_id))


def load_report_header(db: Database, report_id: int) -> ReportData:
    """Header, narrative and sign-off only (the tables empty): cheap however long the tables are."""
    with db.connect() as connection:
        return _header(connection, report_id)


def _header(connection, report_id: int) -> ReportData:
    table = reports
    with unreadable.explained(connection, table, report_id):
        unreadable.check(connection, table, report_id)
        report = connection.execute(select(table).where(table.c.id == report_id)).first()
    if report is None:
        raise DomainError(f"找不到编号为 {report_id} 的报告")
    return ReportData(
        id=report.id, title=report.title, year=report.year, department=report.department,
        amount_unit=report.amount_unit, status=report.status, is_sample=report.is_sample,
        updated_at=report.updated_at,
        narrative={name: getattr(report, name) for name in NARRATIVE_FIELDS},
        signoff={name: getattr(report, name) for name in SIGNOFF_FIELDS},
        form=report.form, form_texts={name: getattr(report, name) for name in FORM_NARRATIVE_FIELDS})


def load_budget(db: Database, report_id: int) -> list[BudgetRow]:
    with db.connect() as connection:
        return _budget(connection, report_id)


def load_budget_records(db: Database, report_id: int, ids: list[int] | None = None) -> list[LineRecord]:
    """Budget lines as stored (the entered amounts), all or only `ids`."""
    table = budget_lines
    with db.connect() as connection, unreadable.explained(connection, table, report_id, ids):
        unreadable.check(connection, table, report_id, ids)
        rows = connection.execute(_only(select(
            table.c.id, table.c.parent_id, table.c.position, table.c.name,
            table.c.initial, table.c.adjustment, table.c.actual,
        ).where(table.c.report_id == report_id), table.c.id, ids)).all()
    return [LineRecord(*row) for row in rows]


def load_tasks(db: Database, report_id: int, ids: list[int] | None = None) -> list[TaskRow]:
    """The key tasks in order; only those with the given ids when `ids` is given."""
    with db.connect() as connection:
        return _tasks(connection, report_id, ids)


def load_indicators(db: Database, report_id: int, ids: list[int] | None = None) -> list[IndicatorRow]:
    """The indicators in order; only those with the given ids when `ids` is given."""
    with db.connect() as connection:
        return _indicators(connection, report_id, ids)


def _only(statement, column, ids):
    return statement if ids is None else statement.where(column.in_(list(ids)))


def _budget(connection, report_id: int) -> list[BudgetRow]:
    table = budget_lines
    with unreadable.explained(connection, table, report_id):
        unreadable.check(connection, table, report_id)
        rows = connection.execute(select(
            table.c.id, table.c.parent_id, table.c.position, table.c.name,
            table.c.initial, table.c.adjustment, table.c.actual,
        ).where(table.c.report_id == report_id)).all()
    return budget_rows(LineRecord(*row) for row in rows)


def _tasks(connection, report_id: int, ids=None) -> list[TaskRow]:
    table = key_tasks
    with unreadable.explained(connection, table, report_id, ids):
        unreadable.check(connection, table, report_id, ids)
        rows = connection.execute(_only(select(
            table.c.id, table.c.duty, table.c.name, table.c.content, table.c.completion,
        ).where(table.c.report_id == report_id), table.c.id, ids).order_by(table.c.position, table.c.id)).all()
    return [TaskRow(*row) for row in rows]


def indicator_row(id, category1, category2, name, target, actual, source, override, reason,
                  weight=None, score_override=None, completion="") -> IndicatorRow:
    """Build the shown row of an indicator from its stored fields."""
    parsed, achieved = parsed_target(target), parsed_target(actual)  # a text parsed once, however many rows hold it
    return IndicatorRow(id, category1, category2, name, parsed, achieved, source,
                        compute_deviation(parsed, achieved), override, reason, weight, score_override, completion)


def _indicators(connection, report_id: int, ids=None) -> list[IndicatorRow]:
    table = indicators
    with unreadable.explained(connection, table, report_id, ids):
        unreadable.check(connection, table, report_id, ids)
        rows = connection.execute(_only(select(
            table.c.id, table.c.category1, table.c.category2, table.c.name, table.c.target,
            table.c.actual, table.c.source, table.c.deviation_override, table.c.reason,
            table.c.weight, table.c.score_override, table.c.completion,
        ).where(table.c.report_id == report_id), table.c.id, ids).order_by(table.c.position, table.c.id)).all()
    return [indicator_row(*row) for row in rows]


def load_funding(db: Database, report_id: int) -> dict[str, FundingRow]:
    with db.connect() as connection:
        return _funding(connection, report_id)


def _funding(connection, report_id: int) -> dict[str, FundingRow]:
    table = funding_rows
    with unreadable.explained(connection, table, report_id):
        unreadable.check(connection, table, report_id)
        rows = connection.execute(select(
            table.c.row_key, table.c.initial, table.c.adjusted, table.c.actual, table.c.weight,
            table.c.score_override, table.c.reason,
        ).where(table.c.report_id == report_id)).all()
    return {row[0]: FundingRow(*row) for row in rows}


def check_readable(db: Database, report_id: int) -> None:
    """UnreadableError naming what of the report's three tables a hand edit or damage has made
    unreadable (a wrong type, NULL, a bad date); one SQL query per table, so the editor can say so
    before opening the report (`load_report_header` checks the header). Text that is not UTF-8 is
    found only when it is read."""
    with db.connect() as connection:
        for table in (budget_lines, key_tasks, indicators, funding_rows):
            unreadable.check(connection, table, report_id)
