"""Amounts on a PostgreSQL server as BIGINT: 1 万亿 (the largest amount) in hundredths is 10^14, far
past the 32-bit INTEGER PostgreSQL makes of `Integer`. SQLite's INTEGER already holds 64 bits: nothing
changes in a file.

Revision ID: 0006_bigint_money
Revises: 0005_shared
"""
from alembic import op
import sqlalchemy as sa

revision = "0006_bigint_money"
down_revision = "0005_shared"
branch_labels = None
depends_on = None

MONEY = {
    "budget_lines": ("initial", "adjustment", "actual"),
    "indicators": ("weight", "score_override"),
    "funding_rows": ("initial", "adjusted", "actual", "weight", "score_override"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in MONEY.items():
        for column in columns:
            op.alter_column(table, column, type_=sa.BigInteger(), existing_nullable=True)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in MONEY.items():
        for column in columns:
            op.alter_column(table, column, type_=sa.Integer(), existing_nullable=True)
