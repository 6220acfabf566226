"""Coordinators follow relationships from the admin: read check-ins and quiet notices, record
closures, and say who coordinates which program (the people a concern is sent to)."""

from django.db import migrations

from mentoring.people.coordinators import COORDINATORS, grant, revoke

CODENAMES = [
    "view_checkin",
    "view_quietnotice",
    "view_matchagreement",
    "view_closure",
    "add_closure",
    "view_programcoordinator",
    "add_programcoordinator",
    "delete_programcoordinator",
]


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201
    grant(apps, COORDINATORS, "matching", CODENAMES)


def backwards(apps, schema_editor):  # noqa: ANN001, ANN201
    revoke(apps, COORDINATORS, "matching", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [("matching", "0003_relationships")]

    operations = [migrations.RunPython(forwards, backwards)]
