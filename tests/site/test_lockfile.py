"""The lock files answer for requirements*.txt: a forgotten `make lock` fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
# `name==version \` then its `--hash=sha256:…` lines, as pip-compile --generate-hashes writes.
PIN = re.compile(
    r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)((?:\s*\\\n\s+--hash=sha256:[0-9a-f]{64})+)", re.M
)


def requirements(name: str) -> list[Requirement]:
    found = []
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            found.append(Requirement(line))
    return found


def locked(name: str) -> dict[str, Version]:
    text = (ROOT / name).read_text()
    pins = {canonicalize_name(m[1]): Version(m[2]) for m in PIN.finditer(text)}
    entries = re.findall(r"^[A-Za-z0-9][^\s]*==", text, re.M)
    assert len(pins) == len(entries), f"{name}: a pin without hashes"
    return pins


CASES = [
    ("requirements.txt", "requirements.lock"),
    ("requirements.txt", "requirements-dev.lock"),
    ("requirements-dev.txt", "requirements-dev.lock"),
]


@pytest.mark.parametrize(("source", "lock"), CASES)
def test_every_requirement_is_locked_within_its_range(source: str, lock: str) -> None:
    pins = locked(lock)
    for requirement in requirements(source):
        version = pins.get(canonicalize_name(requirement.name))
        assert version is not None, f"{requirement.name} is not in {lock}: run `make lock`"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} pins {requirement.name}=={version}, outside {requirement}: run `make lock`"
        )


def test_both_locks_agree_on_the_runtime_versions() -> None:
    runtime, dev = locked("requirements.lock"), locked("requirements-dev.lock")
    assert {name: dev.get(name) for name in runtime} == runtime


def test_lint_tools_are_pinned_exactly() -> None:
    tools = {canonicalize_name(r.name): r for r in requirements("requirements-dev.txt")}
    for name in ("ruff", "import-linter"):
        assert str(tools[name].specifier).startswith("=="), f"{name} floats: pin it with =="


def test_psycopg_3_and_a_current_gunicorn() -> None:
    pins = locked("requirements.lock")
    assert "psycopg2-binary" not in pins and "psycopg2" not in pins
    assert pins["psycopg"] >= Version("3.2") and "psycopg-binary" in pins
    assert pins["gunicorn"] >= Version("25")
