"""Coordinators run matching and decide on proposals from the admin: they may view and change
matches (approve / reject), manage blocked pairs, and read runs and the audit trail, which
nobody may change."""

from django.db import migrations

from mentoring.people.coordinators import COORDINATORS, grant, revoke

CODENAMES = [
    "view_match",
    "change_match",
    "view_matchrun",
    "view_matchevent",
    "add_blockedpair",
    "change_blockedpair",
    "delete_blockedpair",
    "view_blockedpair",
]


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201
    grant(apps, COORDINATORS, "matching", CODENAMES)


def backwards(apps, schema_editor):  # noqa: ANN001, ANN201
    revoke(apps, COORDINATORS, "matching", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_initial"),
        ("mentoring", "0003_taxonomy_and_coordinators"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
