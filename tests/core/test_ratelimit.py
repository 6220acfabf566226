"""The per-person limit is a brake: with the cache down it lets people through and says so."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest

from mentoring.core.ratelimit import RateLimited
from mentoring.core.ratelimit import rate_limit

MESSAGE = "You have sent a lot of thank-you notes in a short time."


def through_the_limit(do: Callable[[int], Any], times: int = 30) -> tuple[int, list[str]]:
    """Calls do(0) … do(times - 1): how many went through, and the refusals' messages."""
    done, refused = 0, []
    for n in range(times):
        try:
            do(n)
        except RateLimited as error:
            refused.extend(error.messages)
        else:
            done += 1
    return done, refused


def test_it_lets_the_limit_through_then_says_when_to_try_again(settings: Any) -> None:
    settings.RATE_LIMITS = {"campaign.note": (3, 3600)}
    for _ in range(3):
        rate_limit("campaign.note", user_id=7, message=MESSAGE)
    with pytest.raises(RateLimited) as raised:
        rate_limit("campaign.note", user_id=7, message=MESSAGE)
    assert raised.value.messages == [f"{MESSAGE} Please try again in 60 minutes."]
    rate_limit("campaign.note", user_id=8, message=MESSAGE)  # someone else: their own count


def test_a_cache_that_is_down_lets_everyone_through_with_a_warning(
    settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # Nothing listens on port 1: every cache call fails at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    settings.RATE_LIMITS = {"campaign.note": (1, 3600)}
    with caplog.at_level(logging.WARNING, logger="mentoring.core.ratelimit"):
        for _ in range(5):
            rate_limit("campaign.note", user_id=7, message=MESSAGE)
    assert "rate limit campaign.note not checked" in caplog.text
