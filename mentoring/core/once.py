"""Stamp a row once, under a lock: what follows the stamp (an email, an alert) is done once.

Call it inside the transaction that does the work: the row stays locked until the stamp and
the work commit together, so a second job (or a second click) waits on the lock, then finds
the stamp and does nothing.
"""

from __future__ import annotations

from typing import Any
from typing import TypeVar

from django.db.models import Model
from django.db.models import QuerySet
from django.utils import timezone

M = TypeVar("M", bound=Model)


def stamp_once(
    rows: QuerySet[M],
    pk: int,
    field: str,
    *,
    of: tuple[str, ...] = (),
    also: dict[str, Any] | None = None,
) -> M | None:
    """Lock row `pk` of `rows` while its `field` is empty; set it to now (and `also`), save.

    None when no such row is left: another run stamped it first. `of` is what to lock when
    `rows` follows nullable relations ("self": only the row itself).
    """
    row = rows.select_for_update(of=of).filter(pk=pk, **{f"{field}__isnull": True}).first()
    if row is None:
        return None
    fields = {field: timezone.now(), **(also or {})}
    for name, value in fields.items():
        setattr(row, name, value)
    row.save(update_fields=list(fields))
    return row
