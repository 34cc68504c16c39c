"""Alembic environment: the engine is handed in by `peaceledger.store.sql.migrate`."""

from alembic import context

from peaceledger.store.sql.migrate import include_name
from peaceledger.store.sql.tables import metadata

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        transaction_per_migration=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
