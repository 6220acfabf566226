"""Matching runs and bulk decisions become background jobs with a status.

Runs made before this were synchronous and are all finished: they become "done", so the
one-run-at-a-time constraint holds for existing rows.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0006_move_models_between_apps"),
        ("mentoring", "0011_profile_share_contact"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="BulkDecision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("approve", "Approve"), ("reject", "Reject")],
                        max_length=10,
                        verbose_name="decision",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Queued"),
                            ("running", "Running"),
                            ("done", "Done"),
                            ("failed", "Failed"),
                        ],
                        default="queued",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("reason", models.TextField(blank=True, verbose_name="reason")),
                ("match_ids", models.JSONField(default=list, verbose_name="matches")),
                ("done_count", models.PositiveIntegerField(default=0, verbose_name="done")),
                ("refused", models.JSONField(blank=True, default=list, verbose_name="refused")),
                ("error", models.TextField(blank=True, verbose_name="why it failed")),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("updated", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "bulk decision",
                "verbose_name_plural": "bulk decisions",
                "ordering": ["-created", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="matchrun",
            name="error",
            field=models.TextField(blank=True, verbose_name="why it failed"),
        ),
        migrations.AddField(
            model_name="matchrun",
            name="mentee_count",
            field=models.PositiveIntegerField(default=0, verbose_name="mentees"),
        ),
        migrations.AddField(
            model_name="matchrun",
            name="mentor_count",
            field=models.PositiveIntegerField(default=0, verbose_name="mentors"),
        ),
        migrations.AddField(
            model_name="matchrun",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Queued"),
                    ("loading", "Loading people"),
                    ("scoring", "Scoring pairs"),
                    ("solving", "Solving the assignment"),
                    ("storing", "Storing proposals"),
                    ("done", "Done"),
                    ("failed", "Failed"),
                ],
                default="done",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="matchrun",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Queued"),
                    ("loading", "Loading people"),
                    ("scoring", "Scoring pairs"),
                    ("solving", "Solving the assignment"),
                    ("storing", "Storing proposals"),
                    ("done", "Done"),
                    ("failed", "Failed"),
                ],
                default="queued",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="matchrun",
            name="updated",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
        migrations.AddConstraint(
            model_name="matchrun",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("status__in", ["queued", "loading", "scoring", "solving", "storing"])
                ),
                fields=("program",),
                name="one_active_run_per_program",
            ),
        ),
        migrations.AddField(
            model_name="bulkdecision",
            name="by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="by",
            ),
        ),
    ]
