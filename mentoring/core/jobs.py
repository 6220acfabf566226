"""Handing work to Celery by task name.

A service enqueues a job without importing its own app's tasks module (which imports the
service): the name is the only link, so there is no import cycle between the two.
"""

from __future__ import annotations

import logging
import time

import kombu.exceptions
import redis.exceptions
from celery import Task
from celery import current_app
from django.conf import settings

logger = logging.getLogger(__name__)

BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.RedisError, OSError)


def task_named(name: str) -> Task:
    """The registered task; in a web process the tasks modules may not be imported yet."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


class _Breaker:
    """After one failed publish, this process stops trying for a while.

    A dead broker refuses at once, but a hung one (a network partition, a frozen server) holds
    each publish for its socket timeout: without this, one coordinator's bulk approval would
    wait that long per email. Every skipped job is already in the database for the scan.
    """

    def __init__(self) -> None:
        self.open_until = 0.0

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self) -> None:
        self.open_until = time.monotonic() + settings.BROKER_BACKOFF_SECONDS

    def reset(self) -> None:
        self.open_until = 0.0


breaker = _Breaker()


def enqueue(name: str, *args: object) -> bool:
    """Send the job now; False (and a warning) if the broker is down, for a later scan to retry."""
    if breaker.is_open():
        logger.debug("Broker recently unreachable; %s%r waits for the next scan", name, args)
        return False
    try:
        task_named(name).delay(*args)
    except BROKER_ERRORS:
        breaker.trip()
        logger.warning("Broker unreachable; %s%r waits for the next scan", name, args)
        return False
    return True
