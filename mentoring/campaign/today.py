"""The coordinator's to-do on the admin index: what needs doing today, per program they run.

The campaign layer may read every app; each count is the very queryset the linked admin filter
applies (a QuerySet verb or a selector of the app that owns the model), so the number on the
index and the length of the list it opens cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from events.models import Event
from events.selectors import events_this_week_with_waitlist
from matching.models import Match
from matching.relationships.models import CheckIn
from matching.relationships.models import Message
from matching.relationships.models import QuietNotice
from mentoring.core.models import OutgoingEmail
from mentoring.core.translated import reader_order
from mentoring.people.admin.scoping import addressed_to_their_people
from mentoring.people.models import GuardianConsent
from mentoring.people.models import Program
from mentoring.people.models import Screening
from mentoring.people.models import User
from mentoring.people.selectors import consents_in_program
from mentoring.people.selectors import programs_coordinated_by
from mentoring.people.selectors import screenings_expiring_soon
from mentoring.people.selectors import screenings_in_program


@dataclass(frozen=True)
class TodoLine:
    label: str | Promise
    count: int
    url: str


@dataclass(frozen=True)
class ProgramToday:
    program: Program
    lines: list[TodoLine]


def _line(label: str | Promise, rows: QuerySet, admin_url: str, **query: object) -> TodoLine:
    return TodoLine(label, rows.count(), f"{reverse(admin_url)}?{urlencode(query)}")


def program_today(program: Program) -> ProgramToday:
    pk = program.pk
    today = timezone.localdate()
    checkins = CheckIn.objects.filter(match__program=program)
    lines = [
        _line(
            _("Proposals waiting for approval"),
            Match.objects.filter(program=program).proposed(),
            "admin:matching_match_changelist",
            program__id__exact=pk,
            status__exact=Match.Status.PROPOSED,
        ),
        _line(
            _("Open concerns"),
            checkins.concerns(),
            "admin:relationships_checkin_changelist",
            state="concern",
            match__program__id__exact=pk,
        ),
        _line(
            _("Quiet matches (coordinator alerts)"),
            QuietNotice.objects.filter(match__program=program, kind=QuietNotice.Kind.ALERT),
            "admin:relationships_quietnotice_changelist",
            kind__exact=QuietNotice.Kind.ALERT,
            match__program__id__exact=pk,
        ),
        _line(
            _("Messages reported in the last 7 days"),
            Message.objects.filter(match__program=program).reported(
                since=timezone.now() - Message.RECENT_REPORTS
            ),
            "admin:relationships_message_changelist",
            reported="recent",
            match__program__id__exact=pk,
        ),
        _line(
            _("Check-ins overdue"),
            checkins.filter(match__status__in=Match.HOLDING).overdue(today),
            "admin:relationships_checkin_changelist",
            state="overdue",
            match__program__id__exact=pk,
        ),
        _line(
            _("Screenings expiring in the next 30 days"),
            screenings_expiring_soon(screenings_in_program(Screening.objects.all(), pk)),
            "admin:mentoring_screening_changelist",
            expiring="soon",
            program=pk,
        ),
        _line(
            _("Guardian consents pending"),
            consents_in_program(
                GuardianConsent.objects.filter(status=GuardianConsent.Status.REQUESTED), pk
            ),
            "admin:mentoring_guardianconsent_changelist",
            status__exact=GuardianConsent.Status.REQUESTED,
            program=pk,
        ),
        _line(
            _("Events this week with a waitlist"),
            events_this_week_with_waitlist(Event.objects.filter(program=program)),
            "admin:events_event_changelist",
            waitlist="this_week",
            program__id__exact=pk,
        ),
    ]
    return ProgramToday(program, lines)


def coordinator_today(user: User) -> tuple[list[ProgramToday], TodoLine | None]:
    """Each program the user coordinates with its to-do, and the failed emails to their
    programs' people (an email is tied to an address, not a program: shown once, to those who
    may read the outbox)."""
    programs = [
        program_today(p) for p in programs_coordinated_by(user).order_by(reader_order("name"))
    ]
    failed = None
    if user.has_perm("core.view_outgoingemail"):
        failed = _line(
            _("Emails that failed"),
            # The outbox list shows a coordinator only their programs' people's emails.
            addressed_to_their_people(
                OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED), user, "to"
            ),
            "admin:core_outgoingemail_changelist",
            status__exact=OutgoingEmail.Status.FAILED,
        )
    return programs, failed
