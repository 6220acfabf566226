"""Hosting: anyone signed in proposes an event, a coordinator reviews it, the host runs it.

A proposal is an Event with a host and a review state. It stays a draft, which no public page,
calendar file or registration accepts, until a coordinator approves it; only then is it
published. Emails that follow a decision are queued in the outbox inside the transaction that
makes it, each under a key (kind, object, recipient), and sent after the commit.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events.models import Event
from events.models import HostMessage
from events.models import Registration
from events.services.registrations import capacity_change
from mentoring.core.jobs import enqueue
from mentoring.core.outbox import email_key
from mentoring.core.outbox import templated_email_queue
from mentoring.core.ratelimit import rate_limit
from mentoring.core.translated import in_every_language
from mentoring.people.coordinators import COORDINATORS
from mentoring.people.models import User

# What a host may set; status, review and everything else stay with coordinators.
PROPOSAL_FIELDS = (
    "title",
    "kind",
    "description",
    *Event.WHEN_AND_WHERE,
    "language",
    "host_reason",
)
# Texts read in every language: the host writes them once, in the language they write in.
HOST_TEXTS = ("title", "description")
MESSAGES_PER_DAY = 3
MESSAGE_MAX_LENGTH = 5000
# The "thank you for hosting" waits for check-ins to be recorded, and is not sent for events
# that ended long before hosting existed.
THANKS_AFTER = timedelta(hours=2)
THANKS_WITHIN = timedelta(days=14)


def coordinators() -> list[User]:
    """Who reviews proposals: active superusers and staff in the Coordinators group."""
    staff = Q(is_staff=True, groups__name=COORDINATORS) | Q(is_superuser=True)
    return list(User.objects.filter(staff, is_active=True).distinct().order_by("pk"))


def _in_every_language(details: dict[str, Any]) -> dict[str, Any]:
    """What the host wrote is what every reader reads until a coordinator translates it, so
    no language shows an empty title (modeltranslation would store it in the host's alone)."""
    written = {k: v for k, v in details.items() if k not in HOST_TEXTS}
    for field in HOST_TEXTS:
        if field in details:
            written.update(in_every_language(field, details[field]))
    return written


def _unique_slug(title: str) -> str:
    base = slugify(title)[:180].strip("-") or "event"
    if not Event.objects.filter(slug=base).exists():
        return base
    return f"{base}-{secrets.token_hex(3)}"


def _host_url(event: Event) -> str:
    return reverse("events:hosting_detail", args=[event.pk])


def _stamp(moment: datetime | None) -> str:
    # Which review round an email belongs to: a proposal may go back and forth several times.
    return f"round={moment:%Y%m%dT%H%M%S%f}" if moment else "round=0"


def _queue(to: User | None, template: str, *parts: object, context: dict[str, Any]) -> None:
    """Queue `email/events/<template>` for `to` in the caller's transaction, once per key."""
    if to is None:
        return
    kind = f"events.{template}"
    templated_email_queue(
        key=email_key(kind, *parts, to=to.email),
        kind=kind,
        to=to,
        template=f"email/events/{template}",
        context=context,
    )


def _check_details(details: dict[str, Any]) -> None:
    unknown = set(details) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be set by a host: %(f)s") % {"f": unknown})
    starts_at = details.get("starts_at")
    if starts_at is not None and starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("The event must start in the future.")})


def proposal_create(
    *, host: User, details: dict[str, Any], is_skill_session: bool = False
) -> Event:
    """A new draft proposal from `host`; coordinators are told it is waiting for review."""
    _check_details(details)
    event = Event(
        **_in_every_language(details),
        host=host,
        is_skill_session=is_skill_session,
        status=Event.Status.DRAFT,
        review=Event.Review.PROPOSED,
        organizer=host.get_full_name() or host.get_short_name(),
        slug=_unique_slug(details.get("title", "")),
    )
    event.full_clean()
    message = _("You have proposed a lot of events in a short time.")
    rate_limit("events.proposal", user_id=host.pk, message=message)
    with transaction.atomic():
        event.save()
        for coordinator in coordinators():
            _queue(
                coordinator,
                "host_proposal_received",
                event,
                context={
                    "event": event,
                    "host": host,
                    "admin_path": f"/admin/events/event/{event.pk}/",
                },
            )
    return event


def proposal_update(*, event: Event, user: User, details: dict[str, Any]) -> Event:
    """The host edits while under review; after "changes requested" this resubmits it."""
    _check_details(details)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.host_id != user.pk:
            raise ValidationError(_("Only the host can edit this proposal."))
        if not locked.is_under_review:
            raise ValidationError(_("This proposal has been reviewed and can no longer be edited."))
        for name, value in _in_every_language(details).items():
            setattr(locked, name, value)
        resubmitted = locked.review == Event.Review.CHANGES_REQUESTED
        locked.review = Event.Review.PROPOSED
        locked.full_clean()
        locked.save()
        if resubmitted:
            for coordinator in coordinators():
                # One per resubmission: the round is the changes request it answers.
                _queue(
                    coordinator,
                    "host_proposal_received",
                    locked,
                    _stamp(locked.reviewed_at),
                    context={
                        "event": locked,
                        "host": user,
                        "resubmitted": True,
                        "admin_path": f"/admin/events/event/{locked.pk}/",
                    },
                )
    return locked


# What each review does: the status the event takes, and the email the host gets.
_REVIEWS: dict[str, tuple[str, str]] = {
    Event.Review.APPROVED: (Event.Status.PUBLISHED, "host_approved"),
    Event.Review.CHANGES_REQUESTED: (Event.Status.DRAFT, "host_changes_requested"),
    Event.Review.DECLINED: (Event.Status.DRAFT, "host_declined"),
}


def _review(*, event: Event, by: User, review: str, message: str) -> Event:
    status, template = _REVIEWS[review]
    message = message.strip()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.host_id is None:
            raise ValidationError(_("%(title)s is not a host's proposal.") % {"title": locked})
        if not locked.is_under_review:
            raise ValidationError(
                _("%(title)s was already reviewed (%(review)s).")
                % {"title": locked, "review": locked.get_review_display()}
            )
        locked.review = review
        locked.review_message = message
        locked.reviewed_at = timezone.now()
        locked.reviewed_by = by
        locked.status = status
        locked.save()
        _queue(
            locked.host,
            template,
            locked,
            _stamp(locked.reviewed_at),
            context={"event": locked, "message": message, "host_path": _host_url(locked)},
        )
    return locked


def proposal_approve(*, event: Event, by: User, message: str = "") -> Event:
    """Publish the proposal; registrations open as for any published event."""
    return _review(event=event, by=by, review=Event.Review.APPROVED, message=message)


def proposal_request_changes(*, event: Event, by: User, message: str) -> Event:
    """Send it back to the host with what to change; the message is required."""
    if not message.strip():
        raise ValidationError(_("Tell the host what to change: the message cannot be empty."))
    return _review(event=event, by=by, review=Event.Review.CHANGES_REQUESTED, message=message)


def proposal_decline(*, event: Event, by: User, message: str = "") -> Event:
    """Decline for good: the event stays a draft, which no public page ever shows."""
    return _review(event=event, by=by, review=Event.Review.DECLINED, message=message)


def _check_host(event: Event, user: User) -> None:
    if event.host_id is None or event.host_id != user.pk:
        raise ValidationError(_("Only the host can do this."))


def host_capacity_change(*, event: Event, user: User, capacity: int) -> list[Registration]:
    """The host sets attendee capacity; never below the confirmed count (checked under lock)."""
    _check_host(event, user)
    if event.review == Event.Review.DECLINED or event.status == Event.Status.CANCELLED:
        raise ValidationError(_("This event is closed; its capacity cannot change."))
    return capacity_change(event=event, capacity=capacity)


def host_message_registrants(*, event: Event, user: User, body: str) -> HostMessage:
    """One email per confirmed or waitlisted person, sent by the site: nobody sees an address."""
    _check_host(event, user)
    body = body.strip()
    if not body:
        raise ValidationError(_("Write a message before sending it."))
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            _("Keep the message under %(n)s characters.")
            % {"n": number_format(MESSAGE_MAX_LENGTH, force_grouping=True)}
        )
    # Per event, MESSAGES_PER_DAY below; per person, across all the events they host.
    rate_limit(
        "events.host_message",
        user_id=user.pk,
        message=_("You have sent a lot of messages to registrants in a short time."),
    )
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.status != Event.Status.PUBLISHED:
            raise ValidationError(_("You can message registrants once the event is published."))
        since = timezone.now() - timedelta(days=1)
        if locked.host_messages.filter(sent_at__gte=since).count() >= MESSAGES_PER_DAY:
            raise ValidationError(
                _("You can send %(n)s messages a day; please try again tomorrow.")
                % {"n": MESSAGES_PER_DAY}
            )
        # One active registration per person and event (a database constraint).
        registrations = list(
            Registration.objects.active()
            .filter(event=locked)
            .select_related("user")
            .order_by("user_id")
        )
        message = HostMessage.objects.create(
            event=locked, sender=user, body=body, recipients=len(registrations)
        )
        host_name = user.get_full_name() or user.get_short_name()
        context = {"event": locked, "body": body, "host_name": host_name}
        for registration in registrations:
            # Queued, not sent: the request only writes rows; the outbox sends after commit.
            _queue(registration.user, "host_message", message, registration, context=context)
    return message


# --- The host's own reminders, found by the periodic reminder scan --------------------------------


def host_emails_due(*, now: datetime | None = None) -> list[tuple[int, str]]:
    """(event id, "reminder" | "thanks") for each host email whose time has come."""
    now = now or timezone.now()
    hosted = Event.objects.published().filter(host__isnull=False)
    reminders = hosted.filter(
        host_reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(days=1),
    ).values_list("pk", flat=True)
    thanks = hosted.filter(
        host_thanked_at__isnull=True,
        ends_at__lte=now - THANKS_AFTER,
        ends_at__gt=now - THANKS_WITHIN,
    ).values_list("pk", flat=True)
    return [(pk, "reminder") for pk in reminders] + [(pk, "thanks") for pk in thanks]


def host_emails_enqueue(due: list[tuple[int, str]]) -> None:
    """Hand host emails to the broker; if it is down, the next scan finds them again."""
    for event_id, kind in due:
        enqueue("events.tasks.send_host_email", event_id, kind)


def host_email_send(*, event_id: int, kind: str) -> bool:
    """Queue one host email at most once; True when it was queued.

    As with registrants' reminders, it is queued in the outbox inside the transaction that
    stamps the event, so a duplicate delivery waits on the row lock and then finds the stamp;
    the outbox sends it after the commit.
    """
    stamp = {"reminder": "host_reminded_at", "thanks": "host_thanked_at"}[kind]
    with transaction.atomic():
        event = Event.objects.select_for_update().filter(pk=event_id).first()
        if event is None or getattr(event, stamp) is not None or event.host_id is None:
            return False
        registrations = Registration.objects.filter(event=event, volunteer_role__isnull=True)
        context = {
            "event": event,
            "host_path": _host_url(event),
            "confirmed": registrations.confirmed().count(),
            "waitlisted": registrations.waitlisted().count(),
            "attended": registrations.filter(attendance=Registration.Attendance.ATTENDED).count(),
        }
        host = User.objects.get(pk=event.host_id)
        template = "host_reminder" if kind == "reminder" else "host_thanks"
        _queue(host, template, event, context=context)
        setattr(event, stamp, timezone.now())
        event.save(update_fields=[stamp])
        return True
