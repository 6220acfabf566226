"""Reading rows as the driver returns them, for loads of many thousand rows.

The candidate load (matching/candidates.py) reads a program's people this way: compiled SQL on a
plain cursor, id lists as one parameter, groups as JSON, and queries sent together on PostgreSQL.
"""

from __future__ import annotations

import json
import select
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Aggregate
from django.db.models import Lookup
from django.db.models import QuerySet
from django.db.models import TextField


class AmongIds(Lookup):
    """`column IN (ids)` with the ids as one parameter, however many there are.

    PostgreSQL unnests one array (a long IN list is one placeholder and one parsed literal per
    id); SQLite reads a JSON list with json_each (no cap on host parameters).
    """

    lookup_name = "among_ids"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        # The array as its text literal: psycopg would adapt a list of ints one by one.
        ids = f"{{{','.join(map(str, self.rhs))}}}"
        return f"{lhs} IN (SELECT unnest(%s::bigint[]))", [*params, ids]

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(list(self.rhs))]


class IdList(Aggregate):
    """A group's ids as a JSON list: json_agg in PostgreSQL, json_group_array in SQLite."""

    function = "JSON_AGG"
    output_field = TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra)


class Sent:
    """`rows.values_list(*fields)` sent now as the compiled SQL on a plain cursor; `.rows()`
    reads what the driver returns.

    Django's iterator runs a converter per row on a computed column, and outside a transaction
    reads through a WITH HOLD cursor, which the server materialises before it is fetched in
    round trips. The columns read here need no conversion (JSON comes as text, parsed once per
    load), and a program's rows are a few MiB, less than the Candidates made from them.
    """

    def __init__(self, rows: QuerySet[Any], fields: tuple[str, ...]) -> None:
        query = rows.values_list(*fields).query
        # The compiler puts model columns before annotations: the caller unpacks `fields`' order.
        if (*query.values_select, *query.annotation_select) != fields:
            raise ValueError(f"list the columns before the annotations: {fields}")
        self.cursor = None
        try:
            sql, params = query.get_compiler(using=rows.db).as_sql()
        except EmptyResultSet:  # e.g. pk__in=[]: nothing to ask, as Django's own iterator
            return
        self.cursor = connections[rows.db].cursor()
        self.cursor.execute(sql, params)

    def rows(self) -> list[tuple[Any, ...]]:
        if self.cursor is None:
            return []
        with self.cursor as cursor:
            return cursor.fetchall()


def fetch(rows: QuerySet[Any], fields: tuple[str, ...]) -> list[tuple[Any, ...]]:
    return Sent(rows, fields).rows()


@contextmanager
def sent_together(alias: str) -> Iterator[Callable[[], None]]:
    """Queries sent inside start at once when the yielded `go()` is called, and run while
    Python goes on; their rows are read after.

    With PostgreSQL this is psycopg's pipeline mode: `go()` pushes the queued queries to the
    server and asks it to send each result as soon as it has it (a flush request: the
    pipeline's own sync() would wait for every result). The server then reads the link tables
    while Python turns the people already read into UTC hours, instead of each waiting for the
    other. Other databases run each query as it is sent, which gives the same rows.
    """
    connection = connections[alias]
    if connection.vendor != "postgresql":
        yield lambda: None
        return
    connection.ensure_connection()
    pgconn = connection.connection.pgconn

    def go() -> None:
        pgconn.send_flush_request()
        # flush() is 1 while part is unsent: wait for the socket, reading what the server sends
        # meanwhile so that neither side blocks on a full buffer (libpq's PQflush contract).
        while pgconn.flush():
            readable, _, _ = select.select([pgconn.socket], [pgconn.socket], [])
            if readable:
                pgconn.consume_input()

    with connection.connection.pipeline():
        yield go
