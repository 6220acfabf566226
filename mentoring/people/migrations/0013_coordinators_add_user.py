"""Coordinators may add people (#14): the admin's add form enrols whoever they add in one of
their programs, so the new account is inside the coordinator's scope from the start."""

from django.db import migrations

from mentoring.people.coordinators import COORDINATORS, grant, revoke

CODENAMES = ["add_user"]


def forwards(apps, schema_editor):
    grant(apps, COORDINATORS, "mentoring", CODENAMES)


def backwards(apps, schema_editor):
    revoke(apps, COORDINATORS, "mentoring", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0012_search_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
