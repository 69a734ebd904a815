"""The first schema: reports, budget lines, key tasks, indicators.

Revision ID: 0001_initial
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def _text(name, **kw):
    return sa.Column(name, sa.Text(), **kw)


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), primary_key=True),
        _text("title", nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        _text("department", nullable=False),
        sa.Column("amount_unit", sa.String(8), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        *[_text(name, nullable=False) for name in (
            "goals", "org_setup", "duties", "operation", "performance", "problems",
            "improvements", "result_application", "result_disclosure",
            "preparer", "phone", "finance_head", "unit_head")],
        sa.Column("fill_date", sa.String(10), nullable=False),
    )
    op.create_table(
        "budget_lines",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("budget_lines.id", ondelete="CASCADE"), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        _text("name", nullable=False),
        sa.Column("initial", sa.Integer(), nullable=True),
        sa.Column("adjustment", sa.Integer(), nullable=True),
        sa.Column("actual", sa.Integer(), nullable=True),
    )
    op.create_index("ix_budget_lines_parent", "budget_lines", ["report_id", "parent_id", "position"])
    op.create_table(
        "key_tasks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *[_text(name, nullable=False) for name in ("duty", "name", "content", "completion")],
    )
    op.create_index("ix_key_tasks_report", "key_tasks", ["report_id", "position"])
    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *[_text(name, nullable=False) for name in (
            "category1", "category2", "name", "target", "actual", "source")],
        _text("deviation_override", nullable=True),
        _text("reason", nullable=False),
    )
    op.create_index("ix_indicators_report", "indicators", ["report_id", "position"])


def downgrade() -> None:
    for table in ("indicators", "key_tasks", "budget_lines", "reports"):
        op.drop_table(table)
