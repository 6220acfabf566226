"""Promise 3: "export my data" returns everything, "delete my account" leaves nothing identifying.

The registry of data shredders (pretix's model). Core imports no app, so it cannot know what an
app holds about a person: each app registers, from its AppConfig.ready(), one entry with an
exporter and an eraser, both living in that app's privacy.py. people may not import the apps
above it, so this registry is the only way its "export" and "delete" views reach them.

Export shape (what `person_export(user)` returns, and the account's JSON download contains),
one key per registered app, in INSTALLED_APPS order (core's outbox first, once CoreConfig.ready()
registers it). Dates and times are ISO 8601 strings.

    {
      "outbox": [{kind, subject, text_body, status, created, sent_at}]   (emails to them),
      "people": {
        "user": {id, email, first_name, last_name, timezone, language, date_joined,
                 last_login, is_active},
        "profile": {display_name, pronouns, bio, languages, formats, area, availability,
                    personal_interests, phone, last_seen, created, updated} | null,
        "mentee_profile": {seeking, goals, date_of_birth, rematch_priority, created} | null,
        "mentor_profile": {offering, capacity, years_experience, willing_minors,
                           willing_group, code_of_conduct_accepted_at, paused_at,
                           created} | null,
        "enrollments": [{program, role, created}],
        "guardian_consents": [{guardian_name, guardian_email, status, requested_at,
                               decided_at, decided_from_ip, policy_version, policy_text}],
        "screenings": [{kind, status, date, expires, notes, created}],
        "email_preferences": [{category, subscribed, updated}]   (categories they changed)
      },
      "events": {
        "registrations": [{event_id, event, starts_at, role, status, registered_at,
                           promoted_at, cancelled_at, attendance, checked_in_at,
                           reminders: [{kind, due_at, sent_at}]}],
        "hosted_events": [{id, title, kind, description, starts_at, ends_at, timezone,
                           venue, online_url, capacity, language, host_reason,
                           is_skill_session, status, review, review_message,
                           reviewed_at}],
        "host_messages": [{event_id, event, body, recipients, sent_at}],
        "calendar_feed": {url} | null
      },
      "matching": {
        "matches": [{id, program, role, status, score, explanation: [{category, points,
                     shared}], partner (display name; only once a coordinator approved
                     the match, null for proposals nobody was told about), created,
                     decided_at, activated_at, history: [{from, to, at}]}],
        "blocked_pairs": [{program, role, created}]
      },
      "relationships": [{match, role,
                         agreement: {meet_how_often, how, until, you_accepted_at,
                                     other_side_accepted_at} | null,
                         checkins: [{due_on, sent_at, submitted_at, met, rating, progress,
                                     concern, note_for_coordinator, good_fit}],
                         quiet_notices: [{kind, quiet_since, sent_at}],
                         closure: {kind, reason, at, rematch_eligible,
                                   exit_survey (your answers)} | null}],
      "campaign": {
        "notes_written": [{to, body, visibility, you_agreed_to_publish, status,
                           written_at}],
        "notes_received": [{from, body, visibility, you_agreed_to_publish, status,
                            written_at}],
        "nominations_made": [{mentor, story, month, status, nominated_at}],
        "nominations_received": [{month, status, featured_title, featured_body}],
        "observance_prompts": [{observance, date, sent_at}]
      }
    }

Other people's words about the person (a coordinator's closure note, the other side's
check-ins, who nominated them) and other people's identities in matches nobody was told about
are not exported: they are about someone else as much as about the person.

Erasure runs every eraser in one transaction, top layers first and people last (the reverse of
registration order), so the apps above people end the person's matches, seats and proposals
while the person still exists. What identifies them (people registers the source: names,
addresses, phone, date of birth) is taken once, before the first eraser runs, and every eraser
asks person_identifiers() for it, to redact them from text that stays; so an eraser that runs
after people's (core's outbox) still knows the name. The caller (people's account_delete)
owns the transaction and anonymises the user row afterwards, so audit rows everywhere keep
only the anonymous id.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from typing import Protocol

from django.db import transaction
from django.db.models import Q


class Person(Protocol):
    """The people app's User, as core sees it: core knows its shape, not its model."""

    pk: Any
    email: str


Exporter = Callable[[Any], dict[str, Any] | list[Any]]
Eraser = Callable[[Any], None]
IdentifierSource = Callable[[Any], Iterable[str]]


@dataclass(frozen=True)
class Shredder:
    name: str
    export: Exporter
    erase: Eraser
    # What identifies the person in free text (people gives names, addresses, phone, birth
    # date); erasers redact these from text about the person that other people wrote.
    identifiers: IdentifierSource | None = None


# Insertion order is registration order (AppConfig.ready() runs in INSTALLED_APPS order).
_registry: dict[str, Shredder] = {}
# (user pk, identifiers) while person_erase runs: taken before the first eraser, so the last
# erasers still know a name that people's eraser has already deleted.
_erasing: ContextVar[tuple[Any, tuple[str, ...]] | None] = ContextVar("erasing", default=None)


def register(
    name: str, *, export: Exporter, erase: Eraser, identifiers: IdentifierSource | None = None
) -> None:
    """Add an app's exporter and eraser; registering a name again replaces it in place."""
    _registry[name] = Shredder(name=name, export=export, erase=erase, identifiers=identifiers)


def registered() -> list[Shredder]:
    return list(_registry.values())


def person_export(user: Person) -> dict[str, Any]:
    """{app name: what that app holds about the person}, JSON-ready (see the module docstring)."""
    return {shredder.name: shredder.export(user) for shredder in registered()}


def person_identifiers(user: Person) -> list[str]:
    """Every app's identifiers of the person; during an erasure, as they were when it began."""
    erasing = _erasing.get()
    if erasing is not None and erasing[0] == user.pk:
        return list(erasing[1])
    found: set[str] = set()
    for shredder in registered():
        if shredder.identifiers is not None:
            found.update(value.strip() for value in shredder.identifiers(user) if value)
    return sorted(value for value in found if value)


def person_erase(user: Person) -> None:
    """Every app erases what it holds about the person, top layers first, people last.

    One transaction: if any eraser fails, nothing is erased (an account half deleted would keep
    some of the data and lose the means to find it).
    """
    with transaction.atomic():
        token = _erasing.set((user.pk, tuple(person_identifiers(user))))
        try:
            for shredder in reversed(registered()):
                shredder.erase(user)
        finally:
            _erasing.reset(token)


# --- Redaction: a deleted person's identifiers in text that stays ---------------------------

REDACTED = "[deleted]"


def _pattern(identifiers: Iterable[str]) -> re.Pattern[str] | None:
    # Longest first, so "Ana Ng" goes as one piece before "Ana"; one-letter names would eat text.
    terms = sorted({t.strip() for t in identifiers if len(t.strip()) >= 2}, key=len, reverse=True)
    if not terms:
        return None
    alternatives = "|".join(rf"(?<!\w){re.escape(term)}(?!\w)" for term in terms)
    return re.compile(alternatives, re.IGNORECASE)


def redact(text: str, identifiers: Iterable[str]) -> str:
    """The text with each identifier (a whole word or phrase, any case) replaced by REDACTED."""
    pattern = _pattern(identifiers)
    return pattern.sub(REDACTED, text) if pattern and text else text


def redact_json(value: Any, identifiers: Iterable[str]) -> Any:
    """redact() applied to every string (keys included) of a JSON value."""
    pattern = _pattern(identifiers)
    if pattern is None:
        return value

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            return pattern.sub(REDACTED, item)
        if isinstance(item, list):
            return [walk(x) for x in item]
        if isinstance(item, dict):
            return {walk(k): walk(v) for k, v in item.items()}
        return item

    return walk(value)


def anonymous_email(pk: Any) -> str:
    """The address an erased account keeps: unique, and no mail server will accept it."""
    return f"deleted-{pk}@invalid"


# --- The outbox's own shredder (core's app): every email we queued for or about the person ----
# To register from CoreConfig.ready(), so it is registered first and erases last, after people:
#     register("outbox", export=privacy.outbox_export, erase=privacy.outbox_erase)
# The account still has its address then (account_delete anonymises it after every eraser).


def outbox_export(user: Person) -> list[dict[str, Any]]:
    """The emails sent (or waiting to be sent) to the person."""
    from mentoring.core.models import OutgoingEmail

    rows = OutgoingEmail.objects.filter(to__iexact=user.email).order_by("created", "pk")
    return [
        {
            "kind": row.kind,
            "subject": row.subject,
            "text_body": row.text_body,
            "status": row.status,
            "created": row.created.isoformat(),
            "sent_at": row.sent_at.isoformat() if row.sent_at else None,
        }
        for row in rows
    ]


def outbox_erase(user: Person) -> None:
    """Nothing more goes to the person; what was sent keeps its key, without their name.

    Sent rows stay (their unique key is what keeps an email from going out twice), with the
    address in `to` and in the key replaced by the anonymous one, and the person's identifiers
    taken out of every email, theirs or someone else's (an approval email names both sides).
    """
    from mentoring.core.models import KEY_LENGTH
    from mentoring.core.models import OutgoingEmail

    Status = OutgoingEmail.Status
    email = user.email.strip().lower()
    OutgoingEmail.objects.filter(
        to__iexact=email, status__in=[Status.PENDING, Status.FAILED]
    ).delete()
    found = person_identifiers(user)
    in_html = found + [html.escape(term) for term in found]
    mentions = Q(to__iexact=email)
    for term in found:
        for column in ("key", "subject", "text_body", "html_body", "headers", "attachments"):
            mentions |= Q(**{f"{column}__icontains": term})
    anonymous = anonymous_email(user.pk)
    for row in OutgoingEmail.objects.filter(mentions):
        OutgoingEmail.objects.filter(pk=row.pk).update(
            to=anonymous if row.to.strip().lower() == email else row.to,
            # Only the address: a key is kind, objects and recipient (outbox.email_key).
            key=row.key.replace(f"to={email}", f"to={anonymous}")[:KEY_LENGTH],
            subject=redact(row.subject, found),
            text_body=redact(row.text_body, found),
            html_body=redact(row.html_body, in_html),
            headers=redact_json(row.headers, found),
            attachments=redact_json(row.attachments, found),
        )
