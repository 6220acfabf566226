"""Demo events for January 2027 (filled in by the events work)."""

import random


def seed_events(rng: random.Random) -> list[str]:
    return []
