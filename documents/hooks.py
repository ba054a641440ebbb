"""What documents contributes to the portal's shared features (see portal/hooks.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from documents.feeds import feed_directory
from documents.models import Document
from documents.search import provider
from portal import hooks
from portal.navigation import Link

hooks.register(hooks.SEARCH_PROVIDERS, provider)
hooks.register(hooks.FEEDS, feed_directory)


@hooks.register(hooks.PAGE_CACHE_SCHEDULE)
def next_document_change():
    """A document appears (``publish_at``) or disappears (``expire_at``) with no save: the
    cached pages expire then."""
    return Document.objects.next_change()


@hooks.register(hooks.MAIN_MENU_ITEMS)
def documents_menu_item():
    yield Link(_("Documents"), reverse("documents:list"), order=50)


@hooks.register(hooks.SITE_MAP_SECTIONS)
def documents_site_map():
    url = reverse("documents:list")
    pages = (
        Link(_("Register of documents"), url),
        Link(_("New documents (RSS)"), reverse("documents:rss")),
    )
    yield Link(_("Documents"), url, order=50, children=pages)
