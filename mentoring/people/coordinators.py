"""The "Coordinators" group: staff who run programs from the admin without being superusers.

Each app grants its own permissions from a data migration with `grant`, so the group only ever
holds what coordinators need (they may view and change people, never delete accounts or edit
groups and permissions).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.management import create_permissions

COORDINATORS = "Coordinators"


def grant(apps: Any, group_name: str, app_label: str, codenames: Iterable[str]) -> None:
    """Give `group_name` these permissions of `app_label`, creating group and permissions.

    Permissions are normally created after `migrate` finishes (post_migrate), so on a fresh
    database they do not exist yet when a data migration runs: create them here first.
    """
    app_config = apps.get_app_config(app_label)
    # Historical app configs have no models module; create_permissions skips such apps.
    app_config.models_module = getattr(app_config, "models_module", None) or True
    create_permissions(app_config, verbosity=0, apps=apps)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = list(codenames)
    permissions = list(
        Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )
    missing = set(codenames) - {permission.codename for permission in permissions}
    if missing:
        raise LookupError(f"{app_label} has no permissions {sorted(missing)}")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(*permissions)


def revoke(apps: Any, group_name: str, app_label: str, codenames: Iterable[str]) -> None:
    """Undo `grant` (for reversing migrations); the group itself stays."""
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=group_name).first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label=app_label, codename__in=codenames)
        )
