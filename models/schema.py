"""The tables of the database file (SQLAlchemy 2 declarative) and the Money column type.

Changing a table here needs a new numbered migration in `models/migrations/versions/`.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from models.money import from_minor_units, to_minor_units


class Money(TypeDecorator):
    """Decimal in Python, integer hundredths in SQLite (SQLAlchemy's Numeric would store a float)."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else to_minor_units(value)

    def process_result_value(self, value, dialect):
        return None if value is None else from_minor_units(value)


class Base(DeclarativeBase):
    pass


# Narrative sections 二–六 with their sub-parts, in the order of the report.
NARRATIVE_FIELDS = (
    "goals", "org_setup", "duties", "operation", "performance",
    "problems", "improvements", "result_application", "result_disclosure",
)
SIGNOFF_FIELDS = ("preparer", "phone", "finance_head", "unit_head", "fill_date")


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    year: Mapped[int] = mapped_column(Integer)
    department: Mapped[str] = mapped_column(Text, default="")
    amount_unit: Mapped[str] = mapped_column(String(8), default="万元")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    # 二 年度履职目标完成情况
    goals: Mapped[str] = mapped_column(Text, default="")
    # 三 部门（单位）概况: 1 机构设置, 2 职责任务, 3 运行方式
    org_setup: Mapped[str] = mapped_column(Text, default="")
    duties: Mapped[str] = mapped_column(Text, default="")
    operation: Mapped[str] = mapped_column(Text, default="")
    # 四 整体支出绩效实现情况
    performance: Mapped[str] = mapped_column(Text, default="")
    # 五 存在问题 / 改进措施
    problems: Mapped[str] = mapped_column(Text, default="")
    improvements: Mapped[str] = mapped_column(Text, default="")
    # 六 自评结果拟应用 / 公开情况
    result_application: Mapped[str] = mapped_column(Text, default="")
    result_disclosure: Mapped[str] = mapped_column(Text, default="")
    # sign-off
    preparer: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(Text, default="")
    finance_head: Mapped[str] = mapped_column(Text, default="")
    unit_head: Mapped[str] = mapped_column(Text, default="")
    fill_date: Mapped[str] = mapped_column(String(10), default="")


class BudgetLine(Base):
    """A line of 七 预算信息. Lines with children show the sums of their children."""

    __tablename__ = "budget_lines"
    __table_args__ = (Index("ix_budget_lines_parent", "report_id", "parent_id", "position"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text, default="")
    initial: Mapped[Decimal | None] = mapped_column(Money)      # 年初预算数
    adjustment: Mapped[Decimal | None] = mapped_column(Money)   # 上年度结转及当年预算追加追减数
    actual: Mapped[Decimal | None] = mapped_column(Money)       # 实际支出数


class KeyTask(Base):
    """A row of 八 年度重点任务."""

    __tablename__ = "key_tasks"
    __table_args__ = (Index("ix_key_tasks_report", "report_id", "position"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    duty: Mapped[str] = mapped_column(Text, default="")        # 对应部门主要职责
    name: Mapped[str] = mapped_column(Text, default="")        # 任务名称
    content: Mapped[str] = mapped_column(Text, default="")     # 主要内容
    completion: Mapped[str] = mapped_column(Text, default="")  # 完成情况


class Indicator(Base):
    """A row of 九 部门整体自评表. 偏差情况 is computed; `deviation_override` replaces it visibly."""

    __tablename__ = "indicators"
    __table_args__ = (Index("ix_indicators_report", "report_id", "position"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    category1: Mapped[str] = mapped_column(Text, default="")   # 一级类别, e.g. 分解目标
    category2: Mapped[str] = mapped_column(Text, default="")   # 二级类别: 决策, 过程, 效益, 满意度, 履职
    name: Mapped[str] = mapped_column(Text, default="")        # 指标名称
    target: Mapped[str] = mapped_column(Text, default="")      # 指标目标值, as entered
    actual: Mapped[str] = mapped_column(Text, default="")      # 指标完成值, as entered
    source: Mapped[str] = mapped_column(Text, default="")      # 完成值来源
    deviation_override: Mapped[str | None] = mapped_column(Text)  # 偏差情况 stated by hand
    reason: Mapped[str] = mapped_column(Text, default="")      # 原因分析


class Version(Base):
    """A final version (定稿) of a report: what was signed, kept whole so it can be printed again."""

    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("report_id", "number", name="uq_versions_report_number"),
                      Index("ix_versions_fingerprint", "fingerprint"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    fingerprint: Mapped[str] = mapped_column(String(64))           # SHA-256 of `content`
    content: Mapped[str] = mapped_column(Text)                     # the canonical serialisation (JSON)
    reopened_at: Mapped[datetime | None] = mapped_column(DateTime)
    reopen_reason: Mapped[str | None] = mapped_column(Text)
