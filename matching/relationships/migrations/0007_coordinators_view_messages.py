"""Coordinators read reported messages and a minor's conversation in the admin (#15): view only;
they never write in a conversation or change a message."""

from django.db import migrations

from mentoring.people.coordinators import COORDINATORS, grant, revoke

CODENAMES = ["view_message"]


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201
    grant(apps, COORDINATORS, "relationships", CODENAMES)


def backwards(apps, schema_editor):  # noqa: ANN001, ANN201
    revoke(apps, COORDINATORS, "relationships", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [("relationships", "0006_meetings")]

    operations = [migrations.RunPython(forwards, backwards)]
