"""`python manage.py run_matching <program-slug> [--mode exact|fast] [--dry-run] [--json]`."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.core.management.base import CommandParser

from matching import engine
from matching.services import matching_run
from mentoring.people.models import Program


class Command(BaseCommand):
    help = "Propose matches for a program and print the run summary as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("program", help="the program's slug")
        parser.add_argument("--mode", choices=engine.MODES, default="exact")
        parser.add_argument("--dry-run", action="store_true", help="compute, but store nothing")
        parser.add_argument(
            "--json", action="store_true", help="also print the proposals and unmatched reasons"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        program = Program.objects.filter(slug=options["program"]).first()
        if program is None:
            known = ", ".join(Program.objects.values_list("slug", flat=True)[:10]) or "none"
            raise CommandError(f"No program with slug {options['program']!r} (known: {known}).")
        try:
            run = matching_run(
                program=program, by=None, mode=options["mode"], dry_run=options["dry_run"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        summary: dict[str, Any] = {
            "program": program.slug,
            "run": run.pk,
            "mode": run.mode,
            "dry_run": run.dry_run,
            "weights": run.weights,
            "proposed": run.proposed_count,
            "unmatched": run.unmatched_count,
            "mean_score": run.mean_score,
            "min_score": run.min_score,
            "duration_ms": run.duration_ms,
        }
        if options["json"]:
            summary["proposals"] = [
                {
                    "mentee": p.mentee_id,
                    "mentor": p.mentor_id,
                    "score": round(float(p.score), 6),
                    "parts": {c: round(float(v), 6) for c, v in p.parts.items()},
                    "shared": {c: list(v) for c, v in p.shared.items()},
                }
                for p in run.new_pairs  # type: ignore[attr-defined]
            ]
            summary["unmatched_reasons"] = run.unmatched
        self.stdout.write(json.dumps(summary, indent=2 if options["json"] else None))
