"""A realistic demo matching run, so the demo coordinator sees proposals right after `make run`.

Idempotent: once the demo program has a run, seeding again leaves matching alone (a coordinator
may have approved or rejected proposals since).
"""

import random

from matching.models import MatchRun
from matching.services import matching_run
from mentoring.people.demo import DEMO_PROGRAM_SLUG
from mentoring.people.models import Program
from mentoring.people.models import User

DEMO_COORDINATOR = "coordinator@example.org"


def seed_matching(rng: random.Random) -> list[str]:
    program = Program.objects.filter(slug=DEMO_PROGRAM_SLUG).first()
    if program is None:
        return []
    run = MatchRun.objects.filter(program=program).order_by("-created", "-pk").first()
    if run is None:
        coordinator = User.objects.filter(email=DEMO_COORDINATOR).first()
        run = matching_run(program=program, by=coordinator, mode="exact")
    return [
        f"Matching for {program.name}: {run.proposed_count} proposed, "
        f"{run.unmatched_count} unmatched (mean score {run.mean_score:.2f}); "
        "approve them in the admin under Matching › Matches."
    ]
