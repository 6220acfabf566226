"""A relationship's models, moved here from the matching app; tables kept."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from mentoring.core.model_moves import content_types_move


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("matching", "0005_relationship_markers"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay where they are (db_table is kept): only Django's picture of the
        # models changes, so no row is copied, rewritten or lost.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Closure",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("at", models.DateTimeField(auto_now_add=True, verbose_name="closed")),
                        (
                            "kind",
                            models.CharField(
                                choices=[("planned", "Planned (program end)"), ("early", "Early")],
                                max_length=10,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "reason",
                            models.CharField(
                                choices=[
                                    ("completed", "Program completed"),
                                    ("not_a_fit", "Not a good fit"),
                                    ("unresponsive", "One side stopped responding"),
                                    ("moved", "Moved or schedule changed"),
                                    ("safety", "Safety or conduct concern"),
                                    ("other", "Other"),
                                ],
                                max_length=20,
                                verbose_name="reason",
                            ),
                        ),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        (
                            "exit_survey",
                            models.JSONField(
                                blank=True, default=dict, verbose_name="exit survey answers"
                            ),
                        ),
                        (
                            "rematch_eligible",
                            models.BooleanField(
                                default=False, verbose_name="mentee eligible for a rematch"
                            ),
                        ),
                        (
                            "by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="closed by",
                            ),
                        ),
                        (
                            "match",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="closure",
                                to="matching.match",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "closure",
                        "verbose_name_plural": "closures",
                        "db_table": "matching_closure",
                        "ordering": ["-at"],
                    },
                ),
                migrations.CreateModel(
                    name="MatchAgreement",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "meet_how_often",
                            models.CharField(max_length=100, verbose_name="how often we meet"),
                        ),
                        ("how", models.CharField(max_length=200, verbose_name="how we meet")),
                        ("until", models.DateField(verbose_name="until")),
                        (
                            "mentee_accepted_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="mentee accepted"
                            ),
                        ),
                        (
                            "mentor_accepted_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="mentor accepted"
                            ),
                        ),
                        (
                            "match",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="agreement",
                                to="matching.match",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "match agreement",
                        "verbose_name_plural": "match agreements",
                        "db_table": "matching_matchagreement",
                    },
                ),
                migrations.CreateModel(
                    name="CheckIn",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "side",
                            models.CharField(
                                choices=[("mentee", "Mentee"), ("mentor", "Mentor")],
                                max_length=10,
                                verbose_name="side",
                            ),
                        ),
                        ("due_on", models.DateField(verbose_name="due")),
                        (
                            "sent_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="sent"),
                        ),
                        (
                            "submitted_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="submitted"),
                        ),
                        ("met", models.BooleanField(blank=True, null=True, verbose_name="we met")),
                        (
                            "rating",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="how it is going (1–5)"
                            ),
                        ),
                        (
                            "progress",
                            models.TextField(
                                blank=True, verbose_name="progress on the mentee's goals"
                            ),
                        ),
                        (
                            "concern",
                            models.BooleanField(default=False, verbose_name="I have a concern"),
                        ),
                        (
                            "note_for_coordinator",
                            models.TextField(
                                blank=True, verbose_name="anything a coordinator should know"
                            ),
                        ),
                        (
                            "good_fit",
                            models.BooleanField(
                                blank=True, null=True, verbose_name="is this a good fit?"
                            ),
                        ),
                        (
                            "concern_alerted_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="coordinators alerted"
                            ),
                        ),
                        (
                            "match",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="checkins",
                                to="matching.match",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "check-in",
                        "verbose_name_plural": "check-ins",
                        "db_table": "matching_checkin",
                        "ordering": ["-due_on", "pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("match", "side", "due_on"), name="one_checkin_per_due"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("rating__isnull", True),
                                    ("rating__range", (1, 5)),
                                    _connector="OR",
                                ),
                                name="checkin_rating_1_to_5",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="QuietNotice",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "side",
                            models.CharField(
                                choices=[("mentee", "Mentee"), ("mentor", "Mentor")],
                                max_length=10,
                                verbose_name="side",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("nudge", "Nudge (21 days)"),
                                    ("alert", "Coordinator alert (35 days)"),
                                ],
                                max_length=10,
                                verbose_name="kind",
                            ),
                        ),
                        ("quiet_since", models.DateTimeField(verbose_name="quiet since")),
                        (
                            "sent_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="sent"),
                        ),
                        (
                            "match",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="quiet_notices",
                                to="matching.match",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "quiet notice",
                        "verbose_name_plural": "quiet notices",
                        "db_table": "matching_quietnotice",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("match", "side", "kind", "quiet_since"),
                                name="one_notice_per_spell",
                            )
                        ],
                    },
                ),
            ],
        ),
        content_types_move(
            "matching", "relationships", ["matchagreement", "checkin", "quietnotice", "closure"]
        ),
    ]
