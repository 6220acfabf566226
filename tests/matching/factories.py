"""Building matchable people directly in the database, with sensible overridable defaults."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.utils import timezone

from mentoring.people.models import (
    Enrollment,
    GuardianConsent,
    Interest,
    MenteeProfile,
    MentorProfile,
    Profile,
    Program,
    Screening,
    User,
)


def interest(name: str, category: str = Interest.Category.CAREER) -> Interest:
    found, _ = Interest.objects.get_or_create(
        category=category, slug=name.lower().replace(" ", "-"), defaults={"name": name}
    )
    return found


def program(slug: str = "spring-2027", **fields: Any) -> Program:
    fields.setdefault("name", slug.replace("-", " ").title())
    return Program.objects.create(slug=slug, status=Program.Status.MATCHING, **fields)


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
    email = email or f"{role}-{uuid.uuid4().hex[:8]}@example.org"
    first, _, last = name.partition(" ")
    user = User.objects.create_user(email, password, first_name=first, last_name=last)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    profile = Profile.objects.create(
        user=user,
        display_name=name,
        pronouns="they/them",
        bio=f"{name} likes mentoring.",
        languages=list(languages),
        formats=list(formats),
        availability=list(availability),
        area=area,
        phone=phone,
    )
    profile.personal_interests.set([interest(n, Interest.Category.PERSONAL) for n in personal])
    Enrollment.objects.create(user=user, program=prog, role=role)
    return user


def mentee(
    prog: Program,
    *,
    seeking: tuple[str, ...] = ("Software engineering",),
    academic: tuple[str, ...] = (),
    age: int = 25,
    name: str = "Tomás Ng",
    **person: Any,
) -> User:
    user = _person(
        Enrollment.Role.MENTEE,
        prog,
        name=name,
        **person,
    )
    born = timezone.localdate() - timedelta(days=365 * age + age // 4 + 30)
    profile = MenteeProfile.objects.create(user=user, date_of_birth=born)
    profile.seeking.set(
        [interest(n) for n in seeking] + [interest(n, Interest.Category.ACADEMIC) for n in academic]
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
    user = _person(
        Enrollment.Role.MENTOR,
        prog,
        name=name,
        **person,
    )
    profile = MentorProfile.objects.create(
        user=user, capacity=capacity, code_of_conduct_accepted_at=timezone.now()
    )
    profile.offering.set(
        [interest(n) for n in offering]
        + [interest(n, Interest.Category.ACADEMIC) for n in academic]
    )
    return user


def clear_for_minors(user: User, expires: date | None = None) -> None:
    for kind in (Screening.Kind.BACKGROUND, Screening.Kind.TRAINING):
        Screening.objects.create(
            mentor=user,
            kind=kind,
            status=Screening.Status.CLEARED,
            date=timezone.localdate() - timedelta(days=30),
            expires=expires,
        )


def give_consent(user: User, email: str = "guardian@example.org") -> GuardianConsent:
    return GuardianConsent.objects.create(
        mentee=user,
        guardian_name="Gloria Guardian",
        guardian_email=email,
        status=GuardianConsent.Status.GIVEN,
        decided_at=timezone.now(),
    )
