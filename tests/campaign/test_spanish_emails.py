"""Issue #18: every email the site sends reads in Spanish to a Spanish reader.

Each email is made by the service that sends it in production, to people whose language is
Spanish, and read back from the outbox: the subject, the text part and the HTML part go through
the same English detector as the page walk. The data is Spanish, so only the site's own words
are judged. A walk that fails in English proves the detector can see the emails at all.
WALKS names the emails each walk makes; a walk fails if it did not render them, and the list
must name every email under templates/email/, so a new email cannot be left out of the walk.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.test.signals import template_rendered
from django.utils import timezone

from events.models import Registration
from events.models import Reminder
from events.services import hosting
from events.services.registrations import registration_create
from events.services.reminders import reminder_send
from matching.emails import match_approved_emails_queue
from matching.models import Match
from matching.services import match_approve
from matching.services import matching_run
from mentoring.campaign import services as campaign
from mentoring.core.models import OutgoingEmail
from mentoring.people.imports.apply import invitation_queue
from mentoring.people.models import MentorProfile
from mentoring.people.models import ProgramCoordinator
from mentoring.people.models import User
from mentoring.people.services import guardian_consent_request
from tests import factories
from tests.campaign.data import observance_day
from tests.events import hosting_data
from tests.i18n_check import english_fragments

pytestmark = pytest.mark.django_db

EMAIL_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "email"

# The emails each walk makes, by template (under templates/email/). Each walk is checked to
# render the ones it names, and together they must name every email the site has.
WALKS: dict[str, tuple[str, ...]] = {
    "test_the_event_emails_are_spanish": ("events/reminder",),
    "test_the_hosting_emails_are_spanish": tuple(
        f"events/host_{kind}"
        for kind in (
            "approved",
            "changes_requested",
            "declined",
            "message",
            "proposal_received",
            "reminder",
            "thanks",
        )
    ),
    "test_the_match_and_consent_emails_are_spanish": (
        "matching/approved_mentee",
        "matching/approved_mentor",
        "people/guardian_consent",
    ),
    "test_a_minors_match_and_its_conversation_emails_are_spanish": (
        "matching/approved_guardian",
        "relationships/message_masked",
        "relationships/message_reported",
        "relationships/messages_digest",
    ),
    "test_the_campaign_emails_are_spanish": (
        "campaign/note_received",
        "campaign/observance_prompt",
    ),
    "test_the_invitation_is_spanish": ("people/invitation",),
    "test_the_relationship_emails_are_spanish": (
        "relationships/kickoff",
        "relationships/checkin_due",
        "relationships/concern",
        "relationships/closed",
    ),
    "test_the_quiet_relationship_emails_are_spanish": (
        "relationships/nudge",
        "relationships/quiet_alert",
    ),
    "test_the_meeting_emails_are_spanish": ("relationships/meeting",),
}


def site_emails() -> set[str]:
    """Every email: a `<name>.txt` body (a `_subject.txt` alone is a piece others include)."""
    return {
        str(path.relative_to(EMAIL_TEMPLATES).with_suffix(""))
        for path in EMAIL_TEMPLATES.glob("*/*.txt")
        if not path.stem.endswith("_subject")
    }


@pytest.fixture(autouse=True)
def walked(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a walk, the emails it names were really rendered (the test runner reports each
    template it renders, included ones too)."""
    rendered: set[str] = set()

    def record(sender: object, template: Any, **kwargs: Any) -> None:
        rendered.add(template.name or "")

    template_rendered.connect(record, dispatch_uid="spanish-email-walk")
    try:
        yield
    finally:
        template_rendered.disconnect(dispatch_uid="spanish-email-walk")
    missing = [
        name
        for name in WALKS.get(request.node.originalname, ())
        if f"email/{name}.txt" not in rendered
    ]
    assert not missing, f"the walk made none of: {missing}"


def test_the_walk_covers_every_email_of_the_site() -> None:
    named = {name for names in WALKS.values() for name in names}
    tests = {name for name in globals() if name.startswith("test_")}
    assert set(WALKS) <= tests, "a walk named in WALKS does not exist"
    assert site_emails() - named == set(), "emails no walk makes in Spanish"
    assert named - site_emails() == set(), "walks name emails the site no longer has"


def english_in(email: OutgoingEmail) -> list[str]:
    found = english_fragments(f"<title>{email.subject}</title>")
    found += english_fragments(email.text_body)
    found += english_fragments(email.html_body) if email.html_body else []
    return list(dict.fromkeys(found))


def assert_spanish(emails: list[OutgoingEmail]) -> None:
    assert emails, "no email was made"
    found = {
        f"{e.kind} → {e.to}: {e.subject}": english for e in emails if (english := english_in(e))
    }
    assert not found, "English in Spanish emails:\n" + "\n".join(
        f"{what}:\n  " + "\n  ".join(english) for what, english in found.items()
    )


# The hosting tests' proposal, in Spanish words, so only the site's own words can read English.
SPANISH_DETAILS: dict[str, Any] = {
    "title": "Taller de currículum para primeros empleos",
    "description": "Trae tu currículum y sal con una versión mejor.",
    "venue": "Biblioteca de Springfield, sala 3",
    "capacity": 1,
    "host_reason": "Contrato a personas jóvenes y veo los mismos errores cada semana.",
}


def details(**overrides: Any) -> dict[str, Any]:
    return hosting_data.details(**{**SPANISH_DETAILS, **overrides})


@pytest.fixture
def hispanohablante(make_user: Callable[..., User]) -> Callable[..., User]:
    def make(email: str, **fields: Any) -> User:
        return make_user(email, language="es", timezone="America/Chicago", **fields)

    return make


@pytest.fixture
def coordinadora(hispanohablante: Callable[..., User]) -> User:
    return hispanohablante(
        "cora.es@example.org", first_name="Cora", is_staff=True, is_superuser=True
    )


def test_the_email_walk_sees_english_in_english(make_user: Callable[..., User]) -> None:
    person = make_user("ana@example.org", language="en")
    event = factories.EventFactory(title="Taller", slug="taller", capacity=5)
    registration_create(event=event, user=person)
    for reminder in Reminder.objects.filter(registration__user=person):
        reminder_send(reminder_id=reminder.pk)
    emails = list(OutgoingEmail.objects.filter(to=person.email))
    assert emails and all(english_in(email) for email in emails)


def test_the_event_emails_are_spanish(hispanohablante: Callable[..., User]) -> None:
    """Confirmation, waitlist, promotion, the reminders before the day and the follow-up."""
    event = factories.EventFactory(title="Taller de currículum", slug="taller", capacity=1)
    first, second = hispanohablante("lucia@example.org"), hispanohablante("tomas@example.org")
    registration_create(event=event, user=first)
    waiting = registration_create(event=event, user=second)
    assert waiting.status == Registration.Status.WAITLISTED
    Registration.objects.filter(user=first).update(attendance=Registration.Attendance.ATTENDED)
    for reminder in Reminder.objects.all():
        reminder_send(reminder_id=reminder.pk)
    kinds = set(Reminder.objects.values_list("kind", flat=True))
    assert {Reminder.Kind.CONFIRMATION, Reminder.Kind.FOLLOW_UP} <= kinds
    assert_spanish(list(OutgoingEmail.objects.all()))


def test_the_hosting_emails_are_spanish(
    hispanohablante: Callable[..., User], coordinadora: User
) -> None:
    """To the coordinators when a proposal arrives; to the host at each decision and after."""
    host = hispanohablante("anfitriona@example.org", first_name="Marta")
    approved = hosting.proposal_create(host=host, details=details())
    changes = hosting.proposal_create(host=host, details=details(title="Charla de entrevistas"))
    declined = hosting.proposal_create(host=host, details=details(title="Hackatón del barrio"))
    hosting.proposal_approve(event=approved, by=coordinadora, message="¡Gracias, Marta!")
    hosting.proposal_request_changes(event=changes, by=coordinadora, message="Añade la sala.")
    hosting.proposal_decline(event=declined, by=coordinadora, message="Este mes no cabe.")
    approved.refresh_from_db()
    registration_create(event=approved, user=hispanohablante("asistente@example.org"))
    hosting.host_message_registrants(event=approved, user=host, body="Trae dos copias, por favor.")
    for kind in ("reminder", "thanks"):
        hosting.host_email_send(event_id=approved.pk, kind=kind)
    assert_spanish(list(OutgoingEmail.objects.exclude(kind="events.reminder")))


def test_the_match_and_consent_emails_are_spanish(
    hispanohablante: Callable[..., User], coordinadora: User
) -> None:
    program = factories.program("programa-primavera", name="Programa de primavera")
    common = {"languages": ("es",)}
    mentee = factories.mentee(program, name="Tomás Ng", seeking=("Nursing",), **common)
    mentor = factories.mentor(program, name="Lucía Pérez", offering=("Nursing",), **common)
    User.objects.filter(pk__in=[mentee.pk, mentor.pk]).update(language="es")
    matching_run(program=program, by=coordinadora)
    match = match_approve(match=Match.objects.get(), by=coordinadora)
    match_approved_emails_queue(match=match)
    guardian_consent_request(
        mentee=User.objects.get(pk=mentee.pk),
        guardian_name="Rosa Ng",
        guardian_email="rosa@example.org",
    )
    assert_spanish(list(OutgoingEmail.objects.all()))


def test_the_campaign_emails_are_spanish(hispanohablante: Callable[..., User]) -> None:
    mentora = hispanohablante("mentora@example.org", first_name="Lucía")
    MentorProfile.objects.create(
        user=mentora, capacity=1, code_of_conduct_accepted_at=timezone.now()
    )
    autor = hispanohablante("autor@example.org", first_name="Tomás")
    campaign.note_write(author=autor, mentor=mentora, body="Gracias por todo.", public=False)
    now = timezone.now()
    today = timezone.localtime(now, zoneinfo.ZoneInfo("America/Chicago")).date()
    observance_day(
        today,
        name_en="Thank Your Mentor Day",
        name_es="Día de agradecer a tu mentor",
        prompt_subject_en="Say thanks",
        prompt_subject_es="Da las gracias",
        prompt_text_en="A short note is enough.",
        prompt_text_es="Basta con una nota corta.",
    )
    assert campaign.observance_prompts_send(now=now) >= 2
    assert_spanish(list(OutgoingEmail.objects.all()))


def test_the_invitation_is_spanish(hispanohablante: Callable[..., User]) -> None:
    """What a person a coordinator imported receives (the import writes no Spanish itself)."""
    invitada = hispanohablante("invitada@example.org", first_name="Rosa")
    invitation_queue(user=invitada, program=factories.program("programa", name="Programa"))
    emails = list(OutgoingEmail.objects.all())
    assert_spanish(emails)
    assert emails[0].text_body.startswith("Hola, Rosa:")  # the greeting names its reader


def test_the_account_emails_are_spanish(
    client: Client, hispanohablante: Callable[..., User]
) -> None:
    """allauth's: the address confirmation on sign-up and the password reset."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    client.post(
        "/accounts/signup/",
        {
            "email": "nueva@example.org",
            "password1": "una-clave-larga-9",
            "password2": "una-clave-larga-9",
        },
    )
    hispanohablante("olvido@example.org")
    client.post("/accounts/password/reset/", {"email": "olvido@example.org"})
    emails = list(OutgoingEmail.objects.all())
    assert {e.to for e in emails} >= {"nueva@example.org", "olvido@example.org"}
    assert "vete a" not in " ".join(e.text_body for e in emails)
    assert_spanish(emails)


def test_the_relationship_emails_are_spanish(
    hispanohablante: Callable[..., User], coordinadora: User
) -> None:
    """The kick-off, the check-in links, a concern to the coordinators and the closure."""
    from matching.relationships.models import CheckIn
    from matching.relationships.models import Closure
    from matching.relationships.services.checkins import checkin_create_due
    from matching.relationships.services.checkins import checkin_submit
    from matching.relationships.services.closures import closure_emails_send
    from matching.relationships.services.closures import match_close
    from matching.relationships.services.kickoff import kickoff_send_due

    match = spanish_match(coordinadora)  # Cora coordinates the program: she gets the concern
    assert kickoff_send_due() == 2
    checkin_create_due(today=timezone.localdate() + timedelta(days=120))
    checkin = CheckIn.objects.filter(match=match).first()
    assert checkin is not None
    checkin_submit(
        checkin=checkin,
        user=checkin.match.mentee if checkin.side == "mentee" else checkin.match.mentor,
        met=True,
        rating=2,
        concern=True,
        note_for_coordinator="Me preocupa algo.",
    )
    closure = match_close(
        match=match, by=coordinadora, kind=Closure.Kind.values[0], reason=Closure.Reason.values[0]
    )
    closure_emails_send(closure_id=closure.pk)
    kinds = set(OutgoingEmail.objects.values_list("kind", flat=True))
    assert {"relationships.kickoff", "relationships.checkin_due", "relationships.closed"} <= kinds
    assert_spanish(list(OutgoingEmail.objects.exclude(kind="matching.approved")))


def spanish_match(coordinadora: User, *, age: int = 30) -> Match:
    """Tomás and Lucía, both reading Spanish, matched and approved in a program Cora runs."""
    program = factories.program("programa-otono", name="Programa de otoño", is_youth=age < 18)
    common = {"languages": ("es",)}
    mentee = factories.mentee(program, name="Tomás Ng", seeking=("Nursing",), age=age, **common)
    mentor = factories.mentor(program, name="Lucía Pérez", offering=("Nursing",), **common)
    if age < 18:
        factories.give_consent(mentee, email="rosa@example.org")
        factories.clear_for_minors(mentor)
    User.objects.filter(pk__in=[mentee.pk, mentor.pk]).update(
        language="es", timezone="America/Chicago"
    )
    ProgramCoordinator.objects.create(program=program, user=coordinadora)
    matching_run(program=program, by=coordinadora)
    return match_approve(match=Match.objects.get(), by=coordinadora)


def test_a_minors_match_and_its_conversation_emails_are_spanish(coordinadora: User) -> None:
    """The guardian's approval email; a masked and a reported message; the messages digest."""
    from matching.relationships.services import messages

    match = spanish_match(coordinadora, age=15)
    match_approved_emails_queue(match=match)
    message = messages.message_send(
        match=match, user=match.mentor, body="Escríbeme al +1 (555) 010-0199"
    )
    assert message.masked
    assert messages.message_report(message=message, user=match.mentee, reason="Me incomoda.")
    assert messages.message_digests_send(now=timezone.now() + timedelta(days=1)) == 1
    assert_spanish(list(OutgoingEmail.objects.all()))


def test_the_quiet_relationship_emails_are_spanish(coordinadora: User) -> None:
    """The nudge to a quiet side at 21 days, the alert to the coordinators at 35."""
    from matching.relationships.services.quiet import quiet_scan

    spanish_match(coordinadora)
    assert quiet_scan(now=timezone.now() + timedelta(days=40)) >= 4
    assert_spanish(list(OutgoingEmail.objects.filter(kind="relationships.quiet")))


def test_the_meeting_emails_are_spanish(coordinadora: User) -> None:
    """A proposal, its acceptance (with the .ics), the reminder the day before, a cancellation."""
    from matching.relationships.availability import shared_hours
    from matching.relationships.services import meetings

    match = spanish_match(coordinadora)
    start = shared_hours(match, timezone.now())[0]
    terms = meetings.Terms(
        starts_at=start, minutes=60, format="online", place="https://meet.example"
    )
    meeting = meetings.meeting_propose(match=match, user=match.mentee, terms=terms)
    meetings.meeting_accept(meeting=meeting, user=match.mentor)
    assert meetings.meeting_reminders_send(now=start - timedelta(hours=20)) >= 1
    meetings.meeting_cancel(meeting=meeting, user=match.mentor)
    sent = list(OutgoingEmail.objects.filter(kind__startswith="relationships.meeting"))
    assert len(sent) >= 4
    assert_spanish(sent)
