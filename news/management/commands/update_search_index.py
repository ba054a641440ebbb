from django.core.management.base import BaseCommand
from django.db import connection

from news.models import Article


class Command(BaseCommand):
    help = (
        "Recompute the full-text search vectors of all articles (PostgreSQL). Saving an article "
        "keeps its vector current; run this after writing articles in bulk (bulk_create, "
        "imports, raw SQL)."
    )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Not PostgreSQL: the plain search needs no index.")
            return
        count = Article.objects.all().update_search_vectors()
        self.stdout.write(self.style.SUCCESS(f"Search vectors recomputed for {count} articles."))
