"""`manage.py send_meeting_reminders`: the beat job's meeting reminders, in this process."""

from typing import Any

from django.core.management.base import BaseCommand

from matching.relationships.services import meetings


class Command(BaseCommand):
    help = "Queue the day-before reminder of each agreed meeting (each meeting once)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{meetings.meeting_reminders_send()} reminder email(s) queued.")
