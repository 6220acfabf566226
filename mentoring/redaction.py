"""Secret URL tokens never reach a log line, an error email or Sentry.

Which paths carry a secret is read from the URL map itself: every route with a `token` or `key`
parameter (guardian consent, one-click cancel, the private .ics feed, allauth's email
confirmation and password reset, unsubscribe links). A new secret URL is covered by naming its
parameter so; there is no second list to keep in step. Calendar apps cannot hold a session, so
the feed token has to stay in its URL: hiding it from every log is what keeps it secret.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from django.apps import apps
from django.urls import URLResolver
from django.urls import get_resolver
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.views.debug import ExceptionReporter

if TYPE_CHECKING:
    from sentry_sdk.types import Event
    from sentry_sdk.types import Hint

SECRET_PARAMETERS = ("token", "key")
PLACEHOLDER = "[redacted]"
_SECRET_GROUP = re.compile(r"\(\?P<(?:" + "|".join(SECRET_PARAMETERS) + ")>")
# A path inside any text (a request line, "Not Found: /…", a Referer URL): from the first slash
# after an optional scheme and host, up to whitespace, a quote or the query string.
_PATH = re.compile(r"(?:https?://[^/\s\"']+)?(/[^\s\"'?#<>]*)")


def _bare(regex: str) -> str:
    return regex.removeprefix("^").removesuffix(r"\Z")


def _secret_prefixes(patterns: Sequence[Any], prefix: str) -> Iterator[str]:
    for entry in patterns:
        regex = prefix + _bare(entry.pattern.regex.pattern)
        if isinstance(entry, URLResolver):
            yield from _secret_prefixes(entry.url_patterns, regex)
        elif found := _SECRET_GROUP.search(regex):
            # Everything up to the secret: the path is cut there, whatever follows.
            yield regex[: found.start()]


@functools.lru_cache(maxsize=4)
def _secret_routes(resolver: URLResolver) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in _secret_prefixes(resolver.url_patterns, ""))


def secret_routes() -> tuple[re.Pattern[str], ...]:
    """The start of every URL path that carries a secret, as compiled regexes (no slash)."""
    return _secret_routes(get_resolver())


def redact(text: str) -> str:
    """`text` with the secret part of every token URL in it replaced by a placeholder."""
    if "/" not in text or not apps.ready:
        # Before the apps are loaded there is no URL map, and no request has been served yet.
        return text
    routes = secret_routes()

    def hide(match: re.Match[str]) -> str:
        path = match.group(1)
        for route in routes:
            if secret := route.match(path, 1):
                before = match.group(0)[: match.start(1) - match.start(0)]
                return before + path[: secret.end()] + PLACEHOLDER
        return match.group(0)

    return _PATH.sub(hide, text)


def scrub(value: Any) -> Any:
    """Redact every string in a nested structure (a Sentry event, a log record's extras)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(scrub(item) for item in value)
    return value


def sentry_before_send(event: Event, hint: Hint) -> Event:
    # The request URL, breadcrumbs of earlier log lines and exception messages all may hold one.
    return scrub(event)


class RedactingExceptionReporter(ExceptionReporter):
    """The report emailed to ADMINS on a server error, without the token of the failing URL."""

    # Still safe to mark: redaction only cuts text out of a path, it adds no markup.
    def get_traceback_text(self) -> SafeString:
        return mark_safe(redact(super().get_traceback_text()))

    def get_traceback_html(self) -> SafeString:
        return mark_safe(redact(super().get_traceback_html()))
