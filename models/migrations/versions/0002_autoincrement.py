"""Row ids are never reused (AUTOINCREMENT), so an undo that puts a deleted row back can never meet
a newer row holding its old id. (PostgreSQL's sequences never hand an id out twice: nothing to do
there — and recreating a table others refer to is refused by it.)

Revision ID: 0002_autoincrement
Revises: 0001_initial
"""
from alembic import op

revision = "0002_autoincrement"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

TABLES = ("reports", "budget_lines", "key_tasks", "indicators")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": True}):
            pass


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in reversed(TABLES):
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": False}):
            pass
