"""Taking the test database back to a migration and forward again (Django's MigrationExecutor),
for tests that prove a data migration keeps what a database made before it holds."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def migrate_to_the_latest() -> None:
    """Every app at its newest migration again: the next test finds the schema it expects."""
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
