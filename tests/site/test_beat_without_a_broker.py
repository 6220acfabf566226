"""`make run` has no Redis: beat must still run the periodic jobs, in its own process."""

from __future__ import annotations

from pathlib import Path

from tests.site.test_settings import output_of

# Run by run_django: Django is set up, in a clean environment (no REDIS_URL, as in `make run`).
BEAT_FOR_A_FEW_SECONDS = """
import os, threading, time
from datetime import timedelta
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from mentoring.celery import app

call_command("migrate", verbosity=0)
Session.objects.create(session_key="old", session_data="",
                       expire_date=timezone.now() - timedelta(days=1))
app.conf.beat_schedule = {
    "clear": {"task": "mentoring.people.tasks.clear_expired_sessions", "schedule": 0.5}
}
beat = app.Beat(schedule=os.environ["SCHEDULE_FILE"], loglevel="WARNING")
def watch():  # exit as soon as the job has run; a slow machine gets a minute, not 3 seconds
    deadline = time.monotonic() + 60
    while Session.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    os._exit(0 if not Session.objects.exists() else 3)
threading.Thread(target=watch, daemon=True).start()
beat.run()
"""


def test_beat_runs_periodic_jobs_in_process_without_redis(tmp_path: Path) -> None:
    # output_of insists on exit 0: the job beat ran deleted the expired session (3: not within
    # a minute, at a 0.5 s schedule).
    output_of(
        BEAT_FOR_A_FEW_SECONDS,
        DATABASE_URL=f"sqlite:///{tmp_path / 'run.sqlite3'}",
        SCHEDULE_FILE=str(tmp_path / "celerybeat-schedule"),
    )
