# Full-text search: a stored, weighted search vector for articles. On PostgreSQL also the
# pg_trgm extension, a GIN index on the vector and a GIN trigram index on the title (the typo
# fallback), and the vectors of existing articles; on SQLite only the (unused) column.

import django.contrib.postgres.search
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from portal.postgres import PostgresOnly


def fill_search_vectors(apps, schema_editor):
    from portal.search.upkeep import refresh_stored_vectors

    Article = apps.get_model("news", "Article")
    refresh_stored_vectors(Article.objects.using(schema_editor.connection.alias).all())


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True, verbose_name='search index'),
        ),
        # Keep the vector inline (compressed) and let the body go to TOAST instead: matching
        # and ranking read the vector of every candidate row, and an out-of-line value costs
        # a TOAST lookup each time (measured: 5x slower scans at 20,000 articles).
        PostgresOnly(
            migrations.RunSQL(
                'ALTER TABLE "news_article" ALTER COLUMN "search_vector" SET STORAGE MAIN',
                'ALTER TABLE "news_article" ALTER COLUMN "search_vector" SET STORAGE EXTENDED',
            )
        ),
        PostgresOnly(TrigramExtension()),
        PostgresOnly(
            migrations.AddIndex(
                model_name='article',
                index=GinIndex(fields=['search_vector'], name='news_article_search_idx'),
            )
        ),
        PostgresOnly(
            migrations.AddIndex(
                model_name='article',
                index=GinIndex(
                    fields=['title'], opclasses=['gin_trgm_ops'], name='news_article_title_trgm_idx'
                ),
            )
        ),
        migrations.RunPython(fill_search_vectors, migrations.RunPython.noop, elidable=True),
    ]
