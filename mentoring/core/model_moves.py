"""Migration plumbing for moving a model to another app without touching its table.

The models keep their `db_table`, so a move is state-only (`SeparateDatabaseAndState`). What
does change is the content type's app label: moving it (instead of letting Django create a new
one) keeps every permission granted on the model, such as the Coordinators group's, and every
admin log entry pointing at it.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def content_types_move(from_label: str, to_label: str, models: list[str]) -> migrations.RunPython:
    def relabel(apps: Any, source: str, target: str) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if not content_type.objects.filter(app_label=target, model=model).exists():
                content_type.objects.filter(app_label=source, model=model).update(app_label=target)

    def forwards(apps: Any, schema_editor: Any) -> None:
        relabel(apps, from_label, to_label)

    def backwards(apps: Any, schema_editor: Any) -> None:
        relabel(apps, to_label, from_label)

    return migrations.RunPython(forwards, backwards)
