"""Campaign and guide models leave for their own apps; ProgramCoordinator (a program concept)
arrives from matching. State only: every table stays."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from mentoring.core.model_moves import content_types_move


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0007_observance_spanish"),
        ("matching", "0005_relationship_markers"),
        ("campaign", "0001_initial"),
        ("community", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # The tables stay where they are (db_table is kept): only Django's picture of the
        # models changes, so no row is copied, rewritten or lost.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="nomination",
                    name="mentor",
                ),
                migrations.RemoveField(
                    model_name="nomination",
                    name="moderated_by",
                ),
                migrations.RemoveField(
                    model_name="nomination",
                    name="nominator",
                ),
                migrations.RemoveField(
                    model_name="observancepromptsent",
                    name="observance",
                ),
                migrations.RemoveField(
                    model_name="observancepromptsent",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="thankyounote",
                    name="author",
                ),
                migrations.RemoveField(
                    model_name="thankyounote",
                    name="mentor",
                ),
                migrations.RemoveField(
                    model_name="thankyounote",
                    name="moderated_by",
                ),
                migrations.CreateModel(
                    name="ProgramCoordinator",
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
                            "program",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="coordinators",
                                to="mentoring.program",
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
                        "verbose_name": "program coordinator",
                        "verbose_name_plural": "program coordinators",
                        "db_table": "matching_programcoordinator",
                    },
                ),
                migrations.DeleteModel(
                    name="GuideAnswer",
                ),
                migrations.DeleteModel(
                    name="GuideQuestion",
                ),
                migrations.DeleteModel(
                    name="Nomination",
                ),
                migrations.DeleteModel(
                    name="ObservanceDay",
                ),
                migrations.DeleteModel(
                    name="ObservancePromptSent",
                ),
                migrations.DeleteModel(
                    name="ThankYouNote",
                ),
                migrations.AddConstraint(
                    model_name="programcoordinator",
                    constraint=models.UniqueConstraint(
                        fields=("program", "user"), name="one_coordinator_row"
                    ),
                ),
            ],
        ),
        content_types_move("matching", "mentoring", ["programcoordinator"]),
    ]
