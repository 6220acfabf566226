"""`manage.py send_due_reminders`: the beat scan, run in this process (for cron or by hand)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from events.services import hosting
from events.services import reminders
from mentoring.core import outbox
from mentoring.core.models import OutgoingEmail


class Command(BaseCommand):
    help = "Queue every reminder that is due now, and the hosts' own emails, then send them."

    def handle(self, *args: Any, **options: Any) -> None:
        ids = reminders.reminders_due()
        batches = reminders.reminder_batches(ids)
        queued = sum(len(reminders.reminders_queue_batch(reminder_ids=b)) for b in batches)
        host_emails = hosting.host_emails_due()
        hosts = sum(hosting.host_email_send(event_id=e, kind=k) for e, k in host_emails)
        # Each queued email was handed to the broker at its commit; whatever it could not take
        # (a broker that is down) is sent here, in this process, exactly as `send_outbox` would.
        due = OutgoingEmail.objects.due(timezone.now()).filter(kind__startswith="events.")
        sent = sum(outbox.outbox_send(email_id=i) for i in due.values_list("id", flat=True))
        self.stdout.write(
            f"{queued} reminder(s) queued, {len(ids)} due; {hosts} host email(s) queued, "
            f"{len(host_emails)} due; {sent} event email(s) sent here."
        )
