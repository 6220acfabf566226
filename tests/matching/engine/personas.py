"""The engine tests' stock person: anyone can meet anyone until a test changes one thing."""

from __future__ import annotations

from dataclasses import replace

from matching.engine import Candidate

BASE = Candidate(
    id=0,
    languages=frozenset({"en"}),
    formats=frozenset({"online"}),
    availability=frozenset({"mon-evening"}),
)


def person(id: int, **changes: object) -> Candidate:
    """BASE under another id, with the given fields changed."""
    return replace(BASE, id=id, **changes)
