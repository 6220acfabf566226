"""Coordinators see their programs' meetings in the admin (#15): view only; the two people of
a match plan them on their own pages."""

from django.db import migrations

from mentoring.people.coordinators import COORDINATORS, grant, revoke

CODENAMES = ["view_meeting"]


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201
    grant(apps, COORDINATORS, "relationships", CODENAMES)


def backwards(apps, schema_editor):  # noqa: ANN001, ANN201
    revoke(apps, COORDINATORS, "relationships", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [("relationships", "0007_coordinators_view_messages")]

    operations = [migrations.RunPython(forwards, backwards)]
