"""A paginator that does not count every row of a big unfiltered admin list on PostgreSQL.

COUNT(*) over 10,000+ rows is most of an unfiltered changelist's time, and the coordinator
only needs "about how many". With no filter, PostgreSQL's own estimate (pg_class.reltuples,
kept by autovacuum/ANALYZE) stands in; any filter or search, or another database, counts
exactly. Admins using it set show_full_result_count = False, which drops the second count.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

# Below this an exact count is cheap, and a small list should show its exact size.
ESTIMATE_FROM = 10_000


def estimated_count(queryset: QuerySet) -> int | None:
    """The planner's row estimate for an unfiltered queryset on PostgreSQL, else None."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or queryset.query.where or queryset.query.distinct:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            [connection.ops.quote_name(queryset.model._meta.db_table)],
        )
        row = cursor.fetchone()
    estimate = int(row[0]) if row else -1  # -1: never analysed
    return estimate if estimate >= ESTIMATE_FROM else None


class EstimatedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            estimate = estimated_count(self.object_list)
            if estimate is not None:
                return estimate
        return super().count
