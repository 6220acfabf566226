"""Every row the tests build, in one place, on factory_boy.

One factory per model, with plain defaults that any argument overrides. The pytest fixtures
(`make_user`, `mentee`, `event`, …) live in the conftest files and call these. At the end,
helpers for matchable people: a person enrolled in a program, with a full profile and interests
given by name, as the matching, relationships and browser tests write them (`f.mentee(prog)`).
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from events.models import Event
from events.models import VolunteerRole
from matching.models import Match
from matching.services import match_approve
from matching.services import matching_run
from mentoring.campaign.models import Audience
from mentoring.campaign.models import ObservanceDay
from mentoring.people.models import Enrollment
from mentoring.people.models import GuardianConsent
from mentoring.people.models import Interest
from mentoring.people.models import MenteeProfile
from mentoring.people.models import MentorProfile
from mentoring.people.models import Profile
from mentoring.people.models import Program
from mentoring.people.models import ProgramCoordinator
from mentoring.people.models import Screening
from mentoring.people.models import User

PASSWORD = "correct-horse-battery-staple"


# --- People ---------------------------------------------------------------------------------------


class UserFactory(DjangoModelFactory[User]):
    """A signed-up person: a confirmed primary email address, and PASSWORD as password.

    password=None gives an unusable password, and saves the ~0.3 s that hashing one costs.
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person-{n}@example.org")
    password = PASSWORD
    email_address = factory.RelatedFactory(
        "tests.factories.EmailAddressFactory",
        factory_related_name="user",
        email=factory.SelfAttribute("..email"),
    )

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        # The manager lower-cases the email and hashes the password, as sign-up does.
        return cls._get_manager(model_class).create_user(*args, **kwargs)


class EmailAddressFactory(DjangoModelFactory[EmailAddress]):
    """allauth's record of a confirmed address; UserFactory makes one for every user."""

    class Meta:
        model = EmailAddress

    user = factory.SubFactory(UserFactory, email_address=None)
    email = factory.SelfAttribute("user.email")
    verified = True
    primary = True


class InterestFactory(DjangoModelFactory[Interest]):
    """An interest, found by (category, slug) when it already exists."""

    class Meta:
        model = Interest
        django_get_or_create = ("category", "slug")

    category = Interest.Category.CAREER
    name = factory.Sequence(lambda n: f"Interest {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


def sets_many(field: str) -> factory.PostGeneration:
    """The list of rows given as `field=` becomes that many-to-many's content."""

    def set_rows(obj: Any, create: bool, extracted: list[Any] | None, **_: Any) -> None:
        if create and extracted:
            getattr(obj, field).set(extracted)

    return factory.PostGeneration(set_rows)


class _OfAUserFactory(DjangoModelFactory[Any]):
    """What the three profiles share: one user each, and many-to-manys set after the save."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)


class ProfileFactory(_OfAUserFactory):
    """The common profile; personal_interests takes a list of Interest rows."""

    class Meta:
        model = Profile

    display_name = factory.LazyAttribute(lambda o: o.user.get_full_name())
    pronouns = "they/them"
    bio = factory.LazyAttribute(lambda o: f"{o.display_name} likes mentoring.")
    languages = factory.LazyFunction(lambda: ["en"])
    formats = factory.LazyFunction(lambda: ["online"])
    availability = factory.LazyFunction(lambda: ["mon-evening"])
    personal_interests = sets_many("personal_interests")


class MenteeProfileFactory(_OfAUserFactory):
    """A mentee's profile; seeking takes a list of Interest rows."""

    class Meta:
        model = MenteeProfile

    seeking = sets_many("seeking")


class MentorProfileFactory(_OfAUserFactory):
    """A mentor's profile; offering takes a list of Interest rows."""

    class Meta:
        model = MentorProfile

    offering = sets_many("offering")


class ProgramFactory(DjangoModelFactory[Program]):
    """A program open for sign-up."""

    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Program {n:03d}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    status = Program.Status.OPEN


class EnrollmentFactory(DjangoModelFactory[Enrollment]):
    class Meta:
        model = Enrollment

    user = factory.SubFactory(UserFactory)
    program = factory.SubFactory(ProgramFactory)
    role = Enrollment.Role.MENTEE


class ScreeningFactory(DjangoModelFactory[Screening]):
    """A screening check a coordinator cleared a month ago, with no expiry."""

    class Meta:
        model = Screening

    mentor = factory.SubFactory(UserFactory)
    kind = Screening.Kind.BACKGROUND
    status = Screening.Status.CLEARED
    date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    expires = None


class GuardianConsentFactory(DjangoModelFactory[GuardianConsent]):
    """Consent a guardian has given, just now."""

    class Meta:
        model = GuardianConsent

    mentee = factory.SubFactory(UserFactory)
    guardian_name = "Gloria Guardian"
    guardian_email = "guardian@example.org"
    status = GuardianConsent.Status.GIVEN
    decided_at = factory.LazyFunction(timezone.now)


# --- Events ---------------------------------------------------------------------------------------


def _next_week() -> datetime:
    # 17:00 UTC, whatever the hour the suite runs at: two hours from then stay on one local day
    # in every zone the tests read it in (Los Angeles 09:00 to Kiritimati 07:00), so a page or
    # email shows "11:00–13:00" and not a range across midnight. Whole seconds: iCalendar has
    # no microseconds, so times compare exactly after a round trip.
    return (timezone.now() + timedelta(days=7)).replace(hour=17, minute=0, second=0, microsecond=0)


class EventFactory(DjangoModelFactory[Event]):
    """A published two-hour workshop next week with three seats."""

    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Kick-off workshop {n}")
    slug = factory.LazyAttributeSequence(lambda o, n: f"kick-off-{n}-{o.starts_at:%Y%m%d%H%M%S%f}")
    kind = Event.Kind.WORKSHOP
    starts_at = factory.LazyFunction(_next_week)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    venue = "Springfield Library, Room 2"
    capacity = 3
    status = Event.Status.PUBLISHED
    timezone = "America/Chicago"


class VolunteerRoleFactory(DjangoModelFactory[VolunteerRole]):
    class Meta:
        model = VolunteerRole

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Helper {n}")
    slots = 1


# --- Campaign -------------------------------------------------------------------------------------


class ObservanceDayFactory(DjangoModelFactory[ObservanceDay]):
    class Meta:
        model = ObservanceDay

    year = 2027
    date = factory.LazyAttribute(lambda o: date(o.year, 1, 21))
    name = factory.Sequence(lambda n: f"Observance day {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    audience = Audience.EVERYONE


# --- Matchable people -----------------------------------------------------------------------------


def interest(name: str, category: str = Interest.Category.CAREER) -> Interest:
    return InterestFactory.create(name=name, category=category)


def program(slug: str = "spring-2027", **fields: Any) -> Program:
    """A program in its matching phase, named after its slug unless given a name."""
    fields.setdefault("name", slug.replace("-", " ").title())
    return ProgramFactory.create(slug=slug, status=Program.Status.MATCHING, **fields)


# Shared keywords (email, languages, formats, availability, area, personal, phone, password)
# pass through to _person. No password by default: hashing one costs ~0.3 s.
def _person(
    role: str,
    prog: Program,
    *,
    name: str,
    email: str | None = None,
    languages: tuple[str, ...] = ("en",),
    formats: tuple[str, ...] = ("online",),
    availability: tuple[str, ...] = ("mon-evening",),
    area: str = "",
    personal: tuple[str, ...] = (),
    phone: str = "",
    password: str | None = None,
) -> User:
    first, _, last = name.partition(" ")
    user = UserFactory.create(
        email=email or factory.Sequence(lambda n: f"{role}-{n}@example.org"),
        password=password,
        first_name=first,
        last_name=last,
    )
    ProfileFactory.create(
        user=user,
        display_name=name,
        languages=list(languages),
        formats=list(formats),
        availability=list(availability),
        area=area,
        phone=phone,
        personal_interests=[interest(n, Interest.Category.PERSONAL) for n in personal],
    )
    EnrollmentFactory.create(user=user, program=prog, role=role)
    return user


def _career_and_academic(career: tuple[str, ...], academic: tuple[str, ...]) -> list[Interest]:
    """What a mentee seeks or a mentor offers: career interests by name, then academic ones."""
    academics = [interest(n, Interest.Category.ACADEMIC) for n in academic]
    return [interest(n) for n in career] + academics


def mentee(
    prog: Program,
    *,
    seeking: tuple[str, ...] = ("Software engineering",),
    academic: tuple[str, ...] = (),
    age: int = 25,
    name: str = "Tomás Ng",
    **person: Any,
) -> User:
    user = _person(Enrollment.Role.MENTEE, prog, name=name, **person)
    MenteeProfileFactory.create(
        user=user,
        date_of_birth=timezone.localdate() - timedelta(days=365 * age + age // 4 + 30),
        seeking=_career_and_academic(seeking, academic),
    )
    return user


def mentor(
    prog: Program,
    *,
    offering: tuple[str, ...] = ("Software engineering",),
    academic: tuple[str, ...] = (),
    capacity: int = 1,
    name: str = "Marisol Entwistle",
    **person: Any,
) -> User:
    user = _person(Enrollment.Role.MENTOR, prog, name=name, **person)
    MentorProfileFactory.create(
        user=user,
        capacity=capacity,
        code_of_conduct_accepted_at=timezone.now(),
        offering=_career_and_academic(offering, academic),
    )
    return user


def clear_for_minors(user: User, expires: date | None = None) -> None:
    """Willing, with a current background check and training: cleared to mentor under-18s."""
    MentorProfile.objects.filter(user=user).update(willing_minors=True)
    for kind in (Screening.Kind.BACKGROUND, Screening.Kind.TRAINING):
        ScreeningFactory.create(mentor=user, kind=kind, expires=expires)


def give_consent(user: User, email: str = "guardian@example.org") -> GuardianConsent:
    return GuardianConsentFactory.create(mentee=user, guardian_email=email)


def program_coordinator(prog: Program, email: str) -> User:
    """Cora as she really works: staff in the Coordinators group (not a superuser), named
    coordinator of this one program; PASSWORD signs her in."""
    user = UserFactory.create(email=email, is_staff=True)
    user.groups.add(Group.objects.get(name="Coordinators"))
    ProgramCoordinator.objects.create(program=prog, user=user)
    return user


def tomas_and_marisol(by: User, *, approved: bool = True, **mentor_fields: Any) -> Match:
    """Tomás Ng (mentee) and Marisol Entwistle (mentor) in a new program: the pair a run
    proposes, approved by `by` unless approved=False. Most relationship tests start here."""
    prog = program()
    mentee(prog, name="Tomás Ng", email="tomas@example.org")
    mentor(prog, name="Marisol Entwistle", email="marisol@example.org", **mentor_fields)
    matching_run(program=prog, by=by)
    proposal = Match.objects.get(program=prog)
    return match_approve(match=proposal, by=by) if approved else proposal
