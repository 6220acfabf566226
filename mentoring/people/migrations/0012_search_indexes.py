"""Trigram indexes for searching people by email and display name on PostgreSQL.

The admin searches with icontains, which PostgreSQL runs as UPPER(col::text) LIKE '%term%':
a B-tree cannot serve a leading wildcard, a trigram GIN index on that same expression can.
SQLite has no such index; a search there scans, as before.
"""

from django.db import migrations

INDEXES = {
    "mentoring_user_email_trgm": ("mentoring_user", "email"),
    "mentoring_profile_display_name_trgm": ("mentoring_profile", "display_name"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0011_profile_share_contact")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
