"""Django's Redis cache, failing open: a Redis outage makes the site slower, never broken.

The cache only holds what can be rebuilt (the home page body, impact numbers) and allauth's
rate-limit counters. While Redis is down a read is a miss, a write is dropped, and rate limits
count nothing, so sign-in is unthrottled rather than impossible; each outage is logged. After a
failure Redis is left alone for a few seconds, so a page does not wait on every cache call.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0
_down_until = 0.0


def _is_resting() -> bool:
    return time.monotonic() < _down_until


def _went_down(error: RedisError) -> None:
    global _down_until
    _down_until = time.monotonic() + RETRY_AFTER_SECONDS
    log.warning("cache unavailable, serving without it for %ss: %s", RETRY_AFTER_SECONDS, error)


class FailOpenRedisCache(RedisCache):
    def ping(self) -> bool:
        """Ask Redis itself, errors included: for /health/, which must see the outage."""
        # _cache (RedisCache's client, a cached_property) is missing from django-stubs.
        client = self._cache  # type: ignore[attr-defined]
        return bool(client.get_client(write=True).ping())

    def _guarded(self, fallback: Any, method: Any, *args: Any) -> Any:
        if _is_resting():
            return fallback
        try:
            return method(*args)
        except RedisError as error:
            _went_down(error)
            return fallback

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._guarded(default, super().get, key, default, version)

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key: Any, version: Any = None) -> bool:
        return self._guarded(False, super().has_key, key, version)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        # True: a caller that takes a lock in the cache (allauth's rate limits) goes ahead.
        return self._guarded(True, super().add, key, value, timeout, version)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._guarded(None, super().set, key, value, timeout, version)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> list[Any]:
        return self._guarded(list(data), super().set_many, data, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._guarded(False, super().touch, key, timeout, version)

    def delete(self, key: Any, version: Any = None) -> bool:
        return self._guarded(False, super().delete, key, version)

    def delete_many(self, keys: Any, version: Any = None) -> None:
        self._guarded(None, super().delete_many, keys, version)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        return self._guarded(delta, super().incr, key, delta, version)

    def clear(self) -> None:
        self._guarded(None, super().clear)
