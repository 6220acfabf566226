"""Handing work to Celery by task name.

A service enqueues a job without importing its own app's tasks module (which imports the
service): the name is the only link, so there is no import cycle between the two.
"""

from __future__ import annotations

import logging

import kombu.exceptions
import redis.exceptions
from celery import Task, current_app

logger = logging.getLogger(__name__)

BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.RedisError, OSError)


def task_named(name: str) -> Task:
    """The registered task; in a web process the tasks modules may not be imported yet."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def enqueue(name: str, *args: object) -> bool:
    """Send the job now; False (and a warning) if the broker is down, for a later scan to retry."""
    try:
        task_named(name).delay(*args)
    except BROKER_ERRORS:
        logger.warning("Broker unreachable; %s%r waits for the next scan", name, args)
        return False
    return True
