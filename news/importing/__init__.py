"""Importing an existing news archive: an RSS 2.0 or Atom feed, or a WordPress export (WXR).

``read_source`` (``fetching``) fetches the document — a local file, or an http(s) URL through
``Fetcher``, which reaches public addresses only — and ``parse_source`` (``parsing``) turns it
into ``FeedItem`` objects; ``import_item`` (``writing``) writes one item as an article in its
own transaction, so an item either arrives whole — text, rubric, tags, lead image — or not at
all.

Safety: the document is parsed by defusedxml first, which refuses any entity declaration, so
XML bombs and external entities never expand (feedparser then reads the checked bytes, never
the network). Every HTML fragment goes through ``portal.sanitize.sanitize_html``; every image
through ``portal.images`` validation before it is stored; only http and https are fetched.
Only a few encodings are read (``parsing.ALLOWED_ENCODINGS``), and a document and each of its
items have a size limit (``IMPORT_SOURCE_MAX_BYTES``, ``IMPORT_ITEM_MAX_BYTES``).

Idempotency: an article remembers the item it came from (``import_guid``: the item's GUID
or, without one, its link; ``source_url``: its link). Importing the same item again finds
that article and skips it (or, with ``update``, refreshes its text) instead of creating a copy.

Old links: the path (and query) of every imported item's link on the old site redirects to
its article here (``portal.redirects.services.keep_old_address``), so a link to
``https://old-site.example/news/2019/park.html`` followed to this site's
``/news/2019/park.html`` gets a 301 to the article.
"""

from news.importing.fetching import FETCH_TIMEOUT, Fetcher, FetchError, read_source
from news.importing.items import Feed, FeedItem, ImportSourceError, ItemError
from news.importing.parsing import parse_source
from news.importing.writing import ImportOptions, Outcome, import_item

__all__ = [
    "FETCH_TIMEOUT",
    "Feed",
    "FeedItem",
    "FetchError",
    "Fetcher",
    "ImportOptions",
    "ImportSourceError",
    "ItemError",
    "Outcome",
    "import_item",
    "parse_source",
    "read_source",
]
