"""`manage.py run_queued_jobs`: the matching runs and bulk decisions still queued, run here.

The beat scan (`matching.tasks.matching_runs_scan`) hands them back to the broker; this command
is for a site without one (cron) or for a coordinator's run stuck behind a broker outage.
"""

from typing import Any

from django.core.management.base import BaseCommand

from matching import bulk
from matching import runs
from matching.models import BulkDecision
from matching.models import MatchRun


class Command(BaseCommand):
    help = "Run every queued matching run and bulk decision in this process."

    def handle(self, *args: Any, **options: Any) -> None:
        queued_runs = MatchRun.objects.filter(status=MatchRun.Status.QUEUED)
        done = [runs.matching_run_job(run_id=pk) for pk in queued_runs.values_list("pk", flat=True)]
        queued = BulkDecision.objects.filter(status=BulkDecision.Status.QUEUED)
        decided = [
            bulk.bulk_decision_job(decision_id=pk) for pk in queued.values_list("pk", flat=True)
        ]
        ran = sum(run is not None for run in done)
        bulked = sum(decision is not None for decision in decided)
        self.stdout.write(f"{ran} matching run(s) and {bulked} bulk decision(s) run here.")
