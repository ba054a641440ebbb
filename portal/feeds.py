"""The base of every feed: full text in RSS (``content:encoded``) and Atom, absolute URLs.

What a feed says is made safe here, once for every feed: descriptions are plain text and
are escaped (readers show RSS ``description`` and Atom ``summary type="html"`` as HTML),
the full text is HTML and is sanitised, and every value loses the characters XML 1.0
forbids (Django's writer fails on them), whatever rows are stored.

Conditional GET comes from Django: the feed view sets Last-Modified from the newest item and
ConditionalGetMiddleware adds the ETag and answers 304.
"""

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils import feedgenerator
from django.utils.html import escape
from django.utils.xmlutils import SimplerXMLGenerator

from portal import hooks
from portal.cache import reads_query
from portal.characters import xml_safe
from portal.sanitize import sanitize_html

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_RELATIVE_URL = re.compile(r'(\s(?:src|href)=")/(?!/)')


class FullTextRssFeedGenerator(feedgenerator.Rss201rev2Feed):
    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS}

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class FullTextAtomFeedGenerator(feedgenerator.Atom1Feed):
    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


@reads_query()
class PortalFeed(Feed):
    """RSS 2.0 feed; subclasses define ``items`` and may define ``item_content``.

    ``description`` and ``item_description`` return plain text, ``item_content`` HTML."""

    feed_type = FullTextRssFeedGenerator
    language = "ru"

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.limit = settings.FEED_ITEMS
        return super().__call__(request, *args, **kwargs)

    def item_content(self, item: Any) -> str:
        return ""

    def item_extra_kwargs(self, item: Any) -> dict[str, Any]:
        return {"content_html": self.item_content(item)}

    def get_feed(self, obj: Any, request: HttpRequest) -> feedgenerator.SyndicationFeed:
        feed = super().get_feed(obj, request)
        base = request.build_absolute_uri("/")[:-1]
        _make_xml_safe(feed.feed)
        if isinstance(feed, FullTextRssFeedGenerator) and feed.feed.get("description"):
            feed.feed["description"] = escape(feed.feed["description"])
        for item in feed.items:
            _make_xml_safe(item)
            if item.get("description"):
                item["description"] = escape(item["description"])
            if item.get("content_html"):
                content = sanitize_html(item["content_html"])
                item["content_html"] = _RELATIVE_URL.sub(rf"\1{base}/", content)
            item["enclosures"] = [
                feedgenerator.Enclosure(
                    request.build_absolute_uri(enclosure.url),
                    enclosure.length,
                    enclosure.mime_type,
                )
                for enclosure in item["enclosures"]
            ]
        return feed


def _make_xml_safe(values: dict[str, Any]) -> None:
    for key, value in values.items():
        if isinstance(value, str):
            values[key] = xml_safe(value)
        elif isinstance(value, list | tuple):
            values[key] = type(value)(xml_safe(element) for element in value)


# For the type checker the mixin is what it is mixed into, a feed.
if TYPE_CHECKING:
    _MixedInto = Feed
else:
    _MixedInto = object


class AtomFeedMixin(_MixedInto):
    """Turns a PortalFeed subclass into its Atom twin (same items, same GUIDs)."""

    feed_type = FullTextAtomFeedGenerator

    def subtitle(self, obj: Any = None) -> Any:
        # Feed's own lookup of a value or method (as it does for description), untyped.
        return self._get_dynamic_attr("description", obj)  # type: ignore[attr-defined]


# -- the feed directory (/feeds/) -------------------------------------------------------------

RSS, ATOM, ICALENDAR = "RSS", "Atom", "iCalendar"
CONTENT_TYPES = {
    RSS: "application/rss+xml",
    ATOM: "application/atom+xml",
    ICALENDAR: "text/calendar",
}


@dataclass(frozen=True)
class FeedLink:
    format: str  # RSS, ATOM or ICALENDAR
    url: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


@dataclass(frozen=True)
class FeedEntry:
    """One subscription, in one or more formats."""

    title: str
    links: tuple[FeedLink, ...]


@dataclass(frozen=True)
class FeedGroup:
    title: str
    entries: tuple[FeedEntry, ...]


def feed_directory() -> list[FeedGroup]:
    """What the apps list under the ``FEEDS`` hook, groups without entries left out."""
    return [
        group for listing in hooks.get_hooks(hooks.FEEDS) for group in listing() if group.entries
    ]
