"""A realistic demo matching run (filled in by the matching work)."""

import random


def seed_matching(rng: random.Random) -> list[str]:
    return []
