"""Parts of public pages kept in the cache for anonymous visitors, dropped when their data changes.

Only the parts every visitor sees alike are kept (a page's title, head and main content), never
the shell around them: the shell holds the CSRF token of the navigation's forms and the messages
of this visitor, so it is rendered on every request. Signed-in people always get a fresh render
(their pages show their own registration, and the middleware marks them private).

Each family of pages has a version in the cache; a change to its data sets a new version after
the transaction commits, which orphans every key built with the old one at once (all languages
and all query strings), and the short timeout bounds what an evicted version could leave stale.
The cache fails open (mentoring/core/cache.py): with Redis down every request simply renders.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import get_language

T = TypeVar("T")

SECONDS = 60


def _version_key(family: str) -> str:
    return f"page:{family}:version"


def invalidate(family: str) -> None:
    """New version once the change is committed: a request reading the database in between
    would otherwise store the old data under the new version."""
    transaction.on_commit(
        lambda: cache.set(_version_key(family), time.time_ns(), timeout=None), robust=True
    )


def for_anonymous(request: HttpRequest, family: str, parts: str, build: Callable[[], T]) -> T:
    """build() for a signed-in person; for anyone else, its last result for the same page,
    language and host (built at most SECONDS ago), or build() stored for the next visitor.

    parts names what varies within the family (the path and the query string that matter).
    """
    if request.user.is_authenticated:
        return build()
    version = cache.get(_version_key(family), 0)
    varies = f"{get_language()}|{request.get_host()}|{parts}"
    key = f"page:{family}:{version}:{hashlib.sha256(varies.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, SECONDS)
    return value
