"""Coordinators run events from the admin: they may add and change events, roles and
registrations (check-in), and view reminders; deleting registrations stays with superusers."""

from django.db import migrations

from mentoring.people.coordinators import COORDINATORS, grant, revoke

CODENAMES = [
    "add_event",
    "change_event",
    "view_event",
    "add_volunteerrole",
    "change_volunteerrole",
    "delete_volunteerrole",
    "view_volunteerrole",
    "change_registration",
    "view_registration",
    "view_reminder",
]


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201
    grant(apps, COORDINATORS, "events", CODENAMES)


def backwards(apps, schema_editor):  # noqa: ANN001, ANN201
    revoke(apps, COORDINATORS, "events", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_events"),
        ("mentoring", "0003_taxonomy_and_coordinators"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
