"""Put the migrated rows back after a transactional test's flush, a table at a time.

Django's serialized rollback saves the snapshot (taxonomy, permissions, content types, the
Coordinators group, the guide: about 360 rows) one query per row, a third of a second before
every transactional test, a tenth of the suite. This reads the same snapshot once and inserts
each table's rows in one statement, in the snapshot's own order (it is sorted so that what a row
points at comes first), with the same constraint checks at the end as Django's restore.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core import serializers
from django.db import models
from django.db import transaction
from django.db.backends.base.creation import BaseDatabaseCreation


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    rows: list[dict[str, Any]]


@cache
def _tables(data: str) -> tuple[Table, ...]:
    """The snapshot's rows as field values, grouped by model, many-to-many links as rows too."""
    tables: dict[type[models.Model], list[dict[str, Any]]] = {}
    links: dict[type[models.Model], list[dict[str, Any]]] = {}
    for found in serializers.deserialize("json", data):
        obj = found.object
        fields = obj._meta.concrete_fields
        values = {f.attname: getattr(obj, f.attname) for f in fields}
        tables.setdefault(type(obj), []).append(values)
        for name, targets in (found.m2m_data or {}).items():
            field = obj._meta.get_field(name)
            through = field.remote_field.through  # type: ignore[union-attr]
            ours, theirs = field.m2m_column_name(), field.m2m_reverse_name()  # type: ignore[union-attr]
            rows = links.setdefault(through, [])
            rows += [{ours: obj.pk, theirs: target} for target in targets]
    return tuple(Table(model, rows) for model, rows in [*tables.items(), *links.items()])


def restore(creation: BaseDatabaseCreation, data: str) -> None:
    """Stands in for BaseDatabaseCreation.deserialize_db_from_string in the test run."""
    alias = creation.connection.alias
    tables = _tables(data)
    with transaction.atomic(using=alias):
        with creation.connection.constraint_checks_disabled():
            for table in tables:
                rows = [table.model(**row) for row in table.rows]
                # Before the first transactional test of a worker nothing has been flushed yet
                # and the rows are there, as they are after a test that rolled back: those
                # are the snapshot's rows already, so a row that exists is left as it is.
                table.model._base_manager.using(alias).bulk_create(rows, ignore_conflicts=True)
        creation.connection.check_constraints(
            table_names=[table.model._meta.db_table for table in tables]
        )
