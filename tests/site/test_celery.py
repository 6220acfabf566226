"""Celery: safe defaults, and a real worker running what a commit enqueued."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from mentoring.celery import app
from mentoring.people.tasks import clear_expired_sessions
from tests.conftest import wait_for


def test_celery_speaks_json_only_acks_late_and_prefetches_one() -> None:
    conf = app.conf
    assert conf.accept_content == ["json"]
    assert conf.task_serializer == "json"
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1


def test_the_beat_schedule_lives_in_settings_and_names_real_tasks() -> None:
    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks, entry["task"]


@pytest.mark.django_db
def test_without_redis_tasks_run_eagerly_in_process() -> None:
    Session.objects.create(
        session_key="old", session_data="", expire_date=timezone.now() - timedelta(days=1)
    )
    clear_expired_sessions.delay()
    assert not Session.objects.filter(session_key="old").exists()


@pytest.mark.redis
def test_a_task_sent_after_commit_runs_on_a_real_worker(real_worker: object) -> None:
    assert app.conf.task_always_eager is False
    with transaction.atomic():
        Session.objects.create(
            session_key="expired",
            session_data="",
            expire_date=timezone.now() - timedelta(days=1),
        )
        Session.objects.create(
            session_key="current",
            session_data="",
            expire_date=timezone.now() + timedelta(days=1),
        )
        clear_expired_sessions.delay_on_commit()
        # Nothing is sent before the commit: the worker must not run against missing rows.
        assert Session.objects.filter(session_key="expired").exists()

    assert wait_for(lambda: not Session.objects.filter(session_key="expired").exists())
    assert Session.objects.filter(session_key="current").exists()
