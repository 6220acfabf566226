"""Who takes part in a relationship: its two sides and the coordinators of its program.

Coordinators of a program are the active users listed as its ProgramCoordinator rows; a program
with none falls back to the active superusers, so a concern is never sent into the void.
"""

from __future__ import annotations

from collections.abc import Sequence

from matching.models import Match
from matching.relationships.models import Side
from mentoring.core.mail import Attachment
from mentoring.core.outbox import email_key
from mentoring.core.outbox import templated_email_queue
from mentoring.people.models import Program
from mentoring.people.models import ProgramCoordinator
from mentoring.people.models import User


def side_of(match: Match, user: User) -> str | None:
    if user.pk == match.mentee_id:
        return Side.MENTEE
    if user.pk == match.mentor_id:
        return Side.MENTOR
    return None


def program_coordinators(program: Program) -> list[User]:
    assigned = list(
        User.objects.filter(
            is_active=True,
            pk__in=ProgramCoordinator.objects.filter(program=program).values("user_id"),
        ).order_by("pk")
    )
    return assigned or list(User.objects.filter(is_active=True, is_superuser=True).order_by("pk"))


def email_each(
    template: str,
    context: dict[str, object],
    to: list[User],
    *,
    kind: str,
    about: tuple[object, ...],
    category: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> int:
    """Queue one email per person in the caller's transaction, each in that person's language.

    The outbox sends them after the commit. The key (kind, the objects in `about`, the
    recipient) means the same email is never queued twice. A `category` marks a nudge nobody
    asked for: it is not queued for someone who opted out. Returns how many were queued.
    """
    queued = 0
    for person in to:
        email = templated_email_queue(
            key=email_key(kind, *about, to=person.email),
            kind=kind,
            to=person,
            template=f"email/relationships/{template}",
            context=context,
            category=category,
            attachments=attachments,
        )
        queued += email is not None
    return queued
