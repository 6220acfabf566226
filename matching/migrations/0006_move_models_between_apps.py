"""The relationship models leave for the relationships app, ProgramCoordinator for people.
State only: every table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0005_relationship_markers"),
        ("relationships", "0001_initial"),
        ("mentoring", "0008_move_models_between_apps"),
    ]

    operations = [
        # The tables stay where they are (db_table is kept): only Django's picture of the
        # models changes, so no row is copied, rewritten or lost.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="closure",
                    name="by",
                ),
                migrations.RemoveField(
                    model_name="closure",
                    name="match",
                ),
                migrations.RemoveField(
                    model_name="matchagreement",
                    name="match",
                ),
                migrations.RemoveField(
                    model_name="programcoordinator",
                    name="program",
                ),
                migrations.RemoveField(
                    model_name="programcoordinator",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="quietnotice",
                    name="match",
                ),
                migrations.DeleteModel(
                    name="CheckIn",
                ),
                migrations.DeleteModel(
                    name="Closure",
                ),
                migrations.DeleteModel(
                    name="MatchAgreement",
                ),
                migrations.DeleteModel(
                    name="ProgramCoordinator",
                ),
                migrations.DeleteModel(
                    name="QuietNotice",
                ),
            ],
        ),
    ]
