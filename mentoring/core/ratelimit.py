"""Per-person limits on what sends email to others: one function, limits in settings.

A limit counts what one account does (never an IP address: behind the proxy every visitor
shares one), in a window that opens with the first attempt and lasts the limit's period. The
counters live in the cache. A cache that is down must not stop a thank-you note, so the limit
then lets the attempt through and logs a warning: a limit is a brake, not a safeguard.
"""

from __future__ import annotations

import logging
import time
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

log = logging.getLogger(__name__)


class RateLimited(ValidationError):
    """Raised by a service: the form shows the message like any other error (status 429)."""


def _count(action: str, user_id: int, period: int) -> tuple[int, int]:
    """One more attempt; returns (attempts in the window, seconds until it closes)."""
    now = int(time.time())
    base = f"ratelimit:{action}:{user_id}"
    # The window's start names its counter, so an expired window starts again from zero.
    # The cache holds what was stored here, an int (the fail-open cache answers `now` when down).
    opened = cast(int, cache.get_or_set(f"{base}:since", now, timeout=period))
    key = f"{base}:{opened}"
    cache.add(key, 0, timeout=period)
    return cache.incr(key), max(opened + period - now, 1)


def rate_limit(action: str, *, user_id: int, message: str) -> None:
    """Count one `action` by this person; past settings.RATE_LIMITS[action], raise RateLimited.

    `message` says what was limited ("You have sent a lot of notes in a short time."); the
    error adds when to try again.
    """
    limit, period = settings.RATE_LIMITS[action]
    try:
        attempts, wait = _count(action, user_id, period)
    except Exception:  # any cache failure: fail open (see the module docstring)
        log.warning("rate limit %s not checked: the cache is unavailable", action, exc_info=True)
        return
    if attempts > limit:
        minutes = -(-wait // 60)  # rounded up: "try again in 0 minutes" would be wrong
        again = ngettext(
            "Please try again in %(n)s minute.", "Please try again in %(n)s minutes.", minutes
        ) % {"n": minutes}
        raise RateLimited(f"{message} {again}", code="rate_limited")
