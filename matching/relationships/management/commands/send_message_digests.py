"""`manage.py send_message_digests`: the beat job's digests, in this process (cron or by hand)."""

from typing import Any

from django.core.management.base import BaseCommand

from matching.relationships.services import messages


class Command(BaseCommand):
    help = "Queue one email per conversation with unread messages (each message once)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{messages.message_digests_send()} digest email(s) queued.")
