"""`make run` has no Redis: beat must still run the periodic jobs, in its own process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BEAT_FOR_A_FEW_SECONDS = """
import django, os, threading
django.setup()
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
threading.Timer(3.0, lambda: os._exit(0 if not Session.objects.exists() else 3)).start()
beat.run()
"""


def test_beat_runs_periodic_jobs_in_process_without_redis(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REDIS_URL", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="mentoring.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'run.sqlite3'}",
        SCHEDULE_FILE=str(tmp_path / "celerybeat-schedule"),
    )
    done = subprocess.run(
        [sys.executable, "-c", BEAT_FOR_A_FEW_SECONDS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # Exit 0 means the expired session was deleted by the job beat ran; 3 means it never ran.
    assert done.returncode == 0, done.stderr[-2000:]
