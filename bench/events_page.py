"""/events/ and an event page at 10× the demo data, served by gunicorn with 2 workers.

    createdb -h 127.0.0.1 -U postgres pif_bench_pages
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pif_bench_pages \
        .venv/bin/python bench/events_page.py [seconds]

Needs a PostgreSQL database of its own (it migrates it and seeds the demo) and `wrk`. The demo is
seeded, then its events, roles and registrations are copied nine times (110 events, ~4,300
registrations). Redis (the cache, as in production) and gunicorn (WEB_CONCURRENCY=2, DEBUG
off) are started here on free ports and stopped by pid.

GUNICORN_MAX_REQUESTS (and any other setting gunicorn.conf.py reads) passes through: at these
rates the default 1000 replaces each worker every few seconds, and a new worker's start-up
shows in the tail latency of whatever is measured then.

Measured with wrk, anonymous, in the same run: a bare view through the whole middleware stack
(the baseline), /events/ and an event page as visitors get them (from the cache), and both
with a different query string on every request, so every one is rendered (the cache's misses).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script, the project root is not on the path

from bench.django_start import start_django  # noqa: E402

start_django()

from django.core.management import call_command  # noqa: E402

from events.models import Event  # noqa: E402
from events.models import Registration  # noqa: E402
from events.models import VolunteerRole  # noqa: E402
from tests.processes import RedisServer  # noqa: E402
from tests.processes import free_port  # noqa: E402

SECONDS = int(sys.argv[1]) if len(sys.argv) > 1 else 15
COPIES = 10
CONNECTIONS = 8
TARGET_RATE, TARGET_P95_MS = 150.0, 200.0  # /events/ (#13)

# wrk prints its own table; this line is the one read back. Latencies are in microseconds.
REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(95), summary.errors.status + summary.errors.connect
    + summary.errors.read, summary.errors.timeout))
end
"""
# A new query string per request: the page is rendered every time, as on a cache miss.
MISS = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "?bench=" .. math.random(1, 1000000000) .. counter)
end
"""


def ten_times_the_demo() -> Event:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())  # idempotent: a second run adds nothing
    # A previous run's copies (registrations first: they protect the volunteer roles).
    Registration.objects.filter(event__slug__contains="-copy").delete()
    Event.objects.filter(slug__contains="-copy").delete()
    originals = list(Event.objects.prefetch_related("roles", "registrations"))
    for copy in range(1, COPIES):
        for event in originals:
            clone = Event.objects.get(pk=event.pk)
            clone.pk = None
            clone.slug = f"{event.slug}-copy{copy}"
            shift = timedelta(hours=copy)
            for name in Event.LOCAL_TIMES:
                if getattr(clone, name):
                    setattr(clone, name, getattr(clone, name) + shift)
            clone.save()
            roles: dict[int | None, VolunteerRole] = {}
            for role in event.roles.all():
                roles[role.pk] = VolunteerRole.objects.create(
                    event=clone, name=role.name, slots=role.slots
                )
            Registration.objects.bulk_create(
                Registration(
                    event=clone,
                    user_id=r.user_id,
                    volunteer_role=roles.get(r.volunteer_role_id),
                    status=r.status,
                    created_at=r.created_at,
                )
                for r in event.registrations.all()
            )
    print(
        f"data: {Event.objects.published().count()} published events, "
        f"{Registration.objects.count()} registrations"
    )
    return Event.objects.published().order_by("starts_at").first()  # type: ignore[return-value]


def site_env(redis_url: str, static: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bare_view_site",
        "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": redis_url,
        "BENCH_STATIC_ROOT": str(static),
    }


def gunicorn(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    env = {**env, "WEB_CONCURRENCY": "2", "GUNICORN_BIND": f"127.0.0.1:{port}"}
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "mentoring.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until_up(url: str) -> None:
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (local)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn never answered {url}")


def wrk(url: str, folder: Path, *, miss: bool = False) -> tuple[float, float, int]:
    """Requests per second, p95 in ms and requests unanswered after wrk's 2 s (a worker being
    replaced after GUNICORN_MAX_REQUESTS, as in production), after a short warm-up."""
    script = folder / ("miss.lua" if miss else "hit.lua")
    script.write_text((MISS if miss else "") + REPORT)
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", "-s", str(script), url]
    subprocess.run([*command[:1], "-d2s", *command[1:]], capture_output=True, check=True)
    out = subprocess.run(
        [*command[:1], f"-d{SECONDS}s", *command[1:]], capture_output=True, text=True, check=True
    ).stdout
    line = next(row for row in out.splitlines() if row.startswith("RESULT"))
    requests, duration_us, p95_us, errors, timeouts = (int(x) for x in line.split()[1:])
    if errors:
        raise RuntimeError(f"{errors} failed requests on {url}:\n{out}")
    return requests / (duration_us / 1e6), p95_us / 1000, timeouts


def main() -> None:
    event = ten_times_the_demo()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        redis = RedisServer(folder)
        redis.start()
        env = site_env(redis.url, folder / "static")
        manage = [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput"]
        subprocess.run([*manage, "-v0"], cwd=ROOT, env=env, check=True)
        port = free_port()
        server = gunicorn(port, env)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(f"{base}/bench/bare/")
            pages = [
                ("bare view (baseline)", "/bench/bare/", False),
                ("/events/", "/events/", False),
                ("event page", f"/events/{event.pk}/", False),
                ("/events/, every request a miss", "/events/", True),
                ("event page, every request a miss", f"/events/{event.pk}/", True),
            ]
            results = {name: wrk(base + path, folder, miss=miss) for name, path, miss in pages}
        finally:
            server.terminate()
            server.wait(timeout=30)
            redis.kill()
    bare_rate = results["bare view (baseline)"][0]
    recycle = os.environ.get("GUNICORN_MAX_REQUESTS", "1000 (gunicorn.conf.py)")
    print(
        f"gunicorn 2 workers, each replaced after {recycle} requests; "
        f"wrk 1 thread {CONNECTIONS} connections, {SECONDS} s each"
    )
    for name, (rate, p95, late) in results.items():
        print(
            f"  {name:34} {rate:8.1f} req/s  p95 {p95:6.1f} ms  {rate / bare_rate:5.2f}× bare"
            f"  {late} over 2 s"
        )
    rate, p95, _late = results["/events/"]
    met = rate >= TARGET_RATE and p95 < TARGET_P95_MS
    print(
        f"/events/ target ≥ {TARGET_RATE:.0f} req/s and p95 < {TARGET_P95_MS:.0f} ms: "
        f"{'met' if met else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
