"""Demo events for National Mentoring Month, January 2027. Idempotent and deterministic:
events are found by slug, and a second run adds no registrations."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from events.models import Event
from events.models import Registration
from events.models import VolunteerRole
from mentoring.people.demo import DEMO_LOGINS
from mentoring.people.models import User

WITH_DEMO_LOGINS = {"kick-off-workshop", "hackathon", "thank-your-mentor-night"}
DEMO_EMAILS = {email for email, *_ in DEMO_LOGINS if email != "coordinator@example.org"}

TZ = ZoneInfo("America/Chicago")
VENUE = "Springfield Public Library, 200 Main St, Springfield"


@dataclass(frozen=True)
class DemoEvent:
    slug: str
    title: str
    kind: str
    day: int
    hour: int
    hours: float
    capacity: int
    online: bool
    signups: int
    roles: tuple[tuple[str, int], ...] = ()
    language: str = "en"


CALENDAR = (
    DemoEvent("kick-off-workshop", "National Mentoring Month kick-off workshop", "workshop",
              5, 18, 2, 40, False, 52, (("Greeter", 2), ("Facilitator", 3), ("Tech help", 1))),
    DemoEvent("mentor-training", "Mentor training: listening, boundaries, goals", "training",
              9, 10, 3, 25, False, 25, (("Facilitator", 2),)),
    DemoEvent("hackathon", "Pay It Forward hackathon", "hackathon",
              16, 9, 9, 60, False, 71, (("Judge", 4), ("Tech help", 3), ("Greeter", 2))),
    DemoEvent("case-study-challenge", "Case-study challenge: first job, first year",
              "case_study", 23, 13, 4, 30, False, 18, (("Judge", 3), ("Facilitator", 2))),
    DemoEvent("thank-your-mentor-night", "Thank Your Mentor appreciation night", "appreciation",
              29, 18, 3, 80, False, 80, (("Greeter", 3), ("Facilitator", 1))),
    DemoEvent("info-session", "Info session: becoming a mentor", "info_session",
              7, 12, 1, 100, True, 34),
    DemoEvent("taller-curriculum", "Taller en español: tu primer currículum", "workshop",
              12, 18, 2, 30, False, 14, (("Greeter", 2),), "es"),
) + tuple(
    DemoEvent(f"weekly-webinar-{week}", f"Weekly mentoring webinar #{week}", "webinar",
              4 + 7 * (week - 1), 19, 1, 50, True, [50, 31, 44, 12][week - 1])
    for week in range(1, 5)
)  # fmt: skip

# The calendar in Spanish too: a Spanish reader reads it all in Spanish (modeltranslation).
TITLE_IN_ENGLISH = {"taller-curriculum": "Workshop in Spanish: your first résumé"}
TITLE_IN_SPANISH = {
    "kick-off-workshop": "Taller de inauguración del Mes Nacional de la Mentoría",
    "mentor-training": "Formación de mentores: escuchar, poner límites, fijar metas",
    "hackathon": "Hackathon Pay It Forward",
    "case-study-challenge": "Reto de casos prácticos: primer empleo, primer año",
    "thank-your-mentor-night": "Noche de agradecimiento a los mentores",
    "info-session": "Sesión informativa: cómo ser mentor",
    **{
        f"weekly-webinar-{week}": f"Seminario web semanal de mentoría n.º {week}"
        for week in range(1, 5)
    },
}
ROLE_IN_SPANISH = {
    "Greeter": "Recepción",
    "Facilitator": "Facilitación",
    "Tech help": "Ayuda técnica",
    "Judge": "Jurado",
}

DESCRIPTION = {
    "en": "Part of National Mentoring Month 2027. Mentors, mentees and anyone curious are "
    "welcome; bring a friend who might pay it forward.",
    "es": "Parte del Mes Nacional de la Mentoría 2027. Mentores, mentorados y cualquier persona "
    "con curiosidad son bienvenidos; trae a alguien que quiera devolver el favor.",
}


def _event(spec: DemoEvent) -> Event:
    starts = datetime(2027, 1, spec.day, spec.hour, tzinfo=TZ)
    event, _ = Event.objects.get_or_create(
        slug=spec.slug,
        defaults={
            "title_en": TITLE_IN_ENGLISH.get(spec.slug, spec.title),
            "title_es": TITLE_IN_SPANISH.get(spec.slug, spec.title),
            "kind": spec.kind,
            "description_en": DESCRIPTION["en"],
            "description_es": DESCRIPTION["es"],
            "language": spec.language,
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=spec.hours),
            "timezone": str(TZ),
            "venue": "" if spec.online else VENUE,
            "online_url": f"https://meet.example.org/{spec.slug}" if spec.online else "",
            "capacity": spec.capacity,
            "registration_closes_at": starts - timedelta(hours=2),
            "cancellation_deadline": starts - timedelta(hours=3),
            "status": Event.Status.PUBLISHED,
            "organizer": "Pay It Forward Community Mentoring",
        },
    )
    for name, slots in spec.roles:
        VolunteerRole.objects.get_or_create(
            event=event, name=name, defaults={"slots": slots, "name_es": ROLE_IN_SPANISH[name]}
        )
    return event


def _fill(event: Event, spec: DemoEvent, people: list[User], rng: random.Random) -> int:
    """Seat people in sign-up order: attendees up to capacity then the waitlist; some volunteer."""
    if event.registrations.exists():
        return 0
    # The demo logins sign up first, so they see a confirmed seat and a role on /me/events/.
    logins = [p for p in people if p.email in DEMO_EMAILS and spec.slug in WITH_DEMO_LOGINS]
    others = [p for p in people if p.email not in DEMO_EMAILS]
    chosen = logins + rng.sample(others, min(spec.signups, len(others)) - len(logins))
    roles = list(event.roles.order_by("name"))
    base = timezone.make_aware(datetime(2026, 12, 1, 9)) + timedelta(days=spec.day % 7)
    taken: dict[int | None, int] = {}
    rows = []
    for i, user in enumerate(chosen):
        volunteers = user.email == "volunteer@example.org" or i % 6 == 5
        role = roles[i % len(roles)] if roles and volunteers else None
        limit = role.slots if role else event.capacity
        confirmed = taken.get(role.pk if role else None, 0) < limit
        taken[role.pk if role else None] = taken.get(role.pk if role else None, 0) + confirmed
        rows.append(
            Registration(
                event=event,
                user=user,
                volunteer_role=role,
                status="confirmed" if confirmed else "waitlisted",
                created_at=base + timedelta(minutes=37 * i),
            )
        )
    Registration.objects.bulk_create(rows)
    return len(rows)


def _demo_proposal() -> Event | None:
    """A skill session the demo mentor proposed, waiting in the coordinator's review queue."""
    host = User.objects.filter(email="mentor@example.org").first()
    if host is None:
        return None
    starts = datetime(2027, 1, 21, 18, tzinfo=TZ)
    event, _ = Event.objects.get_or_create(
        slug="resume-review-skill-session",
        defaults={
            "title": "Résumé review for first jobs",
            "kind": Event.Kind.WORKSHOP,
            "description": "Bring your résumé; leave with three concrete changes to make.",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=1, minutes=30),
            "timezone": str(TZ),
            "online_url": "https://meet.example.org/resume-review",
            "capacity": 12,
            "status": Event.Status.DRAFT,
            "host": host,
            "host_reason": "I review résumés every week at work and want to help newcomers.",
            "is_skill_session": True,
            "review": Event.Review.PROPOSED,
            "organizer": host.get_full_name(),
        },
    )
    return event


def seed_events(rng: random.Random) -> list[str]:
    people = list(User.objects.order_by("id"))
    added = 0
    for spec in CALENDAR:
        added += _fill(_event(spec), spec, people, rng)
    _demo_proposal()
    # seats_left is annotated by with_seats(); the plugin checks lookups against fields only.
    full_events = Event.objects.with_seats().filter(seats_left__lte=0)  # type: ignore[misc]
    full = [e.title for e in full_events]
    return [
        f"Events: {len(CALENDAR)} in January 2027, {added} registrations added; "
        f"full with a waitlist: {', '.join(full) or 'none'}."
    ]
