# Keep agreements' and events' search vectors inline (compressed) and let the long texts go to
# TOAST instead, as articles do since news/0002: every search reads the vector of every
# matching row, and an out-of-line value costs a TOAST lookup each time (measured at 1,000
# agreements: ranking all of them 13 ms out of line, 7 ms inline). Existing vectors are
# recomputed so that they are stored the new way.
from django.db import migrations

from portal.postgres import PostgresOnly


def refill_search_vectors(apps, schema_editor):
    from portal.search.upkeep import refresh_stored_vectors

    for name in ("Agreement", "Event"):
        model = apps.get_model("partnerships", name)
        refresh_stored_vectors(model.objects.using(schema_editor.connection.alias).all())


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0004_signatory_full_name"),
    ]

    operations = [
        PostgresOnly(
            migrations.RunSQL(
                'ALTER TABLE "partnerships_agreement" ALTER COLUMN "search_vector" SET STORAGE MAIN',
                'ALTER TABLE "partnerships_agreement" ALTER COLUMN "search_vector" SET STORAGE EXTENDED',
            )
        ),
        PostgresOnly(
            migrations.RunSQL(
                'ALTER TABLE "partnerships_event" ALTER COLUMN "search_vector" SET STORAGE MAIN',
                'ALTER TABLE "partnerships_event" ALTER COLUMN "search_vector" SET STORAGE EXTENDED',
            )
        ),
        migrations.RunPython(refill_search_vectors, migrations.RunPython.noop, elidable=True),
    ]
