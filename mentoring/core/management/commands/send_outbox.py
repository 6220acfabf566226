"""`manage.py send_outbox`: the outbox scan, sent in this process (for cron or by hand)."""

from typing import Any

from django.core.management.base import BaseCommand

from mentoring.core import outbox


class Command(BaseCommand):
    help = "Send every queued email that is due now, each exactly once."

    def handle(self, *args: Any, **options: Any) -> None:
        ids = outbox.outbox_due(limit=100_000)
        sent = sum(outbox.outbox_send(email_id=i) for i in ids)
        self.stdout.write(f"{sent} email(s) sent, {len(ids)} due, {len(ids) - sent} not sent.")
