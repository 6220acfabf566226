"""Seeded synthetic mentoring programs with realistic skew, for the benchmark and tests.

Popularity is Zipf-like because real sign-ups pile onto a few interests ("software",
"college applications") and leave a long tail; a uniform draw would make every score
alike and flatter the solver.
"""

from __future__ import annotations

import numpy as np

from matching.engine import Candidate

VOCAB_SIZES = {"career": 60, "academic": 50, "personal": 70}
SLOTS = tuple(
    f"{day}-{part}"
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    for part in ("morning", "afternoon", "evening")
)
AREAS = ("downtown", "north", "south", "east", "west", "campus")
AREA_WEIGHTS = (0.35, 0.2, 0.15, 0.12, 0.1, 0.08)
# (online only, in person only, both): most people will meet online, some insist on meeting.
FORMAT_WEIGHTS = (0.45, 0.2, 0.35)


def _pick_interests(rng: np.random.Generator, n: int, category: str) -> list[frozenset[str]]:
    """Each person picks 1–5 distinct items, weighted by a Zipf-like popularity."""
    size = VOCAB_SIZES[category]
    popularity = 1.0 / np.arange(1, size + 1) ** 1.1
    # Gumbel top-k draws k items without replacement in proportion to popularity,
    # vectorised over people instead of one rng.choice call each.
    keys = np.log(popularity) + rng.gumbel(size=(n, size))
    order = np.argsort(-keys, axis=1)
    counts = rng.integers(1, 6, size=n)
    names = [f"{category}-{k:02d}" for k in range(size)]
    return [frozenset(names[k] for k in order[i, : counts[i]]) for i in range(n)]


def _languages(rng: np.random.Generator, n: int) -> list[frozenset[str]]:
    english = rng.random(n) < 0.85
    spanish = rng.random(n) < 0.25
    # Everyone speaks something: a person who drew neither keeps the rarer one.
    spanish |= ~english & ~spanish
    return [
        frozenset(lang for lang, has in (("en", e), ("es", s)) if has)
        for e, s in zip(english, spanish, strict=True)
    ]


def _availability(rng: np.random.Generator, n: int) -> list[frozenset[str]]:
    held = rng.random((n, len(SLOTS))) < 0.25
    # Sign-up forms require at least one slot.
    empty = ~held.any(axis=1)
    held[np.flatnonzero(empty), rng.integers(0, len(SLOTS), size=int(empty.sum()))] = True
    return [frozenset(SLOTS[k] for k in np.flatnonzero(row)) for row in held]


def _formats_and_areas(rng: np.random.Generator, n: int) -> tuple[list[frozenset[str]], list[str]]:
    kinds = rng.choice(3, size=n, p=FORMAT_WEIGHTS)
    options = (frozenset({"online"}), frozenset({"in_person"}), frozenset({"online", "in_person"}))
    areas = rng.choice(len(AREAS), size=n, p=AREA_WEIGHTS)
    return [options[k] for k in kinds], [AREAS[a] for a in areas]


def _people(rng: np.random.Generator, n: int) -> dict[str, list]:
    formats, areas = _formats_and_areas(rng, n)
    return {
        "career": _pick_interests(rng, n, "career"),
        "academic": _pick_interests(rng, n, "academic"),
        "personal": _pick_interests(rng, n, "personal"),
        "languages": _languages(rng, n),
        "availability": _availability(rng, n),
        "formats": formats,
        "area": areas,
    }


def generate(
    n_mentees: int, n_mentors: int, *, seed: int = 0, capacity: int | None = None
) -> tuple[list[Candidate], list[Candidate]]:
    """Mentees and mentors for one program; `capacity` fixes every mentor's capacity,
    otherwise capacities are drawn from 1–4."""
    rng = np.random.default_rng(seed)
    a = _people(rng, n_mentees)
    minors = rng.random(n_mentees) < 0.10
    mentees = [
        Candidate(id=i + 1, **{k: v[i] for k, v in a.items()}, is_minor=bool(minors[i]))
        for i in range(n_mentees)
    ]
    b = _people(rng, n_mentors)
    cleared = rng.random(n_mentors) < 0.60
    caps = np.full(n_mentors, capacity) if capacity is not None else rng.integers(1, 5, n_mentors)
    mentors = [
        Candidate(
            id=j + 1,
            **{k: v[j] for k, v in b.items()},
            capacity=int(caps[j]),
            cleared_for_minors=bool(cleared[j]),
        )
        for j in range(n_mentors)
    ]
    return mentees, mentors


SIZES = {
    "S": {"n_mentees": 1_000, "n_mentors": 400},
    "M": {"n_mentees": 5_000, "n_mentors": 2_000},
    "W": {"n_mentees": 10_000, "n_mentors": 3_000, "capacity": 3},
    # A state's schools together, then a national program: too big for any N × M matrix.
    "L": {"n_mentees": 30_000, "n_mentors": 10_000},
    "XL": {"n_mentees": 100_000, "n_mentors": 30_000},
}


def workload(name: str, seed: int = 0) -> tuple[list[Candidate], list[Candidate]]:
    """One of the named benchmark sizes: S, M, W, L or XL."""
    return generate(**SIZES[name], seed=seed)
