"""The admin's search box through the site search's index, not ``icontains`` over every text.

``IndexedAdminSearchMixin`` on the ``ModelAdmin`` of a model that has a search provider
(``portal.search.providers``) matches what the editor typed as the site search does, drafts
included (the index covers every object, public or not):

* PostgreSQL: the provider's stored vector (GIN index) against the same query as the public
  search (``websearch_to_tsquery`` with the ``russian`` configuration, stems as prefixes), so
  «побратимских» finds «побратимы» in the text, and a word of the title finds the title;
* SQLite (the embedded default): the FTS5 table of Snowball stems (``sqlite_index``);
* a provider without a stored vector on PostgreSQL, or another database: Django's own search
  over ``search_fields``.

The list keeps its order (newest first, or the column the editor sorts by): ranking every
match of a word found in most articles would read all of them, and the list's sort arrows
stay true. A word longer than any real one finds nothing, as on the site.
"""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db import connections
from django.db.models import QuerySet
from django.http import HttpRequest

from portal.search import sqlite_index
from portal.search.providers import provider_for
from portal.search.query import SearchTerms

if TYPE_CHECKING:
    _MixedInto = admin.ModelAdmin[Any]
else:
    _MixedInto = object


class IndexedAdminSearchMixin(_MixedInto):
    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        provider = provider_for(self.model)
        vendor = connections[queryset.db].vendor
        indexed = provider is not None and (
            vendor == "sqlite" or (vendor == "postgresql" and bool(provider.vector_field))
        )
        if provider is None or not indexed or not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        terms = SearchTerms.parse(search_term)
        if not terms or terms.too_long:
            return queryset.none(), False
        if vendor == "postgresql" and provider.vector_field:
            return queryset.filter(**{provider.vector_field: provider.query(terms)}), False
        return queryset.filter(pk__in=sqlite_index.matching_ids(provider.kind, terms.words)), False
