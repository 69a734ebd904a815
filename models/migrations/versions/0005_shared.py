"""A shared server: a version number on each report (a change made elsewhere is never silently
overwritten) and the per-report lock with its heartbeat.

Revision ID: 0005_shared
Revises: 0004_forms
"""
from alembic import op
import sqlalchemy as sa

revision = "0005_shared"
down_revision = "0004_forms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("row_version", sa.Integer(), nullable=False, server_default="1"))
    op.create_table(
        "report_locks",
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("holder_user", sa.String(128), nullable=False),
        sa.Column("holder_host", sa.String(255), nullable=False),
        sa.Column("holder_pid", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.Column("heartbeat", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("report_locks")
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("row_version")
