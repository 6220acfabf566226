"""What we hold about a person, field by field: exported to them, or internal bookkeeping.

Every field of the personal models must appear here; a test fails when a new one is added
without a decision, so a new personal field can never silently miss the export.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from mentoring.people.models import (
    Enrollment,
    GuardianConsent,
    MenteeProfile,
    MentorProfile,
    Profile,
    Screening,
    User,
)

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
