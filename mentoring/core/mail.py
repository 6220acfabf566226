"""Every email is rendered here, in the recipient's language and timezone (it leaves through
the outbox, mentoring.core.outbox).

A person reads an email long after the request that caused it, often from a beat job with no
request at all, so the language and timezone come from the recipient, never from the sender.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from collections.abc import Sequence
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING
from typing import Any
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template import Engine
from django.template import TemplateDoesNotExist
from django.template import engines
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils import translation

if TYPE_CHECKING:
    from mentoring.core.optout import OptOut


class Recipient(Protocol):
    """A person we write to (the people app's User): core knows its shape, not its model."""

    email: str
    language: str
    timezone: str

    @property
    def greeting_name(self) -> str:
        """The name every email greets them by (the rule is the people app's)."""
        ...


Attachment = tuple[str, bytes | str, str]


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


@contextmanager
def recipient_locale(
    user: Recipient | None, *, language: str | None = None, tz: str | None = None
) -> Iterator[None]:
    """Activate the person's language and timezone; explicit arguments win (e.g. a guardian)."""
    known = {code for code, _name in settings.LANGUAGES}
    chosen = language or (user.language if user else "")
    chosen = chosen if chosen in known else settings.LANGUAGE_CODE
    zone = _zone(tz or (user.timezone if user else "UTC"))
    with translation.override(chosen), timezone.override(zone):
        yield


@cache  # one per site engine: a TEMPLATES change (tests) makes a new one
def _text_engine(site: Engine) -> Engine:
    """The site's template engine without HTML autoescaping, for subjects and plain-text parts.

    A plain-text email is not HTML: "<script>" or "Ana & Luis" must read as typed, not as
    "&lt;script&gt;" or "Ana &amp; Luis". The HTML part keeps the site's escaping.
    """
    return Engine(
        dirs=site.dirs,
        app_dirs=site.app_dirs,
        libraries=site.libraries,
        builtins=site.builtins[len(Engine.default_builtins) :],
        autoescape=False,
    )


def render_text(template: str, context: dict[str, Any]) -> str:
    site = engines["django"].engine  # type: ignore[attr-defined]
    return _text_engine(site).get_template(template).render(Context(context, autoescape=False))


def absolute_url(path: str) -> str:
    """A link for an email: read in a mail client, far from the request, so from SITE_URL."""
    return settings.SITE_URL.rstrip("/") + path


def recipient_context(user: Recipient | None) -> dict[str, Any]:
    """What every email's template may use about its reader: one greeting rule for all apps."""
    return {
        "site_url": settings.SITE_URL,
        "recipient": user,
        "recipient_name": user.greeting_name if user else "",
    }


def _with_footer(html: str, footer: str) -> str:
    # The links end the visible body: inside </body> when the template wrote a whole document.
    at = html.lower().rfind("</body>")
    return html + footer if at < 0 else html[:at] + footer + html[at:]


def build_templated(
    *,
    to: Recipient | str,
    template: str,
    context: dict[str, Any],
    language: str | None = None,
    attachments: Sequence[Attachment] = (),
    optout: OptOut | None = None,
) -> EmailMultiAlternatives:
    """`<template>_subject.txt` and `<template>.txt`, plus `<template>.html` when it exists.

    With `optout` (email the person did not ask for, see mentoring.core.optout) both bodies end
    with its links, and the message carries the one-click unsubscribe headers.
    """
    user = None if isinstance(to, str) else to
    address = user.email if user else str(to)
    context = {**recipient_context(user), **context}
    with recipient_locale(user, language=language):
        subject = render_text(f"{template}_subject.txt", context)
        text = render_text(f"{template}.txt", context)
        try:
            html: str | None = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = None
        if optout is not None:
            footer = render_text("email/_optout.txt", {"optout": optout})
            text = f"{text.rstrip()}\n\n{footer.strip()}\n"
            if html is not None:
                html = _with_footer(
                    html, render_to_string("email/_optout.html", {"optout": optout})
                )
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    headers = optout.headers() if optout else None
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [address], headers=headers
    )
    if html is not None:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message
