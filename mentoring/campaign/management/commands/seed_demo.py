"""`python manage.py seed_demo [--seed N]`: demo data, deterministic for a seed, idempotent."""

import random
from typing import Any

from django.core.management.base import BaseCommand
from django.core.management.base import CommandParser
from django.db import transaction
from django.utils.module_loading import import_string

# Each app contributes one seeder, run in this order (later ones build on earlier ones).
# A seeder takes a random.Random and returns the lines it wants printed.
SEEDERS = (
    "mentoring.people.demo.seed_people",
    "events.demo.seed_events",
    "matching.demo.seed_matching",
    "matching.relationships.demo.seed_relationships",
    "mentoring.campaign.demo.seed_campaign",
)


class Command(BaseCommand):
    help = "Load demo data: people in every role, programs and whatever the apps add."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2027, help="random seed (default 2027)")

    def handle(self, *args: Any, seed: int, **options: Any) -> None:
        lines: list[str] = []
        for path in SEEDERS:
            seeder = import_string(path)
            with transaction.atomic():
                lines += seeder(random.Random(f"{seed}:{path}"))
        for line in lines:
            self.stdout.write(line)
