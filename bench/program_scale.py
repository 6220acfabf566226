"""A 10,000 × 3,000 program through PostgreSQL: loading, pages, bulk approval, a whole run.

    createdb -h 127.0.0.1 -U postgres pif_bench_scale
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pif_bench_scale \
        .venv/bin/python bench/program_scale.py [--load-only]

Needs an empty PostgreSQL database (it migrates it and fills it). Each figure is printed with
a baseline measured in the same run: raw SQL for the candidate load, the bare admin index for
the pages, the engine alone for the run.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.django_start import start_django  # noqa: E402

start_django(email_url="memorymail://")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db import reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.workload import SIZES  # noqa: E402
from bench.workload import generate  # noqa: E402
from matching import candidates  # noqa: E402
from matching import engine  # noqa: E402
from matching.bulk import bulk_decision_job  # noqa: E402
from matching.models import BulkDecision  # noqa: E402
from matching.models import Match  # noqa: E402
from matching.models import MatchRun  # noqa: E402
from matching.services import matching_run  # noqa: E402
from mentoring.celery import app as celery_app  # noqa: E402
from mentoring.people.models import Enrollment  # noqa: E402
from mentoring.people.models import Interest  # noqa: E402
from mentoring.people.models import MenteeProfile  # noqa: E402
from mentoring.people.models import MentorProfile  # noqa: E402
from mentoring.people.models import Profile  # noqa: E402
from mentoring.people.models import Program  # noqa: E402
from mentoring.people.models import User  # noqa: E402

SLUG = "bench-scale"


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def p50(fn: Callable[[], object], repeats: int = 7) -> float:
    fn()  # warm
    return statistics.median(timed(fn)[0] for _ in range(repeats))


def link(m2m: Any, owners: list[Any], named: list[Any], ids: dict[str, int]) -> None:
    """Bulk-insert an M2M's rows: each owner with the ids of the interests it names."""
    through, column = m2m.through, f"{m2m.field.m2m_field_name()}_id"
    through.objects.bulk_create(
        [
            through(**{column: owner.pk, "interest_id": ids[name]})
            for owner, names in zip(owners, named, strict=True)
            for name in names
        ],
        batch_size=5000,
    )


def build() -> Program:
    """The W workload (bench/workload.py) as rows: users, profiles, interests, enrolments."""
    mentees, mentors = generate(**SIZES["W"])
    prog = Program.objects.create(
        name="Bench scale", slug=SLUG, status=Program.Status.MATCHING, max_mentees_per_mentor=4
    )
    names = sorted(
        {n for p in (*mentees, *mentors) for c in engine.CATEGORIES for n in getattr(p, c)}
    )
    category = {n: n.split("-")[0] for n in names}
    Interest.objects.bulk_create(
        [Interest(name=n, slug=n, category=category[n]) for n in names], ignore_conflicts=True
    )
    interest = dict(Interest.objects.filter(name__in=names).values_list("name", "pk"))
    people = [("mentee", p) for p in mentees] + [("mentor", p) for p in mentors]
    users = User.objects.bulk_create(
        [User(email=f"{role}{p.id}@bench.example.org", password="!") for role, p in people],
        batch_size=2000,
    )
    profiles = Profile.objects.bulk_create(
        [
            Profile(
                user=u,
                display_name=f"{role.title()} {p.id}",
                languages=sorted(p.languages),
                formats=sorted(p.formats),
                availability=sorted(p.availability),
                area=p.area,
            )
            for u, (role, p) in zip(users, people, strict=True)
        ],
        batch_size=2000,
    )
    born = timezone.localdate() - timedelta(days=365 * 25)
    n = len(mentees)
    mps = MenteeProfile.objects.bulk_create(
        [MenteeProfile(user=u, date_of_birth=born) for u in users[:n]], batch_size=2000
    )
    tps = MentorProfile.objects.bulk_create(
        [
            MentorProfile(user=u, capacity=p.capacity, code_of_conduct_accepted_at=timezone.now())
            for u, (_r, p) in zip(users[n:], people[n:], strict=True)
        ],
        batch_size=2000,
    )
    Enrollment.objects.bulk_create(
        [
            Enrollment(
                user=u,
                program=prog,
                role=Enrollment.Role.MENTEE if r == "mentee" else Enrollment.Role.MENTOR,
            )
            for u, (r, _p) in zip(users, people, strict=True)
        ],
        batch_size=2000,
    )
    link(Profile.personal_interests, profiles, [p.personal for _r, p in people], interest)
    link(MenteeProfile.seeking, mps, [(*p.career, *p.academic) for p in mentees], interest)
    link(MentorProfile.offering, tps, [(*p.career, *p.academic) for p in mentors], interest)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return prog


RAW = {
    # Each role's people with the column of its own the load reads too (the {} placeholders).
    "people": """SELECT u.id, u.timezone, p.languages, p.formats, p.availability, p.area, r.{}
                 FROM mentoring_user u JOIN mentoring_profile p ON p.user_id = u.id
                 JOIN mentoring_{}profile r ON r.user_id = u.id
                 JOIN mentoring_enrollment e ON e.user_id = u.id AND e.program_id = %s
                      AND e.role = %s""",
    "personal": """SELECT p.user_id, t.interest_id FROM mentoring_profile_personal_interests t
                   JOIN mentoring_profile p ON p.id = t.profile_id""",
    "seeking": """SELECT m.user_id, t.interest_id FROM mentoring_menteeprofile_seeking t
                  JOIN mentoring_menteeprofile m ON m.id = t.menteeprofile_id""",
    "offering": """SELECT m.user_id, t.interest_id FROM mentoring_mentorprofile_offering t
                   JOIN mentoring_mentorprofile m ON m.id = t.mentorprofile_id""",
}


def raw_load(prog: Program) -> int:
    rows = 0
    with connection.cursor() as cursor:
        for role, column in (("mentee", "date_of_birth"), ("mentor", "capacity")):
            cursor.execute(RAW["people"].format(column, role), [prog.pk, role])
            rows += len(cursor.fetchall())
        for key in ("personal", "seeking", "offering"):
            cursor.execute(RAW[key])
            rows += len(cursor.fetchall())
        cursor.execute("SELECT id, name, category FROM mentoring_interest")
        rows += len(cursor.fetchall())
    return rows


class QueryCounter:
    """Counts every query run through the connection, however many (an execute wrapper)."""

    def __init__(self) -> None:
        self.queries = 0

    def __call__(self, execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.queries += 1
        return execute(sql, params, many, context)


def line(what: str, value: str, baseline: str, ratio: float | None) -> None:
    print(f"{what:<44} {value:>14}   {baseline:<34} {'' if ratio is None else f'{ratio:.2f}×'}")


def main() -> int:
    call_command("migrate", verbosity=0)
    if Program.objects.filter(slug=SLUG).exists():
        sys.exit("The database already holds the benchmark program: use an empty database.")
    took, prog = timed(build)
    print(f"built 10,000 × 3,000 in {took:.1f} s (load {os.getloadavg()[0]:.2f})\n")
    today = timezone.localdate()

    load = statistics.median(
        timed(
            lambda: (
                candidates.program_mentees(prog, today),
                candidates.program_mentors(prog, today),
            )
        )[0]
        for _ in range(3)
    )
    raw = statistics.median(timed(lambda: raw_load(prog))[0] for _ in range(3))
    line(
        "candidate load (13,000 people)",
        f"{load * 1000:.0f} ms",
        f"raw SQL, same rows {raw * 1000:.0f} ms",
        load / raw,
    )
    if "--load-only" in sys.argv:  # iterating on the load: the rest takes minutes
        return 0

    mentees, mentors = (
        candidates.program_mentees(prog, today),
        candidates.program_mentors(prog, today),
    )
    weights = candidates.program_weights(prog)
    engine_s, _ = timed(lambda: engine.propose(mentees, mentors, weights))
    run_s, run = timed(lambda: matching_run(program=prog, by=None))
    line(
        "matching run end to end (load+engine+store)",
        f"{run_s:.2f} s",
        f"engine alone {engine_s:.2f} s",
        run_s / engine_s,
    )
    print(f"{'':<44} {run.proposed_count} proposed, {run.unmatched_count} unmatched")

    admin = User.objects.create_superuser(email="bench-admin@example.org", password="x")
    client = Client()
    client.force_login(admin)
    base = p50(lambda: client.get("/admin/"))
    for what, url in (
        ("Unmatched page p50", f"/admin/matching/match/unmatched/?program={prog.pk}"),
        ("Matches list p50 (unfiltered)", "/admin/matching/match/"),
        ("Matches search p50 (?q=Mentor 12)", "/admin/matching/match/?q=Mentor%2012"),
    ):
        assert client.get(url).status_code == 200
        took = p50(lambda u=url: client.get(u))
        line(what, f"{took * 1000:.0f} ms", f"admin index {base * 1000:.0f} ms", took / base)

    # Approving 500 as a coordinator does: more than a page, so a job. The broker is down here
    # (nothing listens on port 1), so the request only records it; the job is then run alone.
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    ids = list(
        Match.objects.filter(program=prog)
        .proposed()
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    with CaptureQueriesContext(connection) as request_queries:
        took, response = timed(
            lambda: client.post(
                "/admin/matching/match/", {"action": "approve_selected", "_selected_action": ids}
            )
        )
    assert response.status_code == 302, response.status_code
    line(
        "approve 500: the request (a job)",
        f"{took * 1000:.0f} ms",
        f"{len(request_queries)} queries",
        None,
    )
    decision = BulkDecision.objects.latest("pk")
    counted = QueryCounter()  # the query log stops at 9,000 entries; the job runs more
    with connection.execute_wrapper(counted):
        job_s, _ = timed(lambda: bulk_decision_job(decision_id=decision.pk))
    decision.refresh_from_db()
    line(
        "approve 500: the job",
        f"{job_s:.2f} s",
        f"{counted.queries} queries, {counted.queries / 500:.1f}/match",
        None,
    )
    print(f"{'':<44} {decision.done_count} approved, {len(decision.refused)} refused")

    # "Run matching" on the program, as the coordinator clicks it: the request only records the
    # run (the broker is still down), so it is timed against the admin index. The query log is
    # emptied first: the job above filled it to its 9,000-entry cap, where it counts nothing.
    reset_queries()
    with CaptureQueriesContext(connection) as start_queries:
        took, response = timed(
            lambda: client.post(
                "/admin/mentoring/program/",
                {"action": "run_matching_action", "_selected_action": [prog.pk]},
            )
        )
    assert response.status_code == 302, response.status_code
    assert MatchRun.objects.filter(program=prog).latest("pk").status == MatchRun.Status.QUEUED
    line(
        "run matching: the request (a job)",
        f"{took * 1000:.0f} ms",
        f"{len(start_queries)} queries; index {base * 1000:.0f} ms",
        took / base,
    )
    print(f"\nload average now: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
