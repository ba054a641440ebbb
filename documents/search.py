"""How the site search, and the search box of /documents/, find documents (registered in
hooks.py). Documents are few (thousands), so PostgreSQL computes their vector at query time;
SQLite keeps them in the FTS5 index like everything else (portal.search.upkeep)."""

from django.db import connections
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from documents.models import Document
from portal.search import FULLTEXT, PLAIN, STEMMED, ModelSearchProvider
from portal.search.query import SearchTerms

# Above any full-text rank: the document whose number the reader typed.
EXACT_NUMBER = 1000.0


class DocumentSearchProvider(ModelSearchProvider):
    kind = "documents"
    label = _("Documents")
    item_label = _("Document")
    fields = (("title", "A"), ("number", "A"), ("text", "C"))
    rich_text_fields = frozenset({"text"})
    snippet_fields = ("title", "text")

    def get_queryset(self):
        return Document.objects.public().select_related("issuing_body")

    def exact_matches(self, text):
        return [(Q(number__iexact=text.strip()), EXACT_NUMBER)]

    def date_of(self):
        return F("adopted_on")

    def filter_dates(self, queryset, date_from, date_to):
        if date_from:
            queryset = queryset.filter(adopted_on__gte=date_from)
        if date_to:
            queryset = queryset.filter(adopted_on__lte=date_to)
        return queryset

    def describe(self, document):
        return {
            "date": document.adopted_on,
            "date_text": date_format(document.adopted_on, "j E Y"),
            "date_iso": document.adopted_on.isoformat(),
            "meta": document.designation,
        }


provider = DocumentSearchProvider()


def matching(queryset, terms: SearchTerms, using: str = "default"):
    """``queryset`` narrowed to the documents matching ``terms``, as the site search matches
    them (full text on PostgreSQL, the stemmed index on SQLite); a number typed exactly
    always matches."""
    if not terms or terms.too_long:
        return queryset.none()
    vendor = connections[using].vendor
    mode = {"postgresql": FULLTEXT, "sqlite": STEMMED}.get(vendor, PLAIN)
    found = provider.matches(terms, mode=mode).values("hit_id")
    return queryset.filter(Q(pk__in=found) | Q(number__iexact=terms.text.strip()))
