"""`manage.py send_due_reminders`: the beat scan, run in this process (for cron or by hand)."""

from typing import Any

from django.core.management.base import BaseCommand

from events.services import hosting, reminders


class Command(BaseCommand):
    help = "Send every reminder that is due now, each exactly once, and the hosts' own emails."

    def handle(self, *args: Any, **options: Any) -> None:
        ids = reminders.reminders_due(limit=100_000)
        sent = sum(reminders.reminder_send(reminder_id=i) for i in ids)
        host_emails = hosting.host_emails_due()
        hosts = sum(hosting.host_email_send(event_id=e, kind=k) for e, k in host_emails)
        self.stdout.write(
            f"{sent} reminder(s) sent, {len(ids)} due; {hosts} host email(s) sent, "
            f"{len(host_emails)} due."
        )
