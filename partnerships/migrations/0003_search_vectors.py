# Stored, weighted search vectors for agreements and events, with GIN indexes on PostgreSQL,
# and the vectors of existing rows; on SQLite only the (unused) columns.
import django.contrib.postgres.search
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from portal.postgres import PostgresOnly


def fill_search_vectors(apps, schema_editor):
    from portal.search.upkeep import refresh_stored_vectors

    for name in ("Agreement", "Event"):
        model = apps.get_model("partnerships", name)
        refresh_stored_vectors(model.objects.using(schema_editor.connection.alias).all())


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0002_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="search index"
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="search index"
            ),
        ),
        PostgresOnly(
            migrations.AddIndex(
                model_name="agreement",
                index=GinIndex(fields=["search_vector"], name="partnerships_agr_search_idx"),
            )
        ),
        PostgresOnly(
            migrations.AddIndex(
                model_name="event",
                index=GinIndex(fields=["search_vector"], name="partnerships_evt_search_idx"),
            )
        ),
        migrations.RunPython(fill_search_vectors, migrations.RunPython.noop, elidable=True),
    ]
