"""Coordinators see the outbox (pending and failed emails, and why) and may send one again.

Written out here rather than through mentoring.people.coordinators.grant: core imports no app,
and migrations are part of the import graph. The group is created if it does not exist yet, so
this needs no migration of the people app.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATORS = "Coordinators"
CODENAMES = ["view_outgoingemail", "resend_outgoingemail"]


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201
    # Permissions are normally created after `migrate` finishes (post_migrate): on a fresh
    # database they do not exist yet, so create them first (as grant() does).
    app_config = apps.get_app_config("core")
    app_config.models_module = getattr(app_config, "models_module", None) or True
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.filter(content_type__app_label="core", codename__in=CODENAMES)
    )
    missing = set(CODENAMES) - {permission.codename for permission in permissions}
    if missing:
        raise LookupError(f"core has no permissions {sorted(missing)}")
    group, _ = Group.objects.get_or_create(name=COORDINATORS)
    group.permissions.add(*permissions)


def backwards(apps, schema_editor):  # noqa: ANN001, ANN201
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=COORDINATORS).first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="core", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
