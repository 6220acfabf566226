"""Upgrading a database made at the previous release keeps every row.

`tests/fixtures/release-0.1.sql.gz` is `sqlite3 .iterdump` of a database migrated and seeded
(`manage.py seed_demo`) at release 0.1. Since then models have moved between apps through
state-only migrations (`SeparateDatabaseAndState`, `db_table` kept) that also relabel their
content types. Here the dump is loaded into a fresh SQLite file, `manage.py migrate` runs on it
in a subprocess exactly as an operator would run it, and the database is compared before and
after: no row lost, content types relabelled rather than duplicated (so permissions and admin
history still point at the right model), the Coordinators group unchanged, the moved models
readable at their new imports, and nothing left to migrate. SQLite only: no service needed.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db.migrations.loader import MigrationLoader

from tests import commands

ROOT = commands.ROOT
DUMP = ROOT / "tests" / "fixtures" / "release-0.1.sql.gz"

# model → (app label at release 0.1, app label now)
MOVED = {
    "observanceday": ("mentoring", "campaign"),
    "observancepromptsent": ("mentoring", "campaign"),
    "thankyounote": ("mentoring", "campaign"),
    "nomination": ("mentoring", "campaign"),
    "guidequestion": ("mentoring", "community"),
    "guideanswer": ("mentoring", "community"),
    "matchagreement": ("matching", "relationships"),
    "checkin": ("matching", "relationships"),
    "quietnotice": ("matching", "relationships"),
    "closure": ("matching", "relationships"),
    "programcoordinator": ("matching", "mentoring"),
}
# Models that came after release 0.1 add content types and permissions (and the Coordinators
# group's grants): the only growth an upgrade may cause in these tables.
GROW_WITH_NEW_MODELS = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group_permissions",
}

# Every moved model read through the ORM at its new import: fetching whole rows (not only a
# COUNT) proves each column the model expects is in the table it kept.
READ_MOVED_MODELS = """
import json
from django.contrib.contenttypes.models import ContentType
from matching.relationships.models import CheckIn, Closure, MatchAgreement, QuietNotice
from mentoring.campaign.models import Nomination, ObservanceDay, ObservancePromptSent, ThankYouNote
from mentoring.community.models import GuideAnswer, GuideQuestion
from mentoring.people.models import ProgramCoordinator

models = [
    ObservanceDay, ObservancePromptSent, ThankYouNote, Nomination, GuideQuestion, GuideAnswer,
    MatchAgreement, CheckIn, QuietNotice, Closure, ProgramCoordinator,
]
print(json.dumps({
    m._meta.model_name: {
        "app_label": m._meta.app_label,
        "db_table": m._meta.db_table,
        "rows": len(list(m.objects.all())),
        "content_type_id": ContentType.objects.get_for_model(m).pk,
    }
    for m in models
}))
"""


@dataclass(frozen=True)
class Snapshot:
    rows: dict[str, int]
    content_types: dict[tuple[str, str], int]
    # (permission id, content type id, codename) of every permission the group holds
    coordinator_permissions: frozenset[tuple[int, int, str]]
    migrations: frozenset[tuple[str, str]]


@dataclass(frozen=True)
class Upgrade:
    database: Path
    before: Snapshot
    after: Snapshot
    migrate_output: str


def snapshot(database: Path) -> Snapshot:
    with sqlite3.connect(database) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        rows = {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        labels = db.execute("SELECT id, app_label, model FROM django_content_type")
        content_types = {(label, model): pk for pk, label, model in labels}
        permissions = db.execute(
            """SELECT p.id, p.content_type_id, p.codename FROM auth_group g
               JOIN auth_group_permissions gp ON gp.group_id = g.id
               JOIN auth_permission p ON p.id = gp.permission_id
               WHERE g.name = 'Coordinators'"""
        ).fetchall()
        migrations = db.execute("SELECT app, name FROM django_migrations").fetchall()
    return Snapshot(rows, content_types, frozenset(permissions), frozenset(migrations))


def manage(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`manage.py …` against `database`, with none of this machine's services configured."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["DATABASE_URL"] = f"sqlite:///{database}"
    done = commands.run([sys.executable, "manage.py", *args], env=env)
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}"
    return done


@pytest.fixture(scope="module")
def upgrade(tmp_path_factory: pytest.TempPathFactory) -> Upgrade:
    database = tmp_path_factory.mktemp("release-0.1") / "db.sqlite3"
    with sqlite3.connect(database) as db:
        db.executescript(gzip.decompress(DUMP.read_bytes()).decode("utf-8"))
    before = snapshot(database)
    assert before.rows["mentoring_user"] > 0, "the dump should hold a seeded database"
    output = manage(database, "migrate", "--noinput").stdout
    return Upgrade(database, before, snapshot(database), output)


def is_new_model(upgrade: Upgrade, key: tuple[str, str]) -> bool:
    """A model the old release did not have: its table did not exist in the dump."""
    label, model = key
    return f"{label}_{model}" not in upgrade.before.rows


def test_upgrading_from_the_last_release_keeps_every_row(upgrade: Upgrade) -> None:
    """A state-only move must not copy, drop or recreate a table: every count is unchanged."""
    changed = {
        table: (count, upgrade.after.rows.get(table))
        for table, count in upgrade.before.rows.items()
        if table not in GROW_WITH_NEW_MODELS and upgrade.after.rows.get(table) != count
    }
    assert not changed, f"rows (before, after) changed by the upgrade: {changed}"
    for table in GROW_WITH_NEW_MODELS:
        assert upgrade.after.rows[table] >= upgrade.before.rows[table], table


def test_the_upgrade_records_exactly_the_migrations_that_are_new(upgrade: Upgrade) -> None:
    """django_migrations grows by the migrations on disk the old release did not have, no more.

    The move migrations must be among them, or the dump is not from before the move and this
    file proves nothing.
    """
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
    new = on_disk - upgrade.before.migrations
    assert ("mentoring", "0008_move_models_between_apps") in new
    assert ("matching", "0006_move_models_between_apps") in new
    assert upgrade.after.migrations == upgrade.before.migrations | new
    grown = upgrade.after.rows["django_migrations"] - upgrade.before.rows["django_migrations"]
    assert grown == len(new)
    for app, name in new:
        assert f"Applying {app}.{name}... OK" in upgrade.migrate_output


def test_moved_models_keep_their_content_type_under_the_new_app_label(upgrade: Upgrade) -> None:
    """Relabelled in place, not recreated: same id, new label, nothing left under the old one.

    A new content type would orphan every permission and admin log entry of the old one.
    """
    for model, (old_label, new_label) in MOVED.items():
        old_id = upgrade.before.content_types[(old_label, model)]
        assert upgrade.after.content_types.get((new_label, model)) == old_id, model
        assert (old_label, model) not in upgrade.after.content_types, model
    moved = {(new_label, model) for model, (_old, new_label) in MOVED.items()}
    added = set(upgrade.after.content_types) - set(upgrade.before.content_types) - moved
    assert all(is_new_model(upgrade, key) for key in added), added


def test_the_coordinators_group_keeps_every_permission_through_the_move(
    upgrade: Upgrade,
) -> None:
    """Coordinators keep exactly the same permission rows (ids included): the admin they use
    on the morning after an upgrade lets them do what it did the night before."""
    assert upgrade.before.coordinator_permissions, "the seeded group should hold permissions"
    assert upgrade.before.coordinator_permissions <= upgrade.after.coordinator_permissions
    labels = {pk: key for key, pk in upgrade.after.content_types.items()}
    added = upgrade.after.coordinator_permissions - upgrade.before.coordinator_permissions
    # New rights come only with new models, or by a data migration that grants them on purpose:
    # people/0013 lets coordinators add participants to their own programs (#14).
    granted_on_purpose = {"add_user"}
    assert all(
        is_new_model(upgrade, labels[ct]) or codename in granted_on_purpose
        for _, ct, codename in added
    ), added
    reached = {labels[ct][0] for _, ct, _ in upgrade.after.coordinator_permissions}
    assert {"campaign", "community", "relationships"} <= reached


def test_moved_models_read_their_old_rows_through_the_orm(upgrade: Upgrade) -> None:
    """Each moved model, imported from its new app, reads every row its kept table holds."""
    shell = manage(upgrade.database, "shell", "--no-imports", "-c", READ_MOVED_MODELS)
    seen = json.loads(shell.stdout.splitlines()[-1])
    assert set(seen) == set(MOVED)
    for model, (old_label, new_label) in MOVED.items():
        read = seen[model]
        assert read["app_label"] == new_label, model
        assert read["rows"] == upgrade.before.rows[read["db_table"]], model
        assert read["content_type_id"] == upgrade.before.content_types[(old_label, model)], model
    assert all(seen[m]["rows"] for m in ("thankyounote", "checkin", "programcoordinator"))
    assert seen["guidequestion"]["rows"]


def test_after_the_upgrade_nothing_is_left_to_migrate(upgrade: Upgrade) -> None:
    """A second `migrate` is a no-op and the models match the migrations on this database."""
    assert "No migrations to apply." in manage(upgrade.database, "migrate", "--noinput").stdout
    check = manage(upgrade.database, "makemigrations", "--check", "--dry-run")
    assert "No changes detected" in check.stdout
