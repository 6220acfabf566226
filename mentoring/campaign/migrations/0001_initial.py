"""The campaign's models, moved here from the people app (label "mentoring"); tables kept."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from mentoring.core.model_moves import content_types_move


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("mentoring", "0007_observance_spanish"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay where they are (db_table is kept): only Django's picture of the
        # models changes, so no row is copied, rewritten or lost.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ObservanceDay",
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
                        ("year", models.PositiveSmallIntegerField(verbose_name="campaign year")),
                        ("date", models.DateField(verbose_name="date")),
                        ("name", models.CharField(max_length=120, verbose_name="name")),
                        ("slug", models.SlugField(max_length=120, verbose_name="slug")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        (
                            "audience",
                            models.CharField(
                                choices=[
                                    ("mentees", "Mentees"),
                                    ("mentors", "Mentors"),
                                    ("everyone", "Everyone"),
                                ],
                                default="everyone",
                                max_length=10,
                                verbose_name="who gets the prompt",
                            ),
                        ),
                        (
                            "prompt_subject",
                            models.CharField(
                                blank=True,
                                help_text="Empty: no email is sent.",
                                max_length=200,
                                verbose_name="prompt subject",
                            ),
                        ),
                        ("prompt_text", models.TextField(blank=True, verbose_name="prompt text")),
                        (
                            "name_es",
                            models.CharField(
                                blank=True, max_length=120, verbose_name="name (Spanish)"
                            ),
                        ),
                        (
                            "description_es",
                            models.TextField(blank=True, verbose_name="description (Spanish)"),
                        ),
                        (
                            "prompt_subject_es",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="prompt subject (Spanish)"
                            ),
                        ),
                        (
                            "prompt_text_es",
                            models.TextField(blank=True, verbose_name="prompt text (Spanish)"),
                        ),
                        (
                            "is_example",
                            models.BooleanField(
                                default=False,
                                help_text="Entered by the demo data.",
                                verbose_name="demo example",
                            ),
                        ),
                        ("is_active", models.BooleanField(default=True, verbose_name="active")),
                    ],
                    options={
                        "verbose_name": "observance day",
                        "verbose_name_plural": "observance days",
                        "db_table": "mentoring_observanceday",
                        "ordering": ["date", "pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("year", "slug"), name="observance_unique_slug_per_year"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ThankYouNote",
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
                        ("body", models.TextField(max_length=2000, verbose_name="note")),
                        (
                            "visibility",
                            models.CharField(
                                choices=[
                                    ("private", "Private: only the mentor sees it"),
                                    ("public", "Public: may appear on the stories wall"),
                                ],
                                default="private",
                                max_length=10,
                                verbose_name="visibility",
                            ),
                        ),
                        (
                            "author_consents_public",
                            models.BooleanField(
                                default=False, verbose_name="author agrees to publish"
                            ),
                        ),
                        (
                            "mentor_consents_public",
                            models.BooleanField(
                                default=False, verbose_name="mentor agrees to publish"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Pending"),
                                    ("approved", "Approved"),
                                    ("rejected", "Rejected"),
                                ],
                                default="pending",
                                max_length=10,
                                verbose_name="moderation",
                            ),
                        ),
                        (
                            "moderated_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="moderated at"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="written at"),
                        ),
                        (
                            "author",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="thank_you_notes_written",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="author",
                            ),
                        ),
                        (
                            "mentor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="thank_you_notes_received",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="mentor",
                            ),
                        ),
                        (
                            "moderated_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="moderated by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "thank-you note",
                        "verbose_name_plural": "thank-you notes",
                        "db_table": "mentoring_thankyounote",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Nomination",
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
                            "story",
                            models.TextField(max_length=2000, verbose_name="why this mentor"),
                        ),
                        (
                            "month",
                            models.DateField(
                                help_text="The first day of the month.", verbose_name="month"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("submitted", "Submitted"),
                                    ("featured", "Featured"),
                                    ("rejected", "Rejected"),
                                ],
                                default="submitted",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "featured_title",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="story title"
                            ),
                        ),
                        (
                            "featured_body",
                            models.TextField(
                                blank=True,
                                help_text="Interview-style story shown on the page.",
                                verbose_name="interview",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="nominated at"),
                        ),
                        (
                            "mentor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="nominations_received",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="mentor",
                            ),
                        ),
                        (
                            "moderated_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="reviewed by",
                            ),
                        ),
                        (
                            "nominator",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="nominations_made",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="nominated by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "nomination",
                        "verbose_name_plural": "nominations",
                        "db_table": "mentoring_nomination",
                        "ordering": ["-month", "-created_at"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("status", "featured")),
                                fields=("month",),
                                name="nomination_one_featured_per_month",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ObservancePromptSent",
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
                            "sent_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="sent at"),
                        ),
                        (
                            "observance",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="prompts_sent",
                                to="campaign.observanceday",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "observance prompt sent",
                        "verbose_name_plural": "observance prompts sent",
                        "db_table": "mentoring_observancepromptsent",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("observance", "user"),
                                name="observance_prompt_once_per_person",
                            )
                        ],
                    },
                ),
            ],
        ),
        content_types_move(
            "mentoring",
            "campaign",
            ["observanceday", "observancepromptsent", "thankyounote", "nomination"],
        ),
    ]
