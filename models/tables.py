"""The tables of the database file (SQLAlchemy Core) and the Money column type.

Reading goes through these tables directly (`models.views`); the services that change rows use the
ORM classes of `models.schema`, mapped onto the same tables. Loading the ORM takes a noticeable part
of a second, which the editor's first window does not wait for.

Changing a table here needs a new numbered migration in `models/migrations/versions/`.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger, Boolean, Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text, UniqueConstraint)
from sqlalchemy.types import TypeDecorator

from models.money import from_minor_units, to_minor_units


class Money(TypeDecorator):
    """Decimal in Python, integer hundredths in SQLite (SQLAlchemy's Numeric would store a float).
    SQLite's INTEGER holds 64 bits; PostgreSQL's holds 32, too few for 1 万亿 in hundredths: BIGINT
    there (migration 0006_bigint_money)."""

    impl = Integer
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(BigInteger() if dialect.name == "postgresql" else Integer())

    def process_bind_param(self, value, dialect):
        return None if value is None else to_minor_units(value)

    def process_result_value(self, value, dialect):
        return None if value is None else from_minor_units(value)


# Narrative sections 二–六 with their sub-parts, in the order of the report.
NARRATIVE_FIELDS = (
    "goals", "org_setup", "duties", "operation", "performance",
    "problems", "improvements", "result_application", "result_disclosure",
)
# Texts only some forms print (a switch of form keeps them).
FORM_NARRATIVE_FIELDS = ("goal_expected", "goal_achieved", "conclusion")
SIGNOFF_FIELDS = ("preparer", "phone", "finance_head", "unit_head", "fill_date")

metadata = MetaData()


def _text(name: str, length: int | None = None) -> Column:
    """A text column that is never NULL, empty by default."""
    return Column(name, String(length) if length else Text, nullable=False, default="")


def _report_id() -> Column:
    return Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), nullable=False)


reports = Table(
    "reports", metadata,
    Column("id", Integer, primary_key=True),
    _text("title"),
    Column("year", Integer, nullable=False),
    _text("department"),
    Column("amount_unit", String(8), nullable=False, default="万元"),
    Column("status", String(16), nullable=False, default="draft"),
    Column("form", String(32), nullable=False, default="suzhou"),   # 表式: a file of resources/forms/
    # Counted up by every change of the report or its rows: a writer that read an older number
    # knows another one changed the report meanwhile (a shared server).
    Column("row_version", Integer, nullable=False, default=1),
    Column("is_sample", Boolean, nullable=False, default=False),
    Column("created_at", DateTime, nullable=False, default=datetime.now),
    Column("updated_at", DateTime, nullable=False, default=datetime.now),
    # 二 年度履职目标完成情况; 三 部门（单位）概况: 1 机构设置, 2 职责任务, 3 运行方式;
    # 四 整体支出绩效实现情况; 五 存在问题 / 改进措施; 六 自评结果拟应用 / 公开情况
    *(_text(name) for name in NARRATIVE_FIELDS),
    # fields of other forms: 年度总体目标 预期目标 / 实际完成情况 (mof), 评价结论 (sichuan)
    *(_text(name) for name in FORM_NARRATIVE_FIELDS),
    # sign-off
    *(_text(name) for name in SIGNOFF_FIELDS[:-1]),
    _text("fill_date", 10),
    sqlite_autoincrement=True,
)

# A line of 七 预算信息. Lines with children show the sums of their children.
budget_lines = Table(
    "budget_lines", metadata,
    Column("id", Integer, primary_key=True),
    _report_id(),
    Column("parent_id", Integer, ForeignKey("budget_lines.id", ondelete="CASCADE")),
    Column("position", Integer, nullable=False),
    _text("name"),
    Column("initial", Money),      # 年初预算数
    Column("adjustment", Money),   # 上年度结转及当年预算追加追减数
    Column("actual", Money),       # 实际支出数
    Index("ix_budget_lines_parent", "report_id", "parent_id", "position"),
    sqlite_autoincrement=True,
)

# A row of 八 年度重点任务.
key_tasks = Table(
    "key_tasks", metadata,
    Column("id", Integer, primary_key=True),
    _report_id(),
    Column("position", Integer, nullable=False),
    _text("duty"),          # 对应部门主要职责
    _text("name"),          # 任务名称
    _text("content"),       # 主要内容
    _text("completion"),    # 完成情况
    Index("ix_key_tasks_report", "report_id", "position"),
    sqlite_autoincrement=True,
)

# A row of 九 部门整体自评表. 偏差情况 is computed; `deviation_override` replaces it visibly.
indicators = Table(
    "indicators", metadata,
    Column("id", Integer, primary_key=True),
    _report_id(),
    Column("position", Integer, nullable=False),
    _text("category1"),     # 一级类别, e.g. 分解目标
    _text("category2"),     # 二级类别: 决策, 过程, 效益, 满意度, 履职
    _text("name"),          # 指标名称
    _text("target"),        # 指标目标值, as entered
    _text("actual"),        # 指标完成值, as entered
    _text("source"),        # 完成值来源
    Column("deviation_override", Text),  # 偏差情况 stated by hand
    _text("reason"),        # 原因分析
    Column("weight", Money),            # 分值 / 权重 of a scored form
    Column("score_override", Money),    # 得分 typed by hand: a qualitative score, or an override
    _text("completion", 32),            # qualitative: 达成年度指标 / 部分达成… / 未达成…
    Index("ix_indicators_report", "report_id", "position"),
    sqlite_autoincrement=True,
)

# A row of a form's funding block (mof: 年度资金总额 / 其中：本年财政拨款 …; sichuan: 总额 / 其中：财政资金 …),
# by a key the forms share (total, fiscal, carryover, special, unit, other). The total row also
# carries the weight and a hand score of 预算执行率.
funding_rows = Table(
    "funding_rows", metadata,
    Column("id", Integer, primary_key=True),
    _report_id(),
    Column("row_key", String(16), nullable=False),
    Column("initial", Money),         # 年初预算数
    Column("adjusted", Money),        # 全年预算数（A） / 调整后预算数
    Column("actual", Money),          # 全年执行数（B） / 预算执行数
    Column("weight", Money),          # 分值 / 权重 (the total row)
    Column("score_override", Money),  # 得分 typed by hand (the total row)
    _text("reason"),                  # 原因
    UniqueConstraint("report_id", "row_key", name="uq_funding_rows_report_key"),
    sqlite_autoincrement=True,
)

# Who edits a report on a shared server: one row per report being edited, its heartbeat renewed
# while the editor is open; a heartbeat older than a minute may be taken over. (A file keeps its
# file lock, models/lock.py.)
report_locks = Table(
    "report_locks", metadata,
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
    Column("holder_user", String(128), nullable=False),
    Column("holder_host", String(255), nullable=False),
    Column("holder_pid", Integer, nullable=False),
    Column("token", String(64), nullable=False),   # this opening, so a holder knows its own lock
    Column("since", DateTime, nullable=False),
    Column("heartbeat", DateTime, nullable=False),
)

# A final version (定稿) of a report: what was signed, kept whole so it can be printed again.
versions = Table(
    "versions", metadata,
    Column("id", Integer, primary_key=True),
    _report_id(),
    Column("number", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("fingerprint", String(64), nullable=False),   # SHA-256 of `content`
    Column("content", Text, nullable=False),             # the canonical serialisation (JSON)
    Column("reopened_at", DateTime),
    Column("reopen_reason", Text),
    UniqueConstraint("report_id", "number", name="uq_versions_report_number"),
    Index("ix_versions_fingerprint", "fingerprint"),
    sqlite_autoincrement=True,
)
