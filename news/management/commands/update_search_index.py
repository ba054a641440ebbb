from django.core.management.base import BaseCommand

from portal.search import registry
from portal.search.providers import ModelSearchProvider
from portal.search.upkeep import refresh_search_index


class Command(BaseCommand):
    help = (
        "Index every searched object again: PostgreSQL's stored vectors, SQLite's FTS5 index. "
        "Saving an object keeps its entry current; run this after writing in bulk (bulk_create, "
        "imports, raw SQL)."
    )

    def handle(self, *args, **options):
        for provider in registry.providers():
            if isinstance(provider, ModelSearchProvider):
                model = provider.get_queryset().model
                count = refresh_search_index(model._default_manager.all(), provider)
                self.stdout.write(
                    self.style.SUCCESS(f"{provider.kind}: {count} objects indexed again.")
                )
