"""`manage.py send_due_reminders`: the beat scan, run in this process (for cron or by hand)."""

from typing import Any

from django.core.management.base import BaseCommand

from events import services


class Command(BaseCommand):
    help = "Send every reminder that is due now, each exactly once."

    def handle(self, *args: Any, **options: Any) -> None:
        ids = services.reminders_due(limit=100_000)
        sent = sum(services.reminder_send(reminder_id=i) for i in ids)
        self.stdout.write(f"{sent} reminder(s) sent, {len(ids)} due.")
