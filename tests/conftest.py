"""Shared fixtures: named personas, real-service gates and a real Celery worker.

Tests that need PostgreSQL, Redis or a browser carry a marker (`postgres`, `redis`, `browser`).
Where the service is missing they skip, unless REQUIRE_SERVICES=1 / REQUIRE_BROWSER=1 is set:
then they fail, so CI can never pass by silently skipping them.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from mentoring.celery import app as celery_app
from mentoring.core import jobs
from mentoring.people.models import User
from tests.factories import PASSWORD as PASSWORD  # tests import it from here
from tests.factories import UserFactory
from tests.log_audit import _no_secret_in_the_logs_of_the_run  # noqa: F401 (a session fixture)

if TYPE_CHECKING:
    from tests.processes import Rig


def require(available: bool, why: str, flag: str) -> None:
    """Skip when a service is missing, or fail when the run says it must be there."""
    if available:
        return
    if os.environ.get(flag) == "1":
        pytest.fail(f"{why}, and {flag}=1 says it is required", pytrace=False)
    pytest.skip(why)


def redis_is_reachable() -> bool:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    return any(name in item.fixturenames for name in ("transactional_db", "live_server"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every transactional test starts from the database exactly as the migrations left it.

    Its flush would otherwise take with it the rows our data migrations made (taxonomy, the
    Coordinators group, the default guide). pytest-django's serialized rollback puts them back;
    it has to be on for every transactional test, since a flush without it re-creates content
    types under new ids, which the next restore would collide with.
    """
    for item in items:
        if not _transactional(item):
            continue
        marker = item.get_closest_marker("django_db")
        if marker is None:
            item.fixturenames.append("django_db_serialized_rollback")  # type: ignore[attr-defined]
        else:
            kwargs = {**marker.kwargs, "transaction": True, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(scope="session", autouse=True)
def _serialized_contents_in_every_context(django_db_setup: None) -> None:
    """Serialized rollback must find the migrated contents on whichever connection is current.

    Django's connections are context-local, and Playwright's sync API runs a test in a greenlet
    with a connection object of its own, which lacks the `_test_serialized_contents` the test
    database was created with: Django would then skip the restore. The backend class carries
    them instead (hasattr finds a class attribute), so every context restores the same rows.
    """
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents:
            type(connections[alias])._test_serialized_contents = contents


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """The test database on PostgreSQL does not wait for each commit to reach the disk: the
    suite commits thousands of times and nothing in it outlives the run. A server crash would
    lose the last commits; no test crashes the server (fault tests stop brokers and workers)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        database.setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"


@pytest.fixture(scope="session", autouse=True)
def _quick_reset_between_transactional_tests() -> Iterator[None]:
    """Emptied by DELETE on PostgreSQL, refilled a table at a time (tests/database_reset.py)."""
    from django.db.backends.base.creation import BaseDatabaseCreation

    from tests import database_reset

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseDatabaseCreation, "deserialize_db_from_string", database_reset.restore)
        patch.setattr(database_reset.PostgresOperations, "sql_flush", database_reset.sql_flush)
        yield


@pytest.fixture(autouse=True)
def _service_gates(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("postgres"):
        require(
            settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
            "needs PostgreSQL (DATABASE_URL=postgres://…)",
            "REQUIRE_SERVICES",
        )
    if request.node.get_closest_marker("redis"):
        require(redis_is_reachable(), "needs Redis (REDIS_URL)", "REQUIRE_SERVICES")


@pytest.fixture(autouse=True)
def _empty_cache(settings: Any) -> None:
    """Pages cached by one test (the campaign home page) must not leak into the next."""
    from django.core.cache import cache

    prefix = settings.CACHES["default"].get("KEY_PREFIX")
    if not prefix:
        cache.clear()
        return
    # Each xdist worker keeps its own keys in the shared Redis, so one worker emptying its cache
    # never wipes the rate-limit counters another worker's test is counting.
    prefix = f"{prefix}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": prefix}}
    # Shared Redis also holds the Celery queues: delete only the cache's own keys.
    client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    """A Spanish request leaves Spanish active in the test thread; the next test starts neutral."""
    yield
    from django.utils import translation

    translation.deactivate()


# --- Celery ---------------------------------------------------------------------------------------

# Each test session gets its own queue, so leftovers of an earlier run (or another session on the
# same Redis) can never be consumed by this session's worker.
TEST_QUEUE = f"pif-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session", autouse=True)
def _private_celery_queue() -> Iterator[None]:
    celery_app.conf.task_default_queue = TEST_QUEUE
    yield
    if redis_is_reachable():
        import redis

        redis.Redis.from_url(os.environ["REDIS_URL"]).delete(TEST_QUEUE)


@pytest.fixture(scope="session", autouse=True)
def _fast_passwords() -> Iterator[None]:
    """Tests create hundreds of people: the real hasher (PBKDF2, a fifth of a second for each
    password) made setting them up most of the suite's time. Production keeps its hashers."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    fast.enable()
    yield
    fast.disable()


@pytest.fixture(autouse=True)
def _eager_celery_unless_real_worker(
    request: pytest.FixtureRequest, settings: Any
) -> Iterator[None]:
    """Tasks run in-process in ordinary tests; tests that ask for `real_worker` get the broker."""
    # A test's broker comes back the instant it says so; the back-off after a failed publish
    # (mentoring.core.jobs.breaker) is exercised by the tests that set it.
    settings.BROKER_BACKOFF_SECONDS = 0
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = "real_worker" not in request.fixturenames
    jobs.breaker.reset()  # one test's unreachable broker must not skip the next test's jobs
    yield
    celery_app.conf.task_always_eager = before
    jobs.breaker.reset()


@pytest.fixture
def real_worker(transactional_db: None) -> Iterator[Any]:
    """Celery's own test worker, consuming from Redis in a thread of this process.

    Needs committed data (transactional_db): the worker reads through its own connection.
    """
    require(redis_is_reachable(), "needs Redis (REDIS_URL) for a real worker", "REQUIRE_SERVICES")
    from celery.contrib.testing.worker import start_worker

    with start_worker(
        celery_app, perform_ping_check=False, loglevel="WARNING", shutdown_timeout=15
    ) as worker:
        yield worker


class _UnreachableBroker:
    def delay(self, *args: Any, **kwargs: Any) -> None:
        import kombu.exceptions

        raise kombu.exceptions.OperationalError("Error 111 connecting to redis:6379")


@pytest.fixture
def broker_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every publish fails as with Redis down: jobs must wait in the database for a scan."""
    break_the_broker(monkeypatch)


def break_the_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on in the test, every publish fails (the fixture does it from the start)."""
    monkeypatch.setattr("mentoring.core.jobs.task_named", lambda name: _UnreachableBroker())


def wait_for(check: Callable[[], bool], timeout: float = 20.0, every: float = 0.1) -> bool:
    """Poll until check() is true; for effects of a real worker or a browser."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return check()


# --- Personas -------------------------------------------------------------------------------------


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    """A signed-up person with a confirmed email address and PASSWORD as password."""

    def make(email: str | None = None, **fields: Any) -> User:
        if email:
            fields["email"] = email
        return UserFactory.create(**fields)

    return make


@pytest.fixture
def coordinator(make_user: Callable[..., User]) -> User:
    # Cora runs the program from the admin: staff, and the one who approves matches.
    return make_user(
        "cora.coordinator@example.org", first_name="Cora", is_staff=True, is_superuser=True
    )


@pytest.fixture
def mentor(make_user: Callable[..., User]) -> User:
    # Marisol is a software engineer who was mentored herself and now pays it forward.
    return make_user("marisol.mentor@example.org", first_name="Marisol", last_name="Entwistle")


@pytest.fixture
def mentee(make_user: Callable[..., User]) -> User:
    # Tomás is a first-generation college student looking for career help: an adult mentee.
    return make_user("tomas.mentee@example.org", first_name="Tomás", last_name="Ng")


@pytest.fixture
def volunteer(make_user: Callable[..., User]) -> User:
    # Val only helps at events: no mentoring role, so must never see mentoring data.
    return make_user("val.volunteer@example.org", first_name="Val")


def _test_database_url() -> str:
    """The database this test runs on (pytest-django renamed it), for the workers."""
    db = connection.settings_dict
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def _fresh_publisher_pools() -> None:
    # Celery builds its broker pools on the first publish and keeps them (it drops them only
    # after a fork, this same way): without this, the next publish would go to the old broker.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def rig(tmp_path: Path, transactional_db: None) -> Iterator[Rig]:
    """Our own Redis, this process publishing to it, room for workers; all stopped afterwards.

    For the tests that break real processes (tests/processes.py), on PostgreSQL.
    """
    from tests.processes import Rig  # it imports this module

    require(shutil.which("redis-server") is not None, "needs redis-server", "REQUIRE_SERVICES")
    rig = Rig(tmp_path, _test_database_url())
    conf = celery_app.conf
    before = conf.broker_url, conf.task_always_eager
    try:
        rig.redis.start()
        conf.broker_url, conf.task_always_eager = rig.redis.url, False
        _fresh_publisher_pools()
        yield rig
    finally:
        rig.stop()
        if celery_app._pool is not None:
            celery_app._pool.force_close_all()
        conf.broker_url, conf.task_always_eager = before
        _fresh_publisher_pools()
