import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="OpenDataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("dataset", models.CharField(help_text="The set's short name, e.g. «agreements».", max_length=50, verbose_name="data set")),
                ("stamp", models.CharField(help_text="The date of the version in the file name, YYYYMMDD (with the time, THHMM, for a second version on the same day).", max_length=20, verbose_name="version")),
                ("structure", models.CharField(help_text="The date of its structure file.", max_length=20, verbose_name="structure version")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="published")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256 of the file")),
                ("rows", models.PositiveIntegerField(verbose_name="rows")),
                ("content", models.BinaryField(verbose_name="file")),
            ],
            options={
                "verbose_name": "open data version",
                "verbose_name_plural": "open data versions",
                "ordering": ["-created_at", "-id"],
                "get_latest_by": "created_at",
                "indexes": [models.Index(fields=["dataset", "-created_at"], name="opendata_version_latest_idx")],
                "constraints": [models.UniqueConstraint(fields=("dataset", "stamp"), name="opendata_version_unique_stamp")],
            },
        ),
    ]
