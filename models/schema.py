"""The ORM classes of the report file, mapped onto the tables of `models.tables`, for the services
that add, change and remove rows. Reading does not need them (see `models.tables`).
"""
from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from models import tables
from models.tables import NARRATIVE_FIELDS, SIGNOFF_FIELDS, Money  # noqa: F401  (imported from here too)


class Base(DeclarativeBase):
    metadata = tables.metadata


class Report(Base):
    __table__ = tables.reports


class BudgetLine(Base):
    """A line of 七 预算信息. Lines with children show the sums of their children."""

    __table__ = tables.budget_lines


class KeyTask(Base):
    """A row of 八 年度重点任务."""

    __table__ = tables.key_tasks


class Indicator(Base):
    """A row of 九 部门整体自评表. 偏差情况 is computed; `deviation_override` replaces it visibly."""

    __table__ = tables.indicators


class FundingRow(Base):
    """A row of a form's funding block (年度资金总额 / 其中：本年财政拨款 …), by its shared key."""

    __table__ = tables.funding_rows


class ReportLock(Base):
    """Who edits a report on a shared server, with a heartbeat."""

    __table__ = tables.report_locks


class Version(Base):
    """A final version (定稿) of a report: what was signed, kept whole so it can be printed again."""

    __table__ = tables.versions
