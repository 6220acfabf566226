"""The guide's questions and answers, moved here from the people app (label "mentoring"); tables kept."""

import django.db.models.deletion
from django.db import migrations, models

from mentoring.core.model_moves import content_types_move


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("mentoring", "0007_observance_spanish"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # The tables stay where they are (db_table is kept): only Django's picture of the
        # models changes, so no row is copied, rewritten or lost.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="GuideQuestion",
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
                            "order",
                            models.PositiveSmallIntegerField(default=0, verbose_name="order"),
                        ),
                        ("text", models.CharField(max_length=300, verbose_name="question")),
                        ("is_active", models.BooleanField(default=True, verbose_name="shown")),
                    ],
                    options={
                        "verbose_name": "guide question",
                        "verbose_name_plural": "guide questions",
                        "db_table": "mentoring_guidequestion",
                        "ordering": ["order", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="GuideAnswer",
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
                            "order",
                            models.PositiveSmallIntegerField(default=0, verbose_name="order"),
                        ),
                        ("text", models.CharField(max_length=300, verbose_name="answer")),
                        (
                            "points_to",
                            models.CharField(
                                choices=[
                                    ("mentor", "A mentor"),
                                    ("coach", "A coach"),
                                    ("therapist", "A therapist or counselor"),
                                    ("professional_help", "Professional help now"),
                                ],
                                max_length=20,
                                verbose_name="points to",
                            ),
                        ),
                        (
                            "is_distress",
                            models.BooleanField(
                                default=False,
                                help_text="Choosing it shows crisis and professional-help options first.",
                                verbose_name="signals distress",
                            ),
                        ),
                        (
                            "question",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="answers",
                                to="community.guidequestion",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "guide answer",
                        "verbose_name_plural": "guide answers",
                        "db_table": "mentoring_guideanswer",
                        "ordering": ["order", "pk"],
                    },
                ),
            ],
        ),
        content_types_move("mentoring", "community", ["guidequestion", "guideanswer"]),
    ]
