"""Final versions (定稿) of a report: number, time, fingerprint, the content itself, reopen reason.

Revision ID: 0003_versions
Revises: 0002_autoincrement
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_versions"
down_revision = "0002_autoincrement"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("reopened_at", sa.DateTime(), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=True),
        sa.UniqueConstraint("report_id", "number", name="uq_versions_report_number"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_versions_fingerprint", "versions", ["fingerprint"])


def downgrade() -> None:
    op.drop_table("versions")
