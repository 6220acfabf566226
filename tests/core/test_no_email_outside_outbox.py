"""Nothing of ours sends email except the outbox: every other path queues a row."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("mentoring", "matching", "events")
OUTBOX = ROOT / "mentoring" / "core" / "outbox.py"
SENDING_METHODS = {"send", "send_messages"}
SENDING_FUNCTIONS = {
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "get_connection",
}


def sending_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        method = isinstance(func, ast.Attribute) and name in SENDING_METHODS
        if method or name in SENDING_FUNCTIONS:
            found.append(f"{path}:{node.lineno} {name}()")
    return found


def our_modules() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts and path != OUTBOX
    ]


def test_the_scan_sees_a_send_when_there_is_one(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from django.core.mail import send_mail\nmessage.send()\nsend_mail()\n")
    assert len(sending_calls(sample)) == 2


def test_no_module_but_the_outbox_sends_email() -> None:
    calls = [call for path in our_modules() for call in sending_calls(path)]
    assert calls == [], "send through mentoring.core.outbox instead: " + ", ".join(calls)
