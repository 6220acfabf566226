"""What we hold about a person, field by field: exported to them, or internal bookkeeping.

Every field of the personal models must appear here; a test fails when a new one is added
without a decision, so a new personal field can never silently miss the export.

Also the people app's data shredder (registered in apps.py, see mentoring.core.privacy):
`export`, `erase` and `identifiers` (names, addresses, phone, date of birth): core's
person_identifiers() snapshots those before the first eraser runs, so every app can take the
person out of text that stays, even after this app, which erases last, deleted the profile.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.db import models
from django.db.models import Q

from mentoring.core.privacy import person_identifiers
from mentoring.core.privacy import redact
from mentoring.people.models import EmailPreference
from mentoring.people.models import Enrollment
from mentoring.people.models import GuardianConsent
from mentoring.people.models import MenteeProfile
from mentoring.people.models import MentorProfile
from mentoring.people.models import Profile
from mentoring.people.models import Screening
from mentoring.people.models import User
from mentoring.people.models.safeguards import safeguard_history_erase

EXPORTED = "exported"
INTERNAL = "internal"

CLASSIFICATION: dict[type[models.Model], dict[str, str]] = {
    User: {
        "id": EXPORTED,
        "email": EXPORTED,
        "first_name": EXPORTED,
        "last_name": EXPORTED,
        "timezone": EXPORTED,
        "language": EXPORTED,
        "date_joined": EXPORTED,
        "last_login": EXPORTED,
        "is_active": EXPORTED,
        # Credentials and permissions are not information about the person.
        "password": INTERNAL,
        "is_staff": INTERNAL,
        "is_superuser": INTERNAL,
        "groups": INTERNAL,
        "user_permissions": INTERNAL,
    },
    Profile: {
        "id": INTERNAL,
        "user": INTERNAL,
        "display_name": EXPORTED,
        "pronouns": EXPORTED,
        "bio": EXPORTED,
        "languages": EXPORTED,
        "formats": EXPORTED,
        "area": EXPORTED,
        "availability": EXPORTED,
        "personal_interests": EXPORTED,
        "phone": EXPORTED,
        "share_contact": EXPORTED,
        "last_seen": EXPORTED,
        "created": EXPORTED,
        "updated": EXPORTED,
    },
    MenteeProfile: {
        "id": INTERNAL,
        "user": INTERNAL,
        "seeking": EXPORTED,
        "goals": EXPORTED,
        "date_of_birth": EXPORTED,
        "rematch_priority": EXPORTED,
        "created": EXPORTED,
    },
    MentorProfile: {
        "id": INTERNAL,
        "user": INTERNAL,
        "offering": EXPORTED,
        "capacity": EXPORTED,
        "years_experience": EXPORTED,
        "willing_minors": EXPORTED,
        "willing_group": EXPORTED,
        "code_of_conduct_accepted_at": EXPORTED,
        "paused_at": EXPORTED,
        "created": EXPORTED,
    },
    GuardianConsent: {
        "id": INTERNAL,
        "mentee": INTERNAL,
        "guardian_name": EXPORTED,
        "guardian_email": EXPORTED,
        "status": EXPORTED,
        "requested_at": EXPORTED,
        "decided_at": EXPORTED,
        "decided_from_ip": EXPORTED,
        "policy_version": EXPORTED,
        "policy_text": EXPORTED,
        # Which coordinator recorded it is about the coordinator, not the mentee.
        "recorded_by": INTERNAL,
    },
    Enrollment: {
        "id": INTERNAL,
        "user": INTERNAL,
        "program": EXPORTED,
        "role": EXPORTED,
        "created": EXPORTED,
    },
    EmailPreference: {
        "id": INTERNAL,
        "user": INTERNAL,
        "category": EXPORTED,
        "subscribed": EXPORTED,
        "updated": EXPORTED,
    },
    Screening: {
        "id": INTERNAL,
        "mentor": INTERNAL,
        "kind": EXPORTED,
        "status": EXPORTED,
        "date": EXPORTED,
        "expires": EXPORTED,
        "notes": EXPORTED,
        "verified_by": INTERNAL,
        "created": EXPORTED,
    },
}


def personal_fields(model: type[models.Model]) -> list[str]:
    """Every concrete and many-to-many field the model stores (reverse relations excluded)."""
    return [
        field.name
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and (not field.auto_created or getattr(field, "primary_key", False))
    ]


def _value(instance: models.Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return sorted(str(item) for item in getattr(instance, name).all())
    if field.is_relation:
        related = getattr(instance, name)
        return str(related) if related is not None else None
    value = getattr(instance, name)
    return value.isoformat() if hasattr(value, "isoformat") else value


def record_export(instance: models.Model) -> dict[str, Any]:
    fields = CLASSIFICATION[type(instance)]
    return {name: _value(instance, name) for name, kind in fields.items() if kind == EXPORTED}


# --- The data shredder ----------------------------------------------------------------------------


def export(user: User) -> dict[str, Any]:
    """Everything the people app holds about the person, as plain JSON-ready data."""
    data: dict[str, Any] = {"user": record_export(user)}
    for key, model in (
        ("profile", Profile),
        ("mentee_profile", MenteeProfile),
        ("mentor_profile", MentorProfile),
    ):
        row = model.objects.filter(user=user).first()
        data[key] = record_export(row) if row else None
    data["enrollments"] = [
        record_export(row) for row in Enrollment.objects.filter(user=user).select_related("program")
    ]
    data["guardian_consents"] = [
        record_export(row) for row in GuardianConsent.objects.filter(mentee=user)
    ]
    data["screenings"] = [record_export(row) for row in Screening.objects.filter(mentor=user)]
    data["email_preferences"] = [
        record_export(row) for row in EmailPreference.objects.filter(user=user).order_by("category")
    ]
    return data


def erase(user: User) -> None:
    """Profiles, consents and addresses go; audit rows (enrolments, screenings) stay, blanked.

    The user row itself is anonymised by account_delete once every app has erased.
    """
    found = person_identifiers(user)
    Profile.objects.filter(user=user).delete()
    MenteeProfile.objects.filter(user=user).delete()
    MentorProfile.objects.filter(user=user).delete()
    GuardianConsent.objects.filter(mentee=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    EmailPreference.objects.filter(user=user).delete()
    # Coordinator notes may mention the person; the status history stays for the audit.
    Screening.objects.filter(mentor=user).update(notes="")
    # After the live rows: deleting a consent writes one more historical row, in full.
    safeguard_history_erase(user.pk)
    _redact_admin_log(found)


def _redact_admin_log(found: list[str]) -> None:
    # The admin's history names every object a coordinator touched by its str(): the person's
    # email for their account and matches, their display name for their profile.
    terms = [term for term in found if len(term) >= 2]
    if not terms:
        return
    mentions = Q()
    for term in terms:
        mentions |= Q(object_repr__icontains=term) | Q(change_message__icontains=term)
    for entry in LogEntry.objects.filter(mentions):
        LogEntry.objects.filter(pk=entry.pk).update(
            object_repr=redact(entry.object_repr, terms)[:200],
            change_message=redact(entry.change_message, terms),
        )


def identifiers(user: User) -> list[str]:
    """What identifies the person in free text: addresses, names, phone, date of birth."""
    found = [user.email, user.first_name, user.last_name, f"{user.first_name} {user.last_name}"]
    found += EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    profile = Profile.objects.filter(user=user).values("display_name", "phone").first()
    if profile:
        found += [profile["display_name"], profile["phone"]]
    born = MenteeProfile.objects.filter(user=user).values_list("date_of_birth", flat=True).first()
    if born:
        found.append(born.isoformat())
    for name, email in GuardianConsent.objects.filter(mentee=user).values_list(
        "guardian_name", "guardian_email"
    ):
        found += [name, email]
    return sorted({value.strip() for value in found if value and value.strip()})


def public_name(user: User) -> str:
    """How other people's exports name this person: their display name, else a first name."""
    profile = Profile.objects.filter(user=user).values_list("display_name", flat=True).first()
    return profile or user.first_name or ""
