"""Reminder emails: text and HTML parts, the event's time on its own clock, the .ics attached."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from events.calendar import CalendarParts
from events.calendar import site_url
from events.models import Registration
from events.models import Reminder
from mentoring.core.mail import recipient_context
from mentoring.core.mail import recipient_locale
from mentoring.core.mail import render_text

CANCEL_SALT = "events.registration.cancel"


def cancel_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CANCEL_SALT)


def registration_from_token(token: str, max_age_days: int = 120) -> int | None:
    try:
        return int(signing.loads(token, salt=CANCEL_SALT, max_age=max_age_days * 86400))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def _subject(reminder: Reminder) -> str:
    title = reminder.registration.event.title
    subjects: dict[str, str] = {
        Reminder.Kind.CONFIRMATION: _("You're registered: %(title)s"),
        Reminder.Kind.DAY_BEFORE: _("Tomorrow: %(title)s"),
        Reminder.Kind.HOUR_BEFORE: _("Starting in an hour: %(title)s"),
        Reminder.Kind.FOLLOW_UP: _("Thank you for coming to %(title)s"),
        Reminder.Kind.PROMOTION: _("A seat opened up: you're in for %(title)s"),
    }
    if (
        reminder.kind == Reminder.Kind.CONFIRMATION
        and reminder.registration.status == Registration.Status.WAITLISTED
    ):
        return _("You're on the waitlist: %(title)s") % {"title": title}
    return subjects[reminder.kind] % {"title": title}


def reminder_message(
    reminder: Reminder, *, calendars: CalendarParts | None = None
) -> EmailMultiAlternatives:
    """The reminder's email; a batch passes one `calendars` so each event's .ics is built once."""
    registration = reminder.registration
    user, event = registration.user, registration.event
    base = site_url()
    context = {
        **recipient_context(user),
        "reminder": reminder,
        "kind": reminder.kind,
        "registration": registration,
        "event": event,
        "user": user,
        "position": registration.waitlist_position(),
        "confirmed": registration.status == Registration.Status.CONFIRMED,
        "event_url": base + event.get_absolute_url(),
        "cancel_url": base + reverse("events:cancel_link", args=[cancel_token(registration)]),
        "thank_url": base + reverse("campaign:thank"),
    }
    # The event's time reads on its own clock (event.when); the words are the recipient's.
    with recipient_locale(user):
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _subject(reminder)
        text = render_text("email/events/reminder.txt", context)
        html = render_to_string("email/events/reminder.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    if registration.status == Registration.Status.CONFIRMED:
        # A waitlisted person has no seat yet: no invitation until a seat opens (the promotion).
        ics = (calendars or CalendarParts()).for_registration(registration)
        message.attach(f"{event.slug}.ics", ics, "text/calendar")
    return message
