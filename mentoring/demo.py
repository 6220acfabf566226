"""Demo people and the demo program. Idempotent: a second run finds everything and adds nothing."""

import random
from datetime import date

from allauth.account.models import EmailAddress

from mentoring.models import Enrollment, Program, User

DEMO_PASSWORD = "pay-it-forward-2027"
DEMO_PROGRAM_SLUG = "national-mentoring-month-2027"

# (email, first name, last name, role in the demo program or None for the coordinator)
DEMO_LOGINS = (
    ("coordinator@example.org", "Cora", "Ordway", None),
    ("mentor@example.org", "Marisol", "Entwistle", Enrollment.Role.MENTOR),
    ("mentee@example.org", "Tomás", "Ng", Enrollment.Role.MENTEE),
    ("volunteer@example.org", "Val", "Untied", Enrollment.Role.VOLUNTEER),
)


def demo_program() -> Program:
    program, _ = Program.objects.get_or_create(
        slug=DEMO_PROGRAM_SLUG,
        defaults={
            "name": "National Mentoring Month 2027",
            "organizer": "Pay It Forward Community Mentoring",
            "season": "National Mentoring Month 2027",
            "description": (
                "A one-to-one program that pairs students and early-career professionals with "
                "mentors for January 2027 and beyond."
            ),
            "status": Program.Status.OPEN,
            "signup_opens": date(2026, 11, 1),
            "signup_closes": date(2027, 1, 31),
            "area": "Springfield",
        },
    )
    return program


def ensure_user(email: str, first_name: str, last_name: str, *, staff: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email,
            DEMO_PASSWORD,
            first_name=first_name,
            last_name=last_name,
            is_staff=staff,
            is_superuser=staff,
        )
    # Demo people can log in at once: their address counts as confirmed.
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed_people(rng: random.Random) -> list[str]:
    program = demo_program()
    for email, first, last, role in DEMO_LOGINS:
        user = ensure_user(email, first, last, staff=role is None)
        if role:
            Enrollment.objects.get_or_create(user=user, program=program, role=role)
    lines = [
        f"Demo program: {program.name} ({program.slug})",
        f"Demo logins (password: {DEMO_PASSWORD}):",
    ]
    lines += [f"  {role or 'coordinator':<12} {email}" for email, _, _, role in DEMO_LOGINS]
    return lines
