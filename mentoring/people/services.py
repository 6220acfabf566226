"""Writes about people: onboarding, guardian consent, export and deletion.

Each function owns its transaction; emails go out only after the commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from datetime import date
from typing import Any
from typing import TypeVar

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mentoring.core.mail import absolute_url
from mentoring.core.outbox import email_key
from mentoring.core.outbox import templated_email_queue
from mentoring.core.privacy import anonymous_email
from mentoring.core.privacy import person_erase
from mentoring.core.privacy import person_export
from mentoring.people.consent import POLICY_TEXT
from mentoring.people.consent import POLICY_VERSION
from mentoring.people.consent import consent_token_make
from mentoring.people.contacts import may_be_minor
from mentoring.people.models import EmailCategory
from mentoring.people.models import EmailPreference
from mentoring.people.models import Enrollment
from mentoring.people.models import GuardianConsent
from mentoring.people.models import Interest
from mentoring.people.models import MenteeProfile
from mentoring.people.models import MentorProfile
from mentoring.people.models import Profile
from mentoring.people.models import Program
from mentoring.people.models import User

YOUNGEST_SELF_SIGNUP = 13

P = TypeVar("P", Profile, MenteeProfile, MentorProfile)


def enrollment_roles_save(*, user: User, program: Program, roles: Iterable[str]) -> None:
    with transaction.atomic():
        for role in roles:
            Enrollment.objects.get_or_create(user=user, program=program, role=role)


def onboarding_save_common(
    *,
    user: User,
    display_name: str,
    pronouns: str,
    bio: str,
    languages: list[str],
    formats: list[str],
    area: str,
    availability: list[str],
    personal_interests: Iterable[Interest],
    timezone_name: str,
) -> Profile:
    values = {
        "display_name": display_name,
        "pronouns": pronouns,
        "bio": bio,
        "languages": languages,
        "formats": formats,
        "area": area,
        "availability": availability,
    }
    with transaction.atomic():
        profile = _profile_save(Profile, user, values, personal_interests=personal_interests)
        User.objects.filter(pk=user.pk).update(timezone=timezone_name)
        user.timezone = timezone_name
    return profile


def _profile_save(model: type[P], user: User, values: dict[str, Any], **interests: Any) -> P:
    """The person's one row of `model`, created or updated with `values`, and its interests set.

    The caller's transaction holds the row and its interests together.
    """
    row, _ = model.objects.update_or_create(user=user, defaults=values)
    for name, chosen in interests.items():
        getattr(row, name).set(chosen)
    return row


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def mentee_birthdate_save(*, user: User, date_of_birth: date) -> bool:
    """Record a mentee's date of birth; False (and the account closed) for under-13s.

    Under-13s may not sign up, and the site has no way for anyone to sign them up: so we keep
    nothing about them, not even the date they typed (the too-young page says so).
    """
    if age_on(date_of_birth, timezone.localdate()) < YOUNGEST_SELF_SIGNUP:
        with transaction.atomic():
            Enrollment.objects.filter(user=user).delete()
            account_delete(user=user)
        return False
    MenteeProfile.objects.update_or_create(user=user, defaults={"date_of_birth": date_of_birth})
    return True


def mentee_profile_save(*, user: User, seeking: Iterable[Interest], goals: str) -> MenteeProfile:
    with transaction.atomic():
        return _profile_save(MenteeProfile, user, {"goals": goals}, seeking=seeking)


def mentor_profile_save(
    *,
    user: User,
    offering: Iterable[Interest],
    capacity: int,
    years_experience: int,
    willing_minors: bool,
    willing_group: bool,
) -> MentorProfile:
    limit = mentor_capacity_limit(user=user)
    if not 1 <= capacity <= limit:
        raise ValueError(f"capacity {capacity} outside 1..{limit}")
    values = {
        "capacity": capacity,
        "years_experience": years_experience,
        "willing_minors": willing_minors,
        "willing_group": willing_group,
    }
    with transaction.atomic():
        return _profile_save(MentorProfile, user, values, offering=offering)


def mentor_capacity_limit(*, user: User) -> int:
    """The strictest limit of the programs the person mentors in (5 when none)."""
    limits = Program.objects.filter(
        enrollments__user=user, enrollments__role=Enrollment.Role.MENTOR
    ).values_list("max_mentees_per_mentor", flat=True)
    return min([5, *limits])


def mentor_conduct_accept(*, user: User) -> None:
    MentorProfile.objects.filter(user=user, code_of_conduct_accepted_at__isnull=True).update(
        code_of_conduct_accepted_at=timezone.now()
    )


def guardian_consent_request(
    *, mentee: User, guardian_name: str, guardian_email: str
) -> GuardianConsent:
    """Ask a guardian for consent; the email with the signed link leaves after the commit."""
    with transaction.atomic():
        consent = GuardianConsent.objects.create(
            mentee=mentee,
            guardian_name=guardian_name,
            guardian_email=guardian_email,
            policy_version=POLICY_VERSION,
        )
        link = absolute_url(reverse("guardian_consent", args=[consent_token_make(consent.pk)]))
        context = {"consent": consent, "link": link, "mentee_name": _mentee_name(mentee)}
        # Queued with the consent row, in the mentee's language; sent once it is committed.
        templated_email_queue(
            key=email_key("people.guardian_consent", consent, to=guardian_email),
            kind="people.guardian_consent",
            to=guardian_email,
            template="email/people/guardian_consent",
            context=context,
            language=mentee.language,
        )
    return consent


def _mentee_name(mentee: User) -> str:
    profile = Profile.objects.filter(user=mentee).values_list("display_name", flat=True).first()
    return profile or mentee.first_name or mentee.email


def guardian_consent_decide(*, consent_id: int, consent: bool, ip: str | None) -> GuardianConsent:
    """Record the guardian's answer once: the row is locked so a double click can't flip it."""
    with transaction.atomic():
        row = GuardianConsent.objects.select_for_update().get(pk=consent_id)
        if row.status != GuardianConsent.Status.REQUESTED:
            return row
        row.status = GuardianConsent.Status.GIVEN if consent else GuardianConsent.Status.DECLINED
        row.decided_at = timezone.now()
        row.decided_from_ip = ip
        row.policy_version = POLICY_VERSION
        row.policy_text = str(POLICY_TEXT)
        row.save()
    return row


def account_export(*, user: User) -> dict[str, Any]:
    """Everything every app holds about the person (shape: mentoring.core.privacy)."""
    return person_export(user)


def account_delete(*, user: User) -> None:
    """Erase the person in every app, then anonymise the account, all in one transaction.

    Each app's eraser (its privacy.py) ends what the person takes part in (matches, seats,
    proposals) and removes what they wrote; audit rows stay, tied only to the anonymous id.
    """
    with transaction.atomic():
        person_erase(user)
        user.email = anonymous_email(user.pk)
        user.first_name = ""
        user.last_name = ""
        user.timezone = "UTC"
        user.is_active = False
        user.set_unusable_password()
        user.save()


def user_language_set(*, user: User, language: str) -> None:
    """The language this person's emails are written in; unknown codes are ignored."""
    if language in {code for code, _name in settings.LANGUAGES} and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def email_preferences_save(*, user: User, subscribed: Mapping[str, bool]) -> None:
    """Which categories of email nobody asked for the person accepts; others stay as they were."""
    with transaction.atomic():
        for category, accepts in subscribed.items():
            if category not in EmailCategory.values:
                raise ValueError(f"Unknown email category: {category}")
            EmailPreference.objects.update_or_create(
                user=user, category=category, defaults={"subscribed": bool(accepts)}
            )


def email_unsubscribe(*, user_id: int, category: str) -> bool:
    """The one-click unsubscribe; False when the account is gone (erased or never existed)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    email_preferences_save(user=user, subscribed={category: False})
    return True


def contact_sharing_save(*, user: User, share: bool) -> None:
    """Whether an adult shows their email and phone to their matches; refused for a minor."""
    if share and may_be_minor(user):
        raise ValueError("A minor's contact details are never shared.")
    Profile.objects.filter(user=user).update(share_contact=share)
