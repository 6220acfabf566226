"""Demo people and the demo program. Idempotent: a second run finds everything and adds nothing.

Besides the four demo logins, `seed_people` creates a population big enough to make matching
and the coordinator console interesting: 220 mentors and 540 mentees with skewed interests,
languages, formats, areas and availability, about 10 % minors with recorded guardian consent,
and screening records in every state. Everything is drawn from the `rng` passed in and dated
from BASE_DATE, so the same seed gives the same people on any day.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db.models import Model

from mentoring.people.coordinators import COORDINATORS
from mentoring.people.models import AVAILABILITY_SLOTS
from mentoring.people.models import Enrollment
from mentoring.people.models import GuardianConsent
from mentoring.people.models import Interest
from mentoring.people.models import MenteeProfile
from mentoring.people.models import MentorProfile
from mentoring.people.models import Profile
from mentoring.people.models import Program
from mentoring.people.models import Screening
from mentoring.people.models import User

DEMO_PASSWORD = "pay-it-forward-2027"
DEMO_PROGRAM_SLUG = "national-mentoring-month-2027"
BASE_DATE = date(2026, 11, 1)
BASE_TIME = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
MENTORS = 220
MENTEES = 540
# The population exists when its first mentor does: the marker a rerun checks.
POPULATION_MARKER = "demo-mentor-001@example.org"

# (email, first name, last name, role in the demo program or None for the coordinator)
DEMO_LOGINS = (
    ("coordinator@example.org", "Cora", "Ordway", None),
    ("mentor@example.org", "Marisol", "Entwistle", Enrollment.Role.MENTOR),
    ("mentee@example.org", "Tomás", "Ng", Enrollment.Role.MENTEE),
    ("volunteer@example.org", "Val", "Untied", Enrollment.Role.VOLUNTEER),
)
ADMIN_LOGIN = "admin@example.org"

FIRST_NAMES = (  # noqa: SIM905
    "Aaliyah Aiden Alejandro Amara Ana Andre Aisha Ben Camila Carlos Chloe Daniel "
    "Deja Diego Elena Eli Emily Ethan Fatima Gabriel Grace Hana Hector Imani Isaac "
    "Jada Jamal Jasmine Javier Jin Jordan Kai Kenji Keisha Layla Leah Liam Lucia Malik "
    "Maria Mateo Maya Mei Miguel Mina Nadia Noah Nia Omar Priya Rafael Ravi Rosa Samir "
    "Sara Sofia Tariq Tyler Valeria Wei Xavier Yasmin Zoe"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Abbott Adeyemi Alvarez Bautista Brooks Chen Cruz Davis Diaz Edwards Flores Garcia "
    "Gonzalez Green Hernandez Huang Jackson Johnson Kim Lee Lopez Martin Martinez "
    "Mendoza Morales Nguyen Okafor Ortiz Patel Perez Ramirez Reyes Rivera Robinson "
    "Rodriguez Sanchez Santos Shah Smith Tran Turner Walker Washington Williams Wilson "
    "Wong Young"
).split()
PRONOUNS = (("", 0.55), ("she/her", 0.2), ("he/him", 0.18), ("they/them", 0.07))
AREAS = (("Springfield", 0.45), ("Riverside", 0.2), ("Fairview", 0.15), ("Oak Park", 0.1),
         ("Lakeside", 0.06), ("Georgetown", 0.04))  # fmt: skip
TIMEZONES = (("America/Chicago", 0.5), ("America/New_York", 0.3), ("America/Denver", 0.1),
             ("America/Los_Angeles", 0.1))  # fmt: skip
OTHER_LANGUAGE_ODDS = (("zh", 0.03), ("vi", 0.03), ("ar", 0.02), ("fr", 0.02), ("ko", 0.02),
                       ("tl", 0.02), ("asl", 0.01))  # fmt: skip
FORMATS = ((["online", "in_person"], 0.5), (["online"], 0.35), (["in_person"], 0.15))
GOALS = (
    "Figure out which career fits me and what to study for it.",
    "Get my first internship and learn how to network.",
    "Finish my degree while working part time.",
    "Apply to college and find scholarships.",
    "Switch careers after ten years in retail.",
    "Grow confidence speaking up at work.",
    "Understand how to start a small business.",
    "Keep my grades up in math and science.",
)
POLICY_VERSION = "2026-11"
POLICY_TEXT = (
    "I agree that my child may take part in the mentoring program, meet their mentor as the "
    "program allows, and that the program may keep the information needed to run it."
)


def pick(rng: random.Random, weighted: Sequence[tuple[Any, float]]) -> Any:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def zipf_sample(rng: random.Random, ranked: Sequence[Interest], k: int) -> list[Interest]:
    """k distinct interests, the first few of `ranked` far more popular than the tail (Zipf)."""
    keyed = [(rng.random() ** (rank + 1), item) for rank, item in enumerate(ranked)]
    keyed.sort(key=lambda pair: pair[0], reverse=True)
    return [item for _, item in keyed[:k]]


def popularity(rng: random.Random, category: str) -> list[Interest]:
    """The category's interests in a fixed but seed-dependent order of popularity."""
    interests = list(Interest.objects.active().in_category(category).order_by("slug"))
    rng.shuffle(interests)
    return interests


def demo_program() -> Program:
    program, _ = Program.objects.get_or_create(
        slug=DEMO_PROGRAM_SLUG,
        defaults={
            # Each text in English and Spanish: a Spanish reader reads the program in Spanish.
            "name_en": "National Mentoring Month 2027",
            "name_es": "Mes Nacional de la Mentoría 2027",
            "organizer": "Pay It Forward Community Mentoring",
            "season_en": "National Mentoring Month 2027",
            "season_es": "Mes Nacional de la Mentoría 2027",
            "description_en": (
                "A one-to-one program that pairs students and early-career professionals with "
                "mentors for January 2027 and beyond."
            ),
            "description_es": (
                "Un programa individual que une a estudiantes y jóvenes profesionales con "
                "mentores durante enero de 2027 y después."
            ),
            "status": Program.Status.OPEN,
            "is_youth": True,
            "signup_opens": date(2026, 11, 1),
            "signup_closes": date(2027, 1, 31),
            "area": "Springfield",
        },
    )
    return program


def ensure_user(
    email: str, first_name: str, last_name: str, *, staff: bool = False, superuser: bool = False
) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, DEMO_PASSWORD, first_name=first_name, last_name=last_name
        )
    if (user.is_staff, user.is_superuser) != (staff, superuser):
        # Older demo databases made the coordinator a superuser; coordinators are not.
        user.is_staff, user.is_superuser = staff, superuser
        user.save(update_fields=["is_staff", "is_superuser"])
    # Demo people can log in at once: their address counts as confirmed.
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def ensure_login_profiles(users: dict[str, User]) -> None:
    """Complete profiles for the demo logins, so every page has something to show."""
    by_slug = {i.slug: i for i in Interest.objects.active()}
    for email, user in users.items():
        profile, created = Profile.objects.get_or_create(
            user=user,
            defaults={
                "display_name": user.first_name,
                "languages": ["en", "es"] if "mentor" in email else ["en"],
                "formats": ["online", "in_person"],
                "area": "Springfield",
                "availability": ["mon-evening", "wed-evening", "sat-morning", "sat-afternoon"],
                "bio": "Here to help, and to be helped." if "mentor" in email else "",
            },
        )
        if created:
            profile.personal_interests.set(
                [i for s, i in by_slug.items() if s in ("first-generation-student", "music")]
            )
    mentor, mentee = users["mentor@example.org"], users["mentee@example.org"]
    mentor_profile, created = MentorProfile.objects.get_or_create(
        user=mentor,
        defaults={
            "capacity": 2,
            "years_experience": 12,
            "willing_minors": True,
            "code_of_conduct_accepted_at": BASE_TIME,
        },
    )
    if created:
        mentor_profile.offering.set(
            [i for s, i in by_slug.items() if s in ("software-engineering", "college-applications")]
        )
    for kind in (Screening.Kind.BACKGROUND, Screening.Kind.TRAINING):
        Screening.objects.get_or_create(
            mentor=mentor,
            kind=kind,
            defaults={
                "status": Screening.Status.CLEARED,
                "date": BASE_DATE,
                "expires": BASE_DATE + timedelta(days=3 * 365),
                "verified_by": users["coordinator@example.org"],
            },
        )
    mentee_profile, created = MenteeProfile.objects.get_or_create(
        user=mentee,
        defaults={"date_of_birth": date(2004, 5, 12), "goals": GOALS[0]},
    )
    if created:
        mentee_profile.seeking.set(
            [i for s, i in by_slug.items() if s in ("software-engineering", "choosing-a-major")]
        )


def seed_people(rng: random.Random) -> list[str]:
    program = demo_program()
    users: dict[str, User] = {}
    for email, first, last, role in DEMO_LOGINS:
        users[email] = ensure_user(email, first, last, staff=role is None)
        if role:
            Enrollment.objects.get_or_create(user=users[email], program=program, role=role)
    coordinator = users["coordinator@example.org"]
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    ensure_user(ADMIN_LOGIN, "Ada", "Admin", staff=True, superuser=True)
    ensure_login_profiles(users)
    added = 0
    if not User.objects.filter(email=POPULATION_MARKER).exists():
        added = seed_population(rng, program, coordinator)
    lines = [
        f"Demo program: {program.name} ({program.slug})",
        f"Demo logins (password: {DEMO_PASSWORD}):",
    ]
    lines += [f"  {role or 'coordinator':<12} {email}" for email, _, _, role in DEMO_LOGINS]
    lines.append(f"  {'superuser':<12} {ADMIN_LOGIN}")
    if added:
        lines.append(f"Demo population: {added} people (demo-mentor-NNN, demo-mentee-NNN)")
    return lines


# --- the population -------------------------------------------------------------------------------


def common_draws(rng: random.Random, ranked: dict[str, list[Interest]]) -> dict[str, Any]:
    """What everyone tells us: name, languages, formats, area, availability, interests."""
    # English ~85 %; Spanish for ~15 % of English speakers and most who speak no English
    # (~25 % overall); each other language rarely, and someone speaks at least one.
    english = rng.random() < 0.85
    languages = ["en"] if english else []
    if rng.random() < (0.15 if english else 0.8):
        languages.append("es")
    languages += [code for code, odds in OTHER_LANGUAGE_ODDS if rng.random() < odds]
    languages = languages or [rng.choice(OTHER_LANGUAGE_ODDS)[0]]
    availability = [slot for slot in AVAILABILITY_SLOTS if rng.random() < 0.25]
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return {
        "first": first,
        "last": last,
        "display_name": f"{first} {last[0]}.",
        "pronouns": pick(rng, PRONOUNS),
        "timezone": pick(rng, TIMEZONES),
        "joined": BASE_TIME - timedelta(days=rng.randrange(1, 60), minutes=rng.randrange(1440)),
        "languages": languages,
        "formats": list(pick(rng, FORMATS)),
        "area": pick(rng, AREAS),
        "availability": availability or [rng.choice(AVAILABILITY_SLOTS)],
        "personal": zipf_sample(rng, ranked["personal"], rng.choice((1, 2, 3, 3, 4))),
        "volunteers": False,
    }


def birthday(rng: random.Random, age: int) -> date:
    """A date of birth making someone exactly `age` on BASE_DATE."""
    anniversary = BASE_DATE.replace(year=BASE_DATE.year - age)
    return anniversary - timedelta(days=rng.randrange(1, 365))


SCREENING_STATES = (
    ("cleared", 0.60),
    ("pending", 0.14),
    ("expired", 0.10),
    ("untrained", 0.11),
    ("failed", 0.05),
)


def screenings_for(rng: random.Random, state: str) -> list[tuple[str, str, date, date | None]]:
    """(kind, status, date, expires) records for a mentor in the given screening state."""
    done = BASE_DATE - timedelta(days=rng.randrange(10, 300))
    years3 = timedelta(days=3 * 365)
    cleared, pending, failed = (
        Screening.Status.CLEARED,
        Screening.Status.PENDING,
        Screening.Status.FAILED,
    )
    kind = Screening.Kind
    if state == "cleared":
        return [
            (kind.BACKGROUND, cleared, done, done + years3),
            (kind.REFERENCES, cleared, done, None),
            (kind.INTERVIEW, cleared, done, None),
            (kind.TRAINING, cleared, done, None),
        ]
    if state == "pending":
        return [(kind.BACKGROUND, pending, done, None), (kind.REFERENCES, pending, done, None)]
    if state == "expired":
        old = done - years3
        return [(kind.BACKGROUND, cleared, old, old + years3 - timedelta(days=30)),
                (kind.TRAINING, cleared, old, None)]  # fmt: skip
    if state == "untrained":
        return [
            (kind.BACKGROUND, cleared, done, done + years3),
            (kind.TRAINING, pending, done, None),
        ]
    return [(kind.BACKGROUND, failed, done, None), (kind.INTERVIEW, cleared, done, None)]


def mentor_draws(rng: random.Random, ranked: dict[str, list[Interest]], cap: int) -> dict:
    person = common_draws(rng, ranked)
    person.update(
        capacity=min(cap, pick(rng, ((1, 0.45), (2, 0.3), (3, 0.15), (4, 0.05), (5, 0.05)))),
        years_experience=int(rng.triangular(1, 35, 6)),
        willing_minors=rng.random() < 0.7,
        willing_group=rng.random() < 0.3,
        code_of_conduct_accepted_at=BASE_TIME - timedelta(days=rng.randrange(1, 90)),
        expertise=zipf_sample(rng, ranked["career"], rng.choice((1, 2, 2, 3, 3, 4)))
        + zipf_sample(rng, ranked["academic"], rng.choice((0, 0, 1, 2))),
        screening=screenings_for(rng, pick(rng, SCREENING_STATES)),
        volunteers=rng.random() < 0.15,
    )
    return person


ADULT_AGES = ((range(18, 23), 0.4), (range(23, 31), 0.35), (range(31, 46), 0.2),
              (range(46, 66), 0.05))  # fmt: skip


def mentee_draws(rng: random.Random, ranked: dict[str, list[Interest]], band: str) -> dict:
    person = common_draws(rng, ranked)
    if band == "adult":
        age = rng.choice(pick(rng, ADULT_AGES))
        wants = zipf_sample(rng, ranked["career"], rng.choice((1, 2, 2, 3)))
        wants += zipf_sample(rng, ranked["academic"], rng.choice((0, 1, 1, 2)))
    else:
        age = rng.randint(13, 17) if band == "teen" else rng.randint(11, 12)
        wants = zipf_sample(rng, ranked["academic"], rng.choice((1, 2, 2, 3)))
        wants += zipf_sample(rng, ranked["career"], rng.choice((0, 1, 1, 2)))
    person.update(
        band=band,
        date_of_birth=birthday(rng, age),
        wants=wants,
        goals=rng.choice(GOALS),
        guardian=f"{rng.choice(FIRST_NAMES)} {person['last']}",
        decided=BASE_TIME - timedelta(days=rng.randrange(1, 30)),
        ip=f"192.0.2.{rng.randrange(1, 255)}",  # TEST-NET-1: documentation addresses
        volunteers=rng.random() < 0.05,
    )
    return person


# The draws named as the profile fields they fill.
PROFILE_DRAWS = ("display_name", "pronouns", "languages", "formats", "area", "availability")
MENTOR_DRAWS = (
    "capacity",
    "years_experience",
    "willing_minors",
    "willing_group",
    "code_of_conduct_accepted_at",
)


def profiles_create(
    model: type[Model], people: dict[str, dict], ids: dict[str, int], fields: Sequence[str]
) -> None:
    """Bulk-insert one `model` row per person, each field from the person's draw of that name."""
    model._default_manager.bulk_create(
        model(user_id=ids[email], **{name: p[name] for name in fields})
        for email, p in people.items()
    )


def link(
    model: type[Model], relation: str, people: dict[str, dict], ids: dict[str, int], key: str
) -> None:
    """Bulk-insert the many-to-many rows of `model.relation` (a role profile's interests) for
    each person's `key` list, the profiles found by their users' ids."""
    through = getattr(model, relation).through
    owner = f"{model._meta.model_name}_id"
    user_ids = [ids[email] for email in people]
    profile_ids = dict(
        model._default_manager.filter(user_id__in=user_ids).values_list("user_id", "id")
    )
    through.objects.bulk_create(
        through(**{owner: profile_ids[ids[email]], "interest_id": interest.pk})
        for email, p in people.items()
        for interest in p[key]
    )


def seed_population(rng: random.Random, program: Program, coordinator: User) -> int:
    """Create the demo population in bulk; returns how many people it added."""
    ranked = {category: popularity(rng, category) for category in Interest.Category.values}
    people: dict[str, dict[str, Any]] = {}
    for n in range(1, MENTORS + 1):
        people[f"demo-mentor-{n:03}@example.org"] = mentor_draws(
            rng, ranked, program.max_mentees_per_mentor
        )
    # About 10 % minors, a few of them under 13 (enrolled by a coordinator).
    bands = ["adult"] * MENTEES
    minors = rng.sample(range(MENTEES), MENTEES // 10)
    for position, index in enumerate(minors):
        bands[index] = "child" if position < 6 else "teen"
    for n, band in enumerate(bands, start=1):
        people[f"demo-mentee-{n:03}@example.org"] = mentee_draws(rng, ranked, band)

    password = make_password(DEMO_PASSWORD)  # hashing once, not 760 times, keeps this fast
    User.objects.bulk_create(
        User(
            email=email,
            first_name=p["first"],
            last_name=p["last"],
            timezone=p["timezone"],
            password=password,
            date_joined=p["joined"],
        )
        for email, p in people.items()
    )
    ids = dict(User.objects.filter(email__in=people).values_list("email", "id"))
    EmailAddress.objects.bulk_create(
        EmailAddress(user_id=ids[email], email=email, verified=True, primary=True)
        for email in people
    )
    profiles_create(Profile, people, ids, PROFILE_DRAWS)
    link(Profile, "personal_interests", people, ids, "personal")
    mentors = {e: p for e, p in people.items() if e.startswith("demo-mentor-")}
    mentees = {e: p for e, p in people.items() if e.startswith("demo-mentee-")}
    seed_mentors(mentors, ids, coordinator)
    seed_mentees(mentees, ids, coordinator)
    Enrollment.objects.bulk_create(
        [Enrollment(user_id=ids[e], program=program, role=Enrollment.Role.MENTOR) for e in mentors]
        + [
            Enrollment(user_id=ids[e], program=program, role=Enrollment.Role.MENTEE)
            for e in mentees
        ]
        + [
            Enrollment(user_id=ids[e], program=program, role=Enrollment.Role.VOLUNTEER)
            for e, p in people.items()
            if p["volunteers"]
        ]
    )
    return len(people)


def seed_mentors(mentors: dict[str, dict], ids: dict[str, int], coordinator: User) -> None:
    profiles_create(MentorProfile, mentors, ids, MENTOR_DRAWS)
    link(MentorProfile, "offering", mentors, ids, "expertise")
    Screening.objects.bulk_create(
        Screening(
            mentor_id=ids[email],
            kind=kind,
            status=status,
            date=done,
            expires=expires,
            verified_by=coordinator if status != Screening.Status.PENDING else None,
        )
        for email, p in mentors.items()
        for kind, status, done, expires in p["screening"]
    )


def seed_mentees(mentees: dict[str, dict], ids: dict[str, int], coordinator: User) -> None:
    profiles_create(MenteeProfile, mentees, ids, ("date_of_birth", "goals"))
    link(MenteeProfile, "seeking", mentees, ids, "wants")
    # Teenagers' guardians consented through the emailed link; under-13s' consent was collected
    # offline and recorded by the coordinator who enrolled them.
    GuardianConsent.objects.bulk_create(
        GuardianConsent(
            mentee_id=ids[email],
            guardian_name=p["guardian"],
            guardian_email=email.replace("demo-mentee-", "guardian-of-mentee-"),
            status=GuardianConsent.Status.GIVEN,
            decided_at=p["decided"],
            decided_from_ip=p["ip"] if p["band"] == "teen" else None,
            policy_version=POLICY_VERSION,
            policy_text=POLICY_TEXT,
            recorded_by=coordinator if p["band"] == "child" else None,
        )
        for email, p in mentees.items()
        if p["band"] != "adult"
    )
