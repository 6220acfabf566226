"""20,000 due reminders through the real pipeline: one scan, two Celery workers, an SMTP server.

    createdb -h 127.0.0.1 -U postgres pif_bench_reminders
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pif_bench_reminders \
        .venv/bin/python bench/reminders.py [reminders]

Needs a PostgreSQL database of its own (it migrates and empties it). Redis, the two workers
(`celery -A mentoring worker --pool=solo`, DEBUG off as in production) and the SMTP server are
started here, on free ports, and stopped by pid. The SMTP server (the standard library's smtpd,
in a child process) notes the time and recipient of every message and every connection.

Baselines in the same run: plain emails rendered (a text email of the project, no calendar)
against reminders rendered with the calendar built per email (as before) and once per event;
and plain messages sent over one SMTP connection from this process against the workers' rate.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
from collections import Counter
from multiprocessing import Event as Flag
from multiprocessing import Process
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script, the project root is not on the path

from bench.django_start import start_django  # noqa: E402

start_django()

from django.conf import settings  # noqa: E402
from django.core.mail import EmailMessage  # noqa: E402
from django.core.mail import get_connection  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from events.calendar import CalendarParts  # noqa: E402
from events.emails import reminder_message  # noqa: E402
from events.models import Reminder  # noqa: E402
from events.tasks import send_due_reminders  # noqa: E402
from mentoring.celery import app as celery_app  # noqa: E402
from mentoring.core import jobs  # noqa: E402
from mentoring.core.mail import build_templated  # noqa: E402
from mentoring.core.models import OutgoingEmail  # noqa: E402
from tests.events.reminder_rows import due_reminders  # noqa: E402
from tests.factories import EventFactory  # noqa: E402
from tests.processes import RedisServer  # noqa: E402
from tests.processes import Worker  # noqa: E402
from tests.processes import free_port  # noqa: E402

REMINDERS = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
EVENTS = 20
RENDERED = 1000  # emails rendered for each rendering figure
TARGET_RATE = 300.0  # emails/s with two workers (#13)
SCAN_INTERVAL = settings.CELERY_BEAT_SCHEDULE["events-send-due-reminders"]["schedule"]


def smtp_sink(port: int, log: str, ready: Flag) -> None:  # type: ignore[valid-type]
    """An SMTP server that accepts everything: `<time> <recipient>` per message, `connect`
    per connection, one line each."""
    import asyncore
    import smtpd
    import warnings

    warnings.simplefilter("ignore", DeprecationWarning)
    out = open(log, "w", buffering=1)  # noqa: SIM115 (open for the life of the process)

    class Sink(smtpd.SMTPServer):
        def handle_accepted(self, conn, addr):
            out.write("connect\n")
            super().handle_accepted(conn, addr)

        def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
            out.write(f"{time.time():.4f} {rcpttos[0]}\n")

    Sink(("127.0.0.1", port), None, decode_data=False)  # type: ignore[arg-type]  # no relay
    ready.set()  # type: ignore[attr-defined]
    asyncore.loop(timeout=0.05)


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def rendering(reminders: list[Reminder]) -> None:
    """Rendered per second: plain emails, reminders as before, reminders as a batch does."""
    event = reminders[0].registration.event
    start = time.perf_counter()
    for reminder in reminders:
        build_templated(
            to=reminder.registration.user,
            template="email/events/host_thanks",
            context={"event": event, "attended": 0, "confirmed": 12},
        )
    plain = rate(len(reminders), time.perf_counter() - start)
    start = time.perf_counter()
    for reminder in reminders:
        reminder_message(reminder)  # a calendar of its own for each email
    each = rate(len(reminders), time.perf_counter() - start)
    start, calendars = time.perf_counter(), CalendarParts()
    for reminder in reminders:
        reminder_message(reminder, calendars=calendars)
    once = rate(len(reminders), time.perf_counter() - start)
    print(f"render: plain emails {plain:,.0f}/s (baseline)")
    print(f"render: reminders, calendar per email {each:,.0f}/s = {each / plain:.2f} x plain")
    print(
        f"render: reminders, calendar once per event {once:,.0f}/s = {once / plain:.2f} x plain"
        f" ({once / each:.2f} x per email)"
    )


def plain_send_rate(count: int) -> float:
    """The bare floor: ready-made messages over one SMTP connection from this process."""
    connection = get_connection("django.core.mail.backends.smtp.EmailBackend")
    messages = [
        EmailMessage("Plain", "A plain email.\n" * 20, to=[f"plain-{n}@example.org"])
        for n in range(count)
    ]
    start = time.perf_counter()
    connection.open()
    connection.send_messages(messages)
    connection.close()
    return rate(count, time.perf_counter() - start)


def sink_lines(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="pif-bench-reminders-"))
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    print(f"load: {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} cores")

    events = [EventFactory.create(capacity=REMINDERS) for _ in range(EVENTS)]
    ids = due_reminders(events, REMINDERS // EVENTS)
    sample = Reminder.objects.select_related(
        "registration__event", "registration__user__profile", "registration__volunteer_role"
    ).filter(pk__in=ids[:RENDERED])
    rendering(list(sample))

    port, log = free_port(), folder / "smtp.log"
    ready = Flag()
    sink = Process(target=smtp_sink, args=(port, str(log), ready), daemon=True)
    sink.start()
    ready.wait(10)
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    baseline = plain_send_rate(2000)
    print(f"send: plain messages over one SMTP connection, this process {baseline:,.0f}/s")

    redis = RedisServer(folder)
    redis.start()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="mentoring.settings",
        REDIS_URL=redis.url,
        EMAIL_URL=f"smtp://127.0.0.1:{port}",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="localhost",
    )
    workers = [Worker(env, folder / f"worker-{n}.log") for n in range(2)]
    try:
        deadline = time.monotonic() + 60
        while not all(w.ready() for w in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = redis.url, False
        celery_app._pool = None  # the broker changed: publish to ours
        celery_app.amqp._producer_pool = None
        jobs.breaker.reset()
        before = len(sink_lines(log))

        due = timezone.now()
        Reminder.objects.filter(pk__in=ids).update(due_at=due)
        start = time.time()
        scanned = send_due_reminders()  # the beat job, run here: it only publishes
        enqueued = time.time() - start
        print(
            f"scan: {scanned:,} of {len(ids):,} due reminders enqueued by one scan in "
            f"{enqueued:.2f} s ({-(-scanned // 200)} batch tasks)"
        )
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            lines = sink_lines(log)[before:]
            if sum(1 for line in lines if line != "connect") >= len(ids):
                break
            time.sleep(0.5)
        time.sleep(3)  # let a late duplicate land, if any
        lines = sink_lines(log)[before:]
        delivered = [line.split() for line in lines if line != "connect"]
        connections = sum(1 for line in lines if line == "connect")
        last = max(float(at) for at, _to in delivered)
        per_address = Counter(to for _at, to in delivered)
        sent_rows = OutgoingEmail.objects.filter(kind="events.reminder", status="sent").count()
        send_rate = rate(len(delivered), last - start)
        late = last - due.timestamp()
        print(
            f"send: {len(delivered):,} delivered by 2 workers in {last - start:.1f} s = "
            f"{send_rate:,.0f}/s = {send_rate / baseline:.2f} x plain "
            f"(target >= {TARGET_RATE:.0f}/s)"
        )
        print(f"send: {connections} SMTP connections for {len(delivered):,} emails")
        print(
            f"late: the last was delivered {late:.1f} s after it was due "
            f"(scan interval {SCAN_INTERVAL} s)"
        )
        once = len(per_address) == len(ids) and set(per_address.values()) == {1}
        print(
            f"once: {len(per_address):,} addresses, most deliveries to one "
            f"{max(per_address.values())}, outbox rows sent {sent_rows:,}: "
            f"{'exactly once' if once else 'NOT exactly once'}"
        )
        ok = once and send_rate >= TARGET_RATE and late <= SCAN_INTERVAL
        print("PASS" if ok else "FAIL")
    finally:
        for worker in workers:
            worker.stop()
        redis.kill()
        sink.terminate()


if __name__ == "__main__":
    main()
