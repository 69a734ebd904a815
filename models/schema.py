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


class Version(Base):
    """A final version (定稿) of a report: what was signed, kept whole so it can be printed again."""

    __table__ = tables.versions
