"""Forms (表式) and scores: each report names its form; indicators carry 分值, a typed 得分 and the
completion wording of a qualitative score; the funding block of the mof and sichuan forms; the
texts only some forms print. Every existing report keeps the Suzhou form.

Revision ID: 0004_forms
Revises: 0003_versions
"""
from alembic import op
import sqlalchemy as sa

from models.tables import Money

revision = "0004_forms"
down_revision = "0003_versions"
branch_labels = None
depends_on = None

TEXTS = ("goal_expected", "goal_achieved", "conclusion")


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("form", sa.String(32), nullable=False, server_default="suzhou"))
        for name in TEXTS:
            batch.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("indicators") as batch:
        batch.add_column(sa.Column("weight", Money(), nullable=True))
        batch.add_column(sa.Column("score_override", Money(), nullable=True))
        batch.add_column(sa.Column("completion", sa.String(32), nullable=False, server_default=""))
    op.create_table(
        "funding_rows",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
        sa.Column("row_key", sa.String(16), nullable=False),
        sa.Column("initial", Money(), nullable=True),
        sa.Column("adjusted", Money(), nullable=True),
        sa.Column("actual", Money(), nullable=True),
        sa.Column("weight", Money(), nullable=True),
        sa.Column("score_override", Money(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.UniqueConstraint("report_id", "row_key", name="uq_funding_rows_report_key"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("funding_rows")
    with op.batch_alter_table("indicators") as batch:
        for name in ("completion", "score_override", "weight"):
            batch.drop_column(name)
    with op.batch_alter_table("reports") as batch:
        for name in (*reversed(TEXTS), "form"):
            batch.drop_column(name)
