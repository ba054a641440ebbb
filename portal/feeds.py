"""The base of every feed: full text in RSS (``content:encoded``) and Atom, absolute URLs;
and the two RSS dialects of the Russian aggregators, Yandex's (``yandex:full-text``) and
Dzen's (``content:encoded`` with ``media:rating``), which Django's generator cannot write
(it allows one enclosure per item and puts an author without e-mail in ``dc:creator``).

What a feed says is made safe here, once for every feed: descriptions are plain text and
are escaped (readers show RSS ``description`` and Atom ``summary type="html"`` as HTML),
the full text is HTML and is sanitised, and every value loses the characters XML 1.0
forbids (Django's writer fails on them), whatever rows are stored.

Conditional GET comes from Django: the feed view sets Last-Modified from the newest item and
ConditionalGetMiddleware adds the ETag and answers 304.
"""

import html
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
from portal.sanitize import plain_text_paragraphs, sanitize_html

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
YANDEX_NS = "http://news.yandex.ru"
MEDIA_NS = "http://search.yahoo.com/mrss/"
_RELATIVE_URL = re.compile(r'(\s(?:src|href)=")/(?!/)')


class FullTextRssFeedGenerator(feedgenerator.Rss201rev2Feed):
    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS}

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class AggregatorRssFeedGenerator(feedgenerator.Rss201rev2Feed):
    """The item elements Yandex and Dzen read: the author by name in ``author``, every
    image as an ``enclosure`` (url, length, type)."""

    writes_guid = True

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        handler.addQuickElement("title", item["title"])
        handler.addQuickElement("link", item["link"])
        if item["unique_id"] is not None and self.writes_guid:
            handler.addQuickElement("guid", item["unique_id"], {"isPermaLink": "false"})
        if item["pubdate"] is not None:
            handler.addQuickElement("pubDate", feedgenerator.rfc2822_date(item["pubdate"]))
        if item["author_name"]:
            handler.addQuickElement("author", item["author_name"])
        for category in item["categories"]:
            handler.addQuickElement("category", category)
        for enclosure in item["enclosures"]:
            handler.addQuickElement(
                "enclosure",
                "",
                {"url": enclosure.url, "length": enclosure.length, "type": enclosure.mime_type},
            )
        if item["description"]:
            handler.addQuickElement("description", item["description"])


class YandexRssFeedGenerator(AggregatorRssFeedGenerator):
    """Yandex's news feed: ``yandex:genre`` and the full text as text in ``yandex:full-text``
    (Yandex finds an article by its link: no ``guid``)."""

    writes_guid = False

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:yandex": YANDEX_NS, "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("yandex:genre", item.get("yandex_genre") or "message")
        handler.addQuickElement("yandex:full-text", item.get("full_text") or "")


class DzenRssFeedGenerator(AggregatorRssFeedGenerator):
    """Dzen's import feed: the full HTML in ``content:encoded``, every item rated
    ``nonadult``."""

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS, "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("media:rating", "nonadult", {"scheme": "urn:simple"})
        handler.addQuickElement("content:encoded", item.get("content_html") or "")


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
        if isinstance(feed, feedgenerator.RssFeed) and feed.feed.get("description"):
            feed.feed["description"] = escape(feed.feed["description"])
        for item in feed.items:
            _make_xml_safe(item)
            if item.get("description"):
                item["description"] = escape(item["description"])
            if item.get("content_html"):
                content = sanitize_html(item["content_html"])
                item["content_html"] = _RELATIVE_URL.sub(rf"\1{base}/", content)
            if item.get("full_text"):
                # Text, escaped as descriptions are: an aggregator reading it as HTML shows it.
                text = plain_text_paragraphs(sanitize_html(item["full_text"]))
                item["full_text"] = html.escape(text, quote=False)
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
