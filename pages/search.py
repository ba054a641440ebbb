"""How the site search finds pages (registered in pages/hooks.py).

Pages are few (tens), so, as for partners, their PostgreSQL vector is computed at query time
and no stored vector is kept; on SQLite they are in the FTS5 index like everything else.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pages.models import Page
from portal.search import ModelSearchProvider

EXACT_TITLE = 2000.0


class PageSearchProvider(ModelSearchProvider):
    kind = "pages"
    label = _("Pages")
    item_label = _("Page")
    fields = (("title", "A"), ("lead", "B"), ("body", "C"))
    rich_text_fields = frozenset({"body"})
    snippet_fields = ("lead", "body")
    dated = False

    def get_queryset(self):
        return Page.objects.published()

    def exact_matches(self, text):
        return [(Q(title__iexact=text), EXACT_TITLE)]

    def describe(self, page):
        return {"meta": ""}
