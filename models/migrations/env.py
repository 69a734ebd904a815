"""Alembic environment: runs on the connection the program hands over (never from a URL)."""
from alembic import context

from models.schema import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
