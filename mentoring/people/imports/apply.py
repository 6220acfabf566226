"""The import's writes: plan every row against what we hold, then apply it row by row.

Each applied row is one transaction: the account, its profiles and interests, the enrolment,
the invitation and a minor's guardian request all commit together or not at all, and the
emails leave through the outbox only after that commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from mentoring.core.outbox import email_key
from mentoring.core.outbox import templated_email_queue
from mentoring.people.imports.rows import ImportReport
from mentoring.people.imports.rows import Person
from mentoring.people.imports.rows import RowPlan
from mentoring.people.imports.rows import interest_lookup
from mentoring.people.imports.rows import row_clean
from mentoring.people.models import Enrollment
from mentoring.people.models import GuardianConsent
from mentoring.people.models import Interest
from mentoring.people.models import MenteeProfile
from mentoring.people.models import MentorProfile
from mentoring.people.models import Profile
from mentoring.people.models import Program
from mentoring.people.models import User
from mentoring.people.services import guardian_consent_request

CHUNK = 500  # emails per query when loading who we already hold (SQLite's variable limit)
ROWS_PER_COMMIT = 100
SITE_LANGUAGES = {code for code, _name in settings.LANGUAGES}
# Each role's own profile: the one field a row may set on it, and where its interests go.
ROLE_PROFILES: dict[str, tuple[type[MenteeProfile] | type[MentorProfile], str, str]] = {
    Enrollment.Role.MENTEE: (MenteeProfile, "date_of_birth", "seeking"),
    Enrollment.Role.MENTOR: (MentorProfile, "capacity", "offering"),
}


def _held(emails: list[str], program: Program) -> dict[str, User]:
    """Everyone in the file we already hold, with what the comparison reads, in a few queries."""
    held: dict[str, User] = {}
    for start in range(0, len(emails), CHUNK):
        users = (
            User.objects.filter(email__in=emails[start : start + CHUNK])
            .select_related("profile", "mentee_profile", "mentor_profile")
            .prefetch_related(
                "profile__personal_interests",
                "mentee_profile__seeking",
                "mentor_profile__offering",
                Prefetch(
                    "enrollments",
                    queryset=Enrollment.objects.filter(program=program),
                    to_attr="here",
                ),
            )
        )
        held.update({user.email: user for user in users})
    return held


def _split_interests(person: Person) -> tuple[set[int], set[int]]:
    """(personal, career-or-academic) interest ids: they live on different profiles."""
    personal = {i.pk for i in person.interests or [] if i.category == Interest.Category.PERSONAL}
    return personal, {i.pk for i in person.interests or []} - personal


def _ids(related: Iterable[Interest]) -> set[int]:
    return {interest.pk for interest in related}


def changes(person: Person, user: User) -> list[str]:
    """What applying the row would change for someone we already hold (empty: nothing)."""
    found: list[str] = []
    profile = getattr(user, "profile", None)
    mentee = getattr(user, "mentee_profile", None)
    mentor = getattr(user, "mentor_profile", None)
    if not any(e.role == person.role for e in getattr(user, "here", [])):
        found.append(_("enrolment as %(role)s") % {"role": person.role})
    for name in ("first_name", "last_name"):
        if getattr(person, name) is not None and getattr(person, name) != getattr(user, name):
            found.append(name)
    for name in ("languages", "formats", "area", "availability"):
        wanted = getattr(person, name)
        if wanted is not None and (profile is None or getattr(profile, name) != wanted):
            found.append(name)
    personal, offered = _split_interests(person)
    if person.interests is not None:
        if profile is None or _ids(profile.personal_interests.all()) != personal:
            found.append("personal interests")
        held = None
        if person.role == Enrollment.Role.MENTEE and mentee is not None:
            held = _ids(mentee.seeking.all())
        elif person.role == Enrollment.Role.MENTOR and mentor is not None:
            held = _ids(mentor.offering.all())
        if held != offered:
            found.append("interests")
    if person.role == Enrollment.Role.MENTEE:
        born = person.date_of_birth
        if mentee is None or (born is not None and mentee.date_of_birth != born):
            found.append("date_of_birth")
    wanted = person.capacity
    if person.role == Enrollment.Role.MENTOR and (
        mentor is None or (wanted is not None and mentor.capacity != wanted)
    ):
        found.append("capacity")
    return found


def people_import_plan(*, program: Program, rows: list[dict[str, str]]) -> ImportReport:
    """What importing these rows into the program would do, row by row; writes nothing."""
    interests = interest_lookup()
    held = _held(sorted({row.get("email", "").lower() for row in rows}), program)
    first_line: dict[str, int] = {}
    plans: list[RowPlan] = []
    for number, row in enumerate(rows, start=2):
        person, reasons = row_clean(row, program=program, interests=interests)
        email = row.get("email", "").lower()
        if email and email in first_line:
            reasons.append(
                _("Duplicate email: already on line %(line)d.") % {"line": first_line[email]}
            )
        first_line.setdefault(email, number)
        user = held.get(email)
        if user is not None and (user.is_staff or user.is_superuser):
            reasons.append(_("This address belongs to a coordinator account."))
        if user is not None and not user.is_active:
            reasons.append(_("This account is closed."))
        if reasons or person is None:
            plans.append(RowPlan(number, email, "refuse", reasons=reasons))
        elif user is None:
            plans.append(RowPlan(number, email, "create", person=person))
        else:
            found = changes(person, user)
            action = "update" if found else "unchanged"
            plans.append(RowPlan(number, email, action, changes=found, person=person))
    return ImportReport(rows=plans)


def people_import(*, program: Program, rows: list[dict[str, str]]) -> ImportReport:
    """Plan, then apply every row that creates or updates someone.

    The plan is made again here, not carried over from the preview, so what is written always
    follows the rules against today's data. Each row is its own savepoint inside a transaction
    of ROWS_PER_COMMIT rows: a row is whole or absent, and one commit per hundred rows instead
    of per row is most of what makes 5,000 rows fast (bench/import_people.py). An unexpected
    error takes back the rows of its batch and is raised; earlier batches stay, and importing
    the file again finishes the job (unchanged rows are skipped).
    """
    report = people_import_plan(program=program, rows=rows)
    todo = [p for p in report.rows if p.person is not None and p.action in ("create", "update")]
    for start in range(0, len(todo), ROWS_PER_COMMIT):
        with transaction.atomic():
            for plan in todo[start : start + ROWS_PER_COMMIT]:
                with transaction.atomic():
                    _apply(plan.person, program)  # type: ignore[arg-type]
    return report


def _apply(person: Person, program: Program) -> None:
    user = User.objects.filter(email=person.email).first()
    if user is None:
        _create(person, program)
        return
    for name in ("first_name", "last_name"):
        if getattr(person, name) is not None:
            setattr(user, name, getattr(person, name))
    user.save(update_fields=["first_name", "last_name"])
    _profiles_save(person, user)
    Enrollment.objects.get_or_create(user=user, program=program, role=person.role)
    if person.is_minor() and not GuardianConsent.objects.filter(mentee=user).exists():
        _guardian_ask(person, user)


def _create(person: Person, program: Program) -> None:
    """Someone new: every row written straight away, with no read-before-write."""
    language = next((code for code in person.languages or [] if code in SITE_LANGUAGES), None)
    user = User.objects.create_user(
        email=person.email,
        first_name=person.first_name or "",
        last_name=person.last_name or "",
        language=language or settings.LANGUAGE_CODE,
    )  # no password: the invitation's link sets it
    # The coordinator vouches for the address, and the invitation can only be used by whoever
    # reads it: so it counts as verified (allauth would otherwise ask again at first login).
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    profile = Profile.objects.create(
        user=user,
        display_name=(person.first_name or user.email.split("@")[0])[:80],
        **{
            name: getattr(person, name)
            for name in ("languages", "formats", "area", "availability")
            if getattr(person, name) is not None
        },
    )
    personal, offered = _split_interests(person)
    if personal:
        profile.personal_interests.add(*personal)
    if person.role == Enrollment.Role.MENTEE:
        mentee = MenteeProfile.objects.create(user=user, date_of_birth=person.date_of_birth)
        if offered:
            mentee.seeking.add(*offered)
    else:
        mentor = MentorProfile.objects.create(user=user, capacity=person.capacity or 1)
        if offered:
            mentor.offering.add(*offered)
    Enrollment.objects.create(user=user, program=program, role=person.role)
    invitation_queue(user=user, program=program)
    if person.is_minor():
        _guardian_ask(person, user)


def _guardian_ask(person: Person, user: User) -> None:
    guardian_consent_request(
        mentee=user,
        guardian_name=person.guardian_name or _("parent or guardian"),
        guardian_email=person.guardian_email,
    )


def _profiles_save(person: Person, user: User) -> None:
    display_name = person.first_name or user.first_name or user.email.split("@")[0]
    profile, _created = Profile.objects.get_or_create(
        user=user, defaults={"display_name": display_name[:80]}
    )
    for name in ("languages", "formats", "area", "availability"):
        if getattr(person, name) is not None:
            setattr(profile, name, getattr(person, name))
    profile.save()
    personal, offered = _split_interests(person)
    if person.interests is not None:
        profile.personal_interests.set(personal)
    model, own, interests = ROLE_PROFILES[person.role]
    role_profile, _created = model.objects.get_or_create(user=user)
    if getattr(person, own) is not None:
        setattr(role_profile, own, getattr(person, own))
        role_profile.save(update_fields=[own])
    if person.interests is not None:
        getattr(role_profile, interests).set(offered)


def invitation_link(user: User) -> str:
    """allauth's set-a-new-password link: it works until the password is set (or it expires)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL + path


def invitation_queue(*, user: User, program: Program) -> None:
    """The invitation: set a password, then onboarding asks them to confirm their details (and
    mentors to accept the code of conduct). Queued in the caller's transaction."""
    templated_email_queue(
        key=email_key("people.invitation", user, program, to=user.email),
        kind="people.invitation",
        to=user,
        template="email/people/invitation",
        context={
            "program": program,
            "link": invitation_link(user),
            "login": settings.SITE_URL + reverse("account_login"),
        },
    )
