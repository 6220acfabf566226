"""A closure reason set only by account deletion (promise 3): the other side is told and freed."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("relationships", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="closure",
            name="reason",
            field=models.CharField(
                choices=[
                    ("completed", "Program completed"),
                    ("not_a_fit", "Not a good fit"),
                    ("unresponsive", "One side stopped responding"),
                    ("moved", "Moved or schedule changed"),
                    ("safety", "Safety or conduct concern"),
                    ("account_deleted", "Account deleted"),
                    ("other", "Other"),
                ],
                max_length=20,
                verbose_name="reason",
            ),
        ),
    ]
