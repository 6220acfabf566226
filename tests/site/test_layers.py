"""The import-linter contracts in pyproject.toml hold, and each one can fail.

A contract that no import could break would pass forever and prove nothing (a typo in a module
name is enough to make one vacuous). So besides running lint-imports on the real tree, each
contract is run against a copy of the three root packages with one deliberate bad import
appended, and must report it as broken.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import NamedTuple

import pytest

from tests import commands

ROOT = commands.ROOT
PACKAGES = ("mentoring", "matching", "events")


def lint_imports_executable() -> str:
    beside_python = Path(sys.executable).with_name("lint-imports")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("lint-imports")
    assert found, "lint-imports is not installed (pip install -r requirements-dev.txt)"
    return found


def lint_imports(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run lint-imports on the packages under ``cwd``, never touching the repo's cache."""
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return commands.run(
        [lint_imports_executable(), "--no-cache", "--no-logo", *args], env=env, cwd=cwd, timeout=60
    )


def test_the_contracts_hold_on_the_tree() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


class BadImport(NamedTuple):
    contract: str
    file: str
    line: str
    # Text lint-imports prints when it catches exactly this import.
    reported: str


BAD_IMPORTS = {
    "people imports events": BadImport(
        "layers",
        "mentoring/people/selectors.py",
        "from events import models as _events_models  # noqa",
        "mentoring.people.selectors -> events.models",
    ),
    "events imports matching": BadImport(
        "layers",
        "events/models/events.py",
        "import matching.models  # noqa",
        "events.models.events -> matching.models",
    ),
    "an app imports the site urls": BadImport(
        "site",
        "events/services/registrations.py",
        "import mentoring.urls  # noqa",
        "events.services.registrations -> mentoring.urls",
    ),
    "matching imports relationships": BadImport(
        "relationships",
        "matching/services.py",
        "import matching.relationships.models  # noqa",
        "matching.services -> matching.relationships.models",
    ),
    "the engine imports django": BadImport(
        "engine",
        "matching/engine/scoring.py",
        "import django.db  # noqa",
        "matching.engine.scoring -> django",
    ),
    "core imports people": BadImport(
        "core",
        "mentoring/core/mail.py",
        "import mentoring.people.models  # noqa",
        "mentoring.core.mail -> mentoring.people.models",
    ),
    # events.tasks already imports events.services, so this closes a cycle between two
    # siblings of the events package; acyclic_siblings names the edge to remove, relatively.
    "events services import events tasks": BadImport(
        "acyclic",
        "events/services/reminders.py",
        "import events.tasks  # noqa",
        ".services -> .tasks",
    ),
}


def test_every_contract_has_a_bad_import_case() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    contracts = tomllib.loads(pyproject)["tool"]["importlinter"]["contracts"]
    assert {contract["id"] for contract in contracts} == {
        bad.contract for bad in BAD_IMPORTS.values()
    }


@pytest.mark.parametrize("bad", BAD_IMPORTS.values(), ids=BAD_IMPORTS.keys())
def test_each_contract_fails_on_a_bad_import(bad: BadImport, tmp_path: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / bad.file
    assert target.is_file(), f"{bad.file} moved: point the case at the module that now holds it"
    with target.open("a") as source:
        source.write(f"\n{bad.line}\n")

    result = lint_imports(tmp_path, "--contract", bad.contract)

    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "1 broken" in result.stdout, output
    assert bad.reported in result.stdout, output
