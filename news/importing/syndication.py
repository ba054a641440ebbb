"""RSS 2.0 and Atom (and RSS 1.0) feeds, read by feedparser from the already checked bytes."""

import calendar
import datetime
import html
from urllib.parse import urlsplit

import feedparser
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from news.importing.items import Feed, FeedItem, unique
from portal.sanitize import plain_text

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp")


def parse_feed(data: bytes, base_url: str = "") -> Feed:
    parsed = feedparser.parse(
        data,
        response_headers={"content-location": base_url} if base_url else None,
        resolve_relative_uris=True,
        sanitize_html=False,  # portal.sanitize does it, as for everything stored
    )
    format_name = "atom" if parsed.version.startswith("atom") else "rss"
    items = []
    for number, entry in enumerate(parsed.entries, start=1):
        item = FeedItem(
            number=number,
            title=plain_text(_as_html(entry.get("title_detail"))),
            guid=entry.get("id", ""),
            link=entry.get("link", ""),
            summary_html=_as_html(entry.get("summary_detail")),
            categories=unique(
                (tag.get("label") or tag.get("term") or "").strip()
                for tag in entry.get("tags", [])
            ),
        )
        contents = entry.get("content") or []
        item.body_html = _as_html(contents[0]) if contents else item.summary_html
        if contents and plain_text(item.summary_html) == plain_text(item.body_html):
            item.summary_html = ""
        _feed_date(item, entry)
        item.image_urls = unique(_feed_images(entry))
        items.append(item)
    return Feed(format=format_name, title=parsed.feed.get("title", ""), items=items)


def _as_html(detail) -> str:
    """A feed text construct as HTML: Atom's type="text" is plain text, so its «<b>» is the
    three characters, not a tag, and its «&amp;» is five characters."""
    if not detail:
        return ""
    value = detail.get("value", "")
    return html.escape(value) if detail.get("type") == "text/plain" else value


def _feed_date(item: FeedItem, entry) -> None:
    for name in ("published", "updated"):
        parsed = entry.get(f"{name}_parsed")
        if parsed:
            item.published = datetime.datetime.fromtimestamp(
                calendar.timegm(parsed), tz=datetime.UTC
            )
            return
        if entry.get(name):
            item.date_problem = _("The date «%(date)s» is not understood.") % {
                "date": Truncator(entry[name]).chars(40)
            }
            return


def _feed_images(entry):
    for enclosure in entry.get("enclosures", []):
        url = enclosure.get("href") or enclosure.get("url") or ""
        if enclosure.get("type", "").startswith("image/") or _looks_like_image(url):
            yield url
    for media in entry.get("media_content", []):
        url, medium, media_type = media.get("url", ""), media.get("medium"), media.get("type", "")
        declared = medium == "image" or media_type.startswith("image/")
        if declared or (not medium and not media_type and _looks_like_image(url)):
            yield url
    for thumbnail in entry.get("media_thumbnail", []):
        yield thumbnail.get("url", "")


def _looks_like_image(url: str) -> bool:
    try:
        return urlsplit(url).path.lower().endswith(IMAGE_EXTENSIONS)
    except ValueError:
        return False
