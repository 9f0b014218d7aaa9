"""Alembic environment: always run from counter_app.offline.schema with a live connection."""

from alembic import context

from counter_app.offline.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - guarded: we never run alembic from its own CLI
    raise RuntimeError("run migrations through counter_app.offline.schema.upgrade()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
