"""What the parsers make of a source and what the writer takes: items, and the two errors."""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from news.models import Article

GUID_MAX_LENGTH = Article._meta.get_field("import_guid").max_length


class ImportSourceError(Exception):
    """The whole source cannot be read: nothing is imported."""


class ItemError(Exception):
    """One item cannot be imported; the others go on."""


@dataclass
class FeedItem:
    number: int
    title: str = ""
    guid: str = ""
    link: str = ""
    body_html: str = ""
    summary_html: str = ""
    published: datetime.datetime | None = None
    date_problem: str = ""
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    image_urls: list[str] = field(default_factory=list)
    slug: str = ""
    skip_reason: str = ""

    @property
    def key(self) -> str:
        """What identifies the item across imports: its GUID, else its link."""
        key = (self.guid or self.link).strip()
        if len(key) > GUID_MAX_LENGTH:
            key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
        return key

    @property
    def size(self) -> int:
        """Bytes of the item's text, as UTF-8."""
        return sum(len(text.encode()) for text in (self.title, self.body_html, self.summary_html))

    def __str__(self):
        title = Truncator(self.title).chars(60) if self.title else _("untitled")
        return _("item %(number)s «%(title)s»") % {"number": self.number, "title": title}


@dataclass
class Feed:
    format: str
    title: str
    items: list[FeedItem]


def unique(values) -> list[str]:
    """``values`` without empty ones and without repeats (letter case ignored), in order."""
    seen, result = set(), []
    for value in values:
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            result.append(value)
    return result
