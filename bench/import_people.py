"""Importing 5,000 people from a CSV, against bare bulk_create of the same accounts.

    python bench/import_people.py [rows]      (default 5,000; target: under 60 s)

Runs on a fresh SQLite database in /tmp (migrated here). The import renders and queues every
invitation and guardian request in the outbox, as in production where a worker then sends
them; the scan that sends them all (to Django's in-memory mail backend) is timed apart. The
baseline is `User.objects.bulk_create` of the same addresses with unusable passwords: the floor for
writing the accounts at all, with no profiles, interests, enrolments or emails.
"""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script, the project root is not on the path
DB = Path(tempfile.gettempdir()) / "pif-bench-import.sqlite3"
DB.unlink(missing_ok=True)

from bench.django_start import start_django  # noqa: E402

start_django(database_url=f"sqlite:///{DB}", email_url="memorymail://")

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402

from mentoring.core.jobs import breaker  # noqa: E402
from mentoring.core.models import OutgoingEmail  # noqa: E402
from mentoring.core.outbox import outbox_flush  # noqa: E402
from mentoring.people.imports import people_import  # noqa: E402
from mentoring.people.imports import read_rows  # noqa: E402
from mentoring.people.models import Enrollment  # noqa: E402
from mentoring.people.models import Interest  # noqa: E402
from mentoring.people.models import Program  # noqa: E402
from mentoring.people.models import User  # noqa: E402

TARGET_SECONDS = 60.0
HEADER = (
    "email,first_name,last_name,role,date_of_birth,languages,formats,area,availability,"
    "interests,capacity,guardian_name,guardian_email"
)


def csv_text(rows: int) -> str:
    career = list(Interest.objects.in_category("career").values_list("name", flat=True)[:12])
    personal = list(Interest.objects.in_category("personal").values_list("name", flat=True)[:6])
    lines = [HEADER]
    this_year = date.today().year
    for n in range(rows):
        interests = f"{career[n % len(career)]};{personal[n % len(personal)]}"
        if n % 3 == 0:  # a third mentors
            lines.append(
                f"mentor{n}@bench.example,Ana{n},Ruiz,mentor,,en;es,online,Springfield,"
                f"mon-evening;sat-morning,{interests},2,,"
            )
        elif n % 3 == 1:  # adult mentees
            lines.append(
                f"mentee{n}@bench.example,Leo{n},Park,mentee,{this_year - 20}-03-01,en,online,"
                f",mon-evening,{interests},,,"
            )
        else:  # minors: each also gets a guardian consent request
            lines.append(
                f"minor{n}@bench.example,Mia{n},Lee,mentee,{this_year - 15}-03-01,en;es,online,"
                f",sat-morning,{interests},,Pat Lee,guardian{n}@bench.example"
            )
    return "\n".join(lines) + "\n"


def main() -> int:
    logging.disable(logging.INFO)  # one line per sent email would drown the figures
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)
    program = Program.objects.create(name="Bench", slug="bench", max_mentees_per_mentor=3)
    text = csv_text(rows)

    started = time.perf_counter()
    unusable = make_password(None)
    User.objects.bulk_create(
        User(email=f"baseline{n}@bench.example", password=unusable) for n in range(rows)
    )
    baseline = time.perf_counter() - started
    User.objects.filter(email__startswith="baseline").delete()

    started = time.perf_counter()
    # As in production, the import only queues the emails (here: for the scan, as with a broker
    # that is down); a worker sends them. Sending them all is timed on its own below.
    breaker.trip()
    report = people_import(program=program, rows=read_rows(text))
    elapsed = time.perf_counter() - started

    breaker.reset()
    started = time.perf_counter()
    sent = 0
    for _batch in range(rows):  # the scan hands over 1,000 at a time
        due = outbox_flush()
        sent += due
        if not due:
            break
    sending = time.perf_counter() - started

    started = time.perf_counter()
    again = people_import(program=program, rows=read_rows(text))
    reimport = time.perf_counter() - started

    created = report.counts["create"]
    assert created == rows, report.counts
    assert again.counts["unchanged"] == rows, again.counts
    assert Enrollment.objects.filter(program=program).count() == rows
    emails = OutgoingEmail.objects.count()
    verdict = "PASS" if elapsed < TARGET_SECONDS else "FAIL"
    print(f"baseline: bulk_create of {rows:,} users          {baseline:6.2f} s")
    print(
        f"import: {rows:,} rows, {emails:,} emails queued  {elapsed:6.2f} s = "
        f"{rows / elapsed:,.0f} rows/s = {elapsed / baseline:,.0f} x baseline  "
        f"(target < {TARGET_SECONDS:.0f} s) {verdict}"
    )
    print(f"sending them afterwards (outbox scan, {sent} sent)   {sending:6.2f} s")
    print(f"re-import of the same file (all unchanged)   {reimport:6.2f} s")
    DB.unlink(missing_ok=True)
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
