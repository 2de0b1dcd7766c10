"""Alembic environment: execbrief runs migrations itself, on the connection it opened."""

from alembic import context

from execbrief.store.models import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
