"""Threads released together, for race tests on PostgreSQL.

Each thread has its own database connection (Django opens one per thread); a barrier releases
them at once so their transactions truly overlap.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.db import connection


class Crowd:
    """Threads that each keep one database connection for the whole test, released together.

    A thread a job would open (and close) a PostgreSQL connection per job: most of a long
    race test's time. These threads wait at a barrier, so every job still starts at once.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.pool = ThreadPoolExecutor(max_workers=size)

    def run(self, jobs: list[Callable[[], object]]) -> list[BaseException]:
        """Run the jobs at once; return what they raised (nothing, when all went through)."""
        assert len(jobs) <= self.size, "each job needs a thread of its own to meet the others"
        barrier = threading.Barrier(len(jobs))

        def worker(job: Callable[[], object]) -> BaseException | None:
            try:
                barrier.wait()
                job()
            except BaseException as error:  # noqa: BLE001 - reported by the test
                return error
            return None

        results = list(self.pool.map(worker, jobs))
        return [error for error in results if error is not None]

    def close(self) -> None:
        # A lambda, so each thread looks up its own connection (connection.close, read here,
        # would be this thread's).
        self.run([lambda: connection.close()] * self.size)
        self.pool.shutdown()


def at_once(jobs: list[Callable[[], object]]) -> list[BaseException]:
    """Run the jobs in threads of their own released together, then close their connections."""
    crowd = Crowd(len(jobs))
    try:
        return crowd.run(jobs)
    finally:
        crowd.close()
