"""Templates show data; the models answer the questions about state (DESIGN.md, "House style").

A template that compares `x.status == "published"` restates a rule the model owns, and goes
quietly wrong when a state is renamed; the model's property (`event.is_published`) does not.
"""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# `.status`, `.review` and the like compared with a quoted value, either way round.
STATE_COMPARED = re.compile(
    r"\.(status|review|kind|side)\s*(==|!=)\s*['\"]|['\"]\s*(==|!=)\s*\w+\.(status|review)\b"
)


def test_no_template_compares_a_state_with_a_string() -> None:
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if STATE_COMPARED.search(line)
    ]
    assert found == [], f"ask the model instead (a property such as is_published): {found}"


def test_the_rule_sees_a_comparison() -> None:
    assert STATE_COMPARED.search('{% if event.status == "published" %}')
    assert STATE_COMPARED.search("{% if entry.review != 'declined' %}")
    assert not STATE_COMPARED.search("{% if event.is_published %}")
