"""Real processes a test can break: its own Redis server and Celery workers, stopped by pid.

The fault tests (tests/core/test_outbox_faults.py) kill these to prove promise 1. Nothing here
touches the shared Redis or PostgreSQL servers: each Redis is new, on a free port, keeps
nothing on disk, and every process is stopped by its own pid, even when the test fails.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import signal
import socket
import subprocess
import sys
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from email.utils import parseaddr
from pathlib import Path

import redis

from tests.conftest import TEST_QUEUE
from tests.conftest import wait_for

ROOT = Path(__file__).resolve().parents[1]
# The web process publishes to this session's queue; what a worker enqueues itself (the scan's
# sends) goes to Celery's default queue: a worker here consumes both.
QUEUES = f"{TEST_QUEUE},celery"
STARTUP = 120.0  # seconds; Django and Celery start in a few, on a busy or slow machine in far more


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(process: subprocess.Popen[bytes] | None, how: signal.Signals) -> None:
    """Signal the process (by its pid) and wait for it; SIGKILL if it will not go."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(how)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


class RedisServer:
    """A broker that can die: no snapshot, no append-only file, so a restart comes back empty."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start, or start again on the same port; returns once it answers."""
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
            + ["--logfile", str(self.folder / "redis.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        if not wait_for(lambda: self._answers(client), timeout=10):
            raise RuntimeError(f"redis-server on port {self.port} never answered")

    def _answers(self, client: redis.Redis) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(f"redis-server exited: {(self.folder / 'redis.log').read_text()}")
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False

    def kill(self) -> None:
        """The broker crashes: every connection to it is refused until it starts again."""
        _stop(self.process, signal.SIGKILL)

    def freeze(self) -> None:
        """The broker hangs (as behind a network partition): it accepts and never answers."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)


class Worker:
    """`celery -A mentoring worker --pool=solo`, as production runs it, logging to a file."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log
        name = f"fault-{uuid.uuid4().hex[:8]}@%h"
        self.errors = log.with_suffix(".err").open("wb")  # a crash before logging starts
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "mentoring", "worker", "--pool=solo"]
            + ["-n", name, "-Q", QUEUES, "--loglevel=INFO", f"--logfile={log}"]
            + ["--without-heartbeat", "--without-gossip", "--without-mingle"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.errors,
        )

    def text(self) -> str:
        return self.log.read_text() if self.log.exists() else ""

    def ready(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"The worker exited: {self.log.with_suffix('.err').read_text()}")
        return " ready." in self.text()

    def results(self, task: str) -> list[str]:
        """What each finished run of the task returned, in order: `["True", "False"]`."""
        pattern = rf"Task mentoring\.core\.tasks\.{task}\[[^\]]+\] succeeded in \S+: (.+)"
        return re.findall(pattern, self.text())

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no chance to give anything back."""
        _stop(self.process, signal.SIGKILL)
        self.errors.close()

    def stop(self) -> None:
        """SIGTERM, Celery's warm shutdown: it takes a couple of seconds."""
        _stop(self.process, signal.SIGTERM)
        self.errors.close()


class Rig:
    """One test's Redis, its workers on the test database, and the mail they deliver."""

    def __init__(self, folder: Path, database_url: str) -> None:
        self.folder, self.database_url = folder, database_url
        self.drop = folder / "mail"
        self.drop.mkdir()
        self.redis = RedisServer(folder)
        self.workers: list[Worker] = []

    def worker(self, *, lease_seconds: float | None = None) -> Worker:
        # The browser tests' flag is no part of a worker; the rest of the environment is.
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env.update(
            DJANGO_SETTINGS_MODULE="tests.worker_settings",
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis.url,
            PIF_MAIL_DROP=str(self.drop),
        )
        if lease_seconds is not None:
            env["PIF_OUTBOX_LEASE_SECONDS"] = str(lease_seconds)
        worker = Worker(env, self.folder / f"worker-{len(self.workers)}.log")
        self.workers.append(worker)
        return worker

    def all_ready(self, *workers: Worker) -> bool:
        return wait_for(lambda: all(w.ready() for w in workers), timeout=STARTUP, every=0.2)

    def results(self, task: str) -> list[str]:
        return sorted(result for w in self.workers for result in w.results(task))

    # --- the mail drop (tests.mail_backends.MailDrop) ---

    def hold(self) -> None:
        (self.drop / "hold").touch()

    def held(self) -> bool:
        return any(self.drop.glob("held-*"))

    def release(self) -> None:
        (self.drop / "hold").unlink(missing_ok=True)

    def deliveries(self) -> Counter[tuple[str, str]]:
        """(address, subject) of every message the workers' SMTP accepted, with how often."""
        seen: Counter[tuple[str, str]] = Counter()
        for path in self.drop.glob("*.eml"):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            seen[(parseaddr(str(message["To"]))[1], str(message["Subject"]))] += 1
        return seen

    def logs(self) -> str:
        """Every worker's log, for the message of a failing assertion."""
        return "\n".join(f"--- {w.log.name}\n{w.text()[-3000:]}" for w in self.workers)

    def stop(self) -> None:
        """Workers first (they would only retry a missing broker), then Redis; by pid."""
        self.release()
        with ThreadPoolExecutor() as pool:  # each warm shutdown takes seconds: side by side
            list(pool.map(Worker.stop, self.workers))
        self.redis.kill()
