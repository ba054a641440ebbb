"""Importing an existing news archive: an RSS 2.0 or Atom feed, or a WordPress export (WXR).

``read_source`` fetches the document (a local file, or an http(s) URL through
``news.fetching``, which reaches public addresses only) and ``parse_source`` turns it into ``FeedItem`` objects; ``import_item``
writes one item as an article in its own transaction, so an item either arrives whole —
text, rubric, tags, lead image — or not at all.

Safety: the document is parsed by defusedxml first, which refuses any entity declaration, so
XML bombs and external entities never expand (feedparser then reads the checked bytes, never
the network). Every HTML fragment goes through ``portal.sanitize.sanitize_html``; every image
through ``portal.images`` validation before it is stored; only http and https are fetched.
Only a few encodings are read (``ALLOWED_ENCODINGS``), and a document and each of its items
have a size limit (``IMPORT_SOURCE_MAX_BYTES``, ``IMPORT_ITEM_MAX_BYTES``).

Idempotency: an article remembers the item it came from (``import_guid``: the item's GUID
or, without one, its link; ``source_url``: its link). Importing the same item again finds
that article and skips it (or, with ``update``, refreshes its text) instead of creating a copy.
"""

import calendar
import codecs
import datetime
import hashlib
import html
import re
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree
import feedparser
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from slugify import slugify

from news.fetching import Fetcher, FetchError, url_scheme
from news.models import Article, Rubric, Tag
from news.services import publish_article
from portal.characters import xml_safe
from portal.images import (
    ALLOWED_FORMATS,
    clean_image_content,
    normalised_filename,
    validate_image_file,
)
from portal.sanitize import sanitize_html, strip_tags
from portal.slugs import unique_slug

MAX_BODY_IMAGES = 30
LEAD_MAX_LENGTH = 600
TITLE_MAX_LENGTH = Article._meta.get_field("title").max_length
GUID_MAX_LENGTH = Article._meta.get_field("import_guid").max_length
NAME_MAX_LENGTH = 100
IMPORTED_IMAGES_DIR = "news/imported"
LEAD_IMAGE_FIELDS = ["lead_image", "lead_image_width", "lead_image_height", "lead_image_alt"]

WORDPRESS_NAMESPACE = "http://wordpress.org/export/"
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
RDF_NAMESPACE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
WORDPRESS_PUBLIC_STATUSES = {"publish", "future"}
# By their codecs names: what Russian sites have published in, and nothing that escapes.
ALLOWED_ENCODINGS = {
    "utf-8", "utf-16", "utf-16-le", "utf-16-be", "ascii", "latin-1", "iso8859-1", "cp1252",
    "cp1251", "koi8-r", "koi8-u", "iso8859-5", "cp866",
}  # fmt: skip
BYTE_ORDER_MARKS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
XML_DECLARATION = re.compile(
    rb"""\s*<\?xml\b[^>]*?\bencoding\s*=\s*(["'])(?P<name>[^"'>]{0,40})\1"""
)
ENCODING_NAME = re.compile(r"[A-Za-z][A-Za-z0-9._:-]*")
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp")
BLOCK_TAG = re.compile(r"<(p|div|h[1-6]|ul|ol|table|blockquote|figure|pre|hr)\b", re.IGNORECASE)
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
EMPTY_WRAPPER = re.compile(r"<(p|figure)\b[^>]*>\s*(<figcaption>\s*</figcaption>\s*)?</\1>")


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


@dataclass
class Outcome:
    action: str  # "created", "updated" or "skipped"
    article: Article | None = None
    reason: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportOptions:
    default_rubric: Rubric | None = None
    status: str = Article.Status.PUBLISHED
    update: bool = False
    images: bool = True
    store_files: bool = True  # off in a dry run: files are not part of the transaction


# Reading --------------------------------------------------------------------------------


def read_source(source: str, fetcher: Fetcher) -> tuple[bytes, str]:
    """The document's bytes and the URL relative links resolve against ("" for a file)."""
    limit = settings.IMPORT_SOURCE_MAX_BYTES
    try:
        scheme = urlsplit(source).scheme
    except ValueError:  # e.g. an unclosed IPv6 bracket
        raise ImportSourceError(_("Give a file path or an http(s) address.")) from None
    if scheme in ("http", "https"):
        try:
            return fetcher.get(source, limit), source
        except FetchError as error:
            raise ImportSourceError(
                _("Cannot download %(source)s: %(error)s.") % {"source": source, "error": error}
            ) from None
    if scheme and len(scheme) > 1:
        raise ImportSourceError(_("Give a file path or an http(s) address."))
    path = Path(source)
    try:
        if path.stat().st_size > limit:
            raise ImportSourceError(
                _(
                    "The file is larger than %(limit)s bytes (IMPORT_SOURCE_MAX_BYTES): split it "
                    "into smaller files and import them one by one."
                )
                % {"limit": limit}
            )
        return path.read_bytes(), ""
    except OSError as error:
        raise ImportSourceError(
            _("Cannot read %(source)s: %(error)s.") % {"source": source, "error": error.strerror}
        ) from None


# Parsing --------------------------------------------------------------------------------


def parse_source(data: bytes, base_url: str = "") -> Feed:
    check_encoding(data)
    try:
        root = defusedxml.ElementTree.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except defusedxml.DefusedXmlException:
        raise ImportSourceError(
            _(
                "The document declares XML entities or refers to external ones; it is refused "
                "(a defence against XML bombs and external entity attacks)."
            )
        ) from None
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise ImportSourceError(
            _("The document is not well-formed XML (line %(line)s, column %(column)s).")
            % {"line": line, "column": column}
        ) from None
    except (LookupError, ValueError):  # an encoding expat cannot decode, should one slip by
        raise ImportSourceError(_("The document's encoding cannot be read.")) from None
    if root.tag == "rss" and _wordpress_namespace(root):
        return parse_wxr(root, base_url)
    if root.tag in ("rss", f"{{{ATOM_NAMESPACE}}}feed", f"{{{RDF_NAMESPACE}}}RDF"):
        return parse_feed(data, base_url)
    raise ImportSourceError(_("This is not an RSS, Atom or WordPress export document."))


def check_encoding(data: bytes) -> None:
    """Refuse a document whose encoding is not one an old Russian site would use: UTF-7 and
    its kind hide markup from every check, and expat cannot read multi-byte codecs anyway."""
    encoding = declared_encoding(data)
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise ImportSourceError(
            _("The document declares an unknown encoding «%(encoding)s».") % {"encoding": encoding}
        ) from None
    if name not in ALLOWED_ENCODINGS:
        raise ImportSourceError(
            _(
                "The document's encoding «%(encoding)s» is not accepted; save the document "
                "as UTF-8 (or Windows-1251, KOI8-R) and import it again."
            )
            % {"encoding": encoding}
        )


def declared_encoding(data: bytes) -> str:
    """The encoding named by the byte-order mark, else by the XML declaration, else UTF-8."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return encoding
    if data.startswith((b"<\0?\0", b"\0<\0?")):
        return "utf-16"
    declaration = XML_DECLARATION.match(data[:1024])
    if declaration is None:
        return "utf-8"
    encoding = declaration.group("name").decode("ascii", "replace")
    return encoding if ENCODING_NAME.fullmatch(encoding) else "?"


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
            title=_plain(_as_html(entry.get("title_detail"))),
            guid=entry.get("id", ""),
            link=entry.get("link", ""),
            summary_html=_as_html(entry.get("summary_detail")),
            categories=_unique(
                (tag.get("label") or tag.get("term") or "").strip()
                for tag in entry.get("tags", [])
            ),
        )
        contents = entry.get("content") or []
        item.body_html = _as_html(contents[0]) if contents else item.summary_html
        if contents and _plain(item.summary_html) == _plain(item.body_html):
            item.summary_html = ""
        _feed_date(item, entry)
        item.image_urls = _unique(_feed_images(entry))
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


def _wordpress_namespace(root) -> str:
    for element in root.iter():
        if element.tag.startswith(f"{{{WORDPRESS_NAMESPACE}"):
            namespace = element.tag[1:].split("}")[0]
            if "excerpt" not in namespace:
                return namespace
    return ""


def parse_wxr(root, base_url: str = "") -> Feed:
    """A WordPress eXtended RSS export: posts with their categories, tags and featured image
    (an attachment item of the same file); pages, attachments and drafts are skipped."""
    wp = _wordpress_namespace(root)
    excerpt = wp.rstrip("/") + "/excerpt/" if wp.endswith("/") else wp + "/excerpt/"
    channel = root.find("channel")
    if channel is None:
        raise ImportSourceError(_("The WordPress export has no channel."))
    base_url = base_url or (channel.findtext("link") or "")
    attachments = {
        element.findtext(f"{{{wp}}}post_id"): element.findtext(f"{{{wp}}}attachment_url")
        for element in channel.findall("item")
        if element.findtext(f"{{{wp}}}post_type") == "attachment"
    }
    items = []
    for number, element in enumerate(channel.findall("item"), start=1):
        post_type = element.findtext(f"{{{wp}}}post_type") or "post"
        status = element.findtext(f"{{{wp}}}status") or "publish"
        item = FeedItem(
            number=number,
            title=_plain(element.findtext("title") or ""),
            guid=(element.findtext("guid") or "").strip(),
            link=(element.findtext("link") or "").strip(),
            body_html=_paragraphs(element.findtext(f"{{{CONTENT_NAMESPACE}}}encoded") or ""),
            summary_html=element.findtext(f"{{{excerpt}}}encoded") or "",
            slug=(element.findtext(f"{{{wp}}}post_name") or "").strip(),
        )
        if post_type != "post":
            item.skip_reason = _("not a post (%(type)s)") % {"type": post_type}
        elif status not in WORDPRESS_PUBLIC_STATUSES:
            item.skip_reason = _("not published in the source (%(status)s)") % {"status": status}
        for category in element.findall("category"):
            name = html.unescape((category.text or "").strip())
            if name:
                target = item.tags if category.get("domain") == "post_tag" else item.categories
                target.append(name)
        item.categories, item.tags = _unique(item.categories), _unique(item.tags)
        _wxr_date(item, element, wp)
        for meta in element.findall(f"{{{wp}}}postmeta"):
            if meta.findtext(f"{{{wp}}}meta_key") == "_thumbnail_id":
                featured = attachments.get(meta.findtext(f"{{{wp}}}meta_value"))
                if featured:
                    item.image_urls.append(_absolute(base_url, featured))
        items.append(item)
    return Feed(format="wxr", title=channel.findtext("title") or "", items=items)


def _wxr_date(item: FeedItem, element, wp: str) -> None:
    """The GMT post date, else the RSS pubDate, else the local post date."""
    gmt = (element.findtext(f"{{{wp}}}post_date_gmt") or "").strip()
    if gmt and not gmt.startswith("0000"):
        try:
            value = datetime.datetime.strptime(gmt, "%Y-%m-%d %H:%M:%S")
            item.published = value.replace(tzinfo=datetime.UTC)
            return
        except ValueError:
            pass
    pub_date = (element.findtext("pubDate") or "").strip()
    if pub_date:
        try:
            value = parsedate_to_datetime(pub_date)
            if value.year > 1:  # WordPress writes «-0001» for posts never published
                # Naive only for «-0000»: UTC with the local offset unknown (RFC 5322).
                item.published = value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
                return
        except (TypeError, ValueError):
            pass
    local = (element.findtext(f"{{{wp}}}post_date") or "").strip()
    if local and not local.startswith("0000"):
        try:
            value = datetime.datetime.strptime(local, "%Y-%m-%d %H:%M:%S")
            item.published = timezone.make_aware(value)
            return
        except ValueError:
            pass
    shown = gmt or pub_date or local
    if shown:
        item.date_problem = _("The date «%(date)s» is not understood.") % {
            "date": Truncator(shown).chars(40)
        }


def _paragraphs(text: str) -> str:
    """WordPress stores paragraphs as blank lines: wrap the bare ones in <p>."""
    chunks = [chunk.strip() for chunk in re.split(r"\n\s*\n", text) if chunk.strip()]
    return "\n".join(
        chunk if BLOCK_TAG.match(chunk) else "<p>" + chunk.replace("\n", "<br>") + "</p>"
        for chunk in chunks
    )


def _plain(value: str) -> str:
    """Plain text of an HTML fragment, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(strip_tags(value or "")).split())


def _unique(values) -> list[str]:
    seen, result = set(), []
    for value in values:
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            result.append(value)
    return result


def _looks_like_image(url: str) -> bool:
    try:
        return urlsplit(url).path.lower().endswith(IMAGE_EXTENSIONS)
    except ValueError:
        return False


def _absolute(base: str, url: str) -> str:
    """``url`` resolved against ``base``; unchanged if it cannot be parsed (the fetcher then
    reports it as unreachable)."""
    try:
        return urljoin(base, url)
    except ValueError:
        return url


class _FirstImage(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = None

    def handle_starttag(self, tag, attrs):
        if tag == "img" and self.found is None:
            attributes = dict(attrs)
            if attributes.get("src"):
                self.found = (attributes["src"], attributes.get("alt") or "")


def first_image(body_html: str) -> tuple[str, str] | None:
    parser = _FirstImage()
    parser.feed(body_html)
    return parser.found


# Writing --------------------------------------------------------------------------------


def import_item(item: FeedItem, options: ImportOptions, fetcher: Fetcher) -> Outcome:
    """Create (or refresh) the article for ``item`` in one transaction; ItemError if the item
    cannot be imported (nothing of it is then saved)."""
    if item.skip_reason:
        return Outcome("skipped", reason=item.skip_reason)
    limit = settings.IMPORT_ITEM_MAX_BYTES
    if item.size > limit:
        raise ItemError(
            _("The item is larger than %(limit)s bytes (IMPORT_ITEM_MAX_BYTES).")
            % {"limit": limit}
        )
    if not item.title:
        raise ItemError(_("The item has no title."))
    if not item.key:
        raise ItemError(_("The item has neither a GUID nor a link, so it cannot be told apart."))
    if item.published is None:
        raise ItemError(item.date_problem or _("The item has no publication date."))
    existing = find_imported(item)
    if existing is not None and not options.update:
        return Outcome(
            "skipped",
            existing,
            _("already imported as %(url)s") % {"url": existing.get_absolute_url()},
        )
    stored_files: list[str] = []
    try:
        with transaction.atomic():
            outcome = _write(item, existing, options, fetcher, stored_files)
    except Exception:
        for name in stored_files:
            default_storage.delete(name)
        raise
    return outcome


def find_imported(item: FeedItem) -> Article | None:
    match = Q(import_guid=item.key)
    if item.link:
        match |= Q(source_url=item.link)
    return Article.objects.filter(match).order_by("pk").first()


def _write(item, existing, options, fetcher, stored_files) -> Outcome:
    warnings: list[str] = []
    rubric, other_categories = resolve_rubric(item.categories, options.default_rubric)
    body = sanitize_html(item.body_html)
    lead_image = None
    if options.images:
        if existing is not None and existing.lead_image:
            # Refreshing: the lead image stays; it came from the text if nothing else offered one.
            from_body = not item.image_urls and first_image(body) is not None
        else:
            lead_image = _lead_image(item, body, fetcher, warnings)
            from_body = lead_image is not None and lead_image.from_body
        if from_body:
            # Shown above the text as the lead image: not a second time inside it.
            body = EMPTY_WRAPPER.sub("", IMG_TAG.sub("", body, count=1)).strip()
        body = localise_images(body, item, options, fetcher, warnings, stored_files)
    article = existing or Article(import_guid=item.key)
    article.title = _shortened(item.title, TITLE_MAX_LENGTH)
    article.lead = lead_text(item, body)
    article.body = body
    article.rubric = rubric
    article.source_url = item.link[: Article._meta.get_field("source_url").max_length]
    article.publish_at = item.published
    if existing is None and _usable_slug(item.slug):
        article.slug = item.slug
    if existing is None and options.status == Article.Status.PUBLISHED:
        article.status = Article.Status.DRAFT
        publish_article(article, at=item.published)
    else:
        article.save()
    article.tags.add(*(tag_named(name) for name in _unique([*other_categories, *item.tags])))
    # The image last: should anything before fail, no file has been stored for it.
    if lead_image and options.store_files:
        article.lead_image = ContentFile(lead_image.data, name=lead_image.name)
        article.lead_image_alt = _shortened(lead_image.alt or article.title, 255)
        article.save(update_fields=LEAD_IMAGE_FIELDS)
        stored_files.append(article.lead_image.name)
    return Outcome("updated" if existing else "created", article, warnings=warnings)


def resolve_rubric(categories: list[str], default: Rubric | None) -> tuple[Rubric, list[str]]:
    """The rubric for an item's categories and the categories left over (they become tags).

    The first category naming an existing rubric wins; else the default rubric; else a new
    rubric named after the first category."""
    for name in categories:
        rubric = Rubric.objects.filter(Q(name__iexact=name) | Q(slug=slugify(name))).first()
        if rubric is not None:
            return rubric, [other for other in categories if other != name]
    if default is not None:
        return default, categories
    if not categories:
        raise ItemError(_("The item has no category: give a default rubric with --rubric."))
    name = _shortened(categories[0], NAME_MAX_LENGTH)
    rubric = Rubric(name=name)
    rubric.slug = unique_slug(rubric, name)
    rubric.save()
    return rubric, categories[1:]


def tag_named(name: str) -> Tag:
    name = _shortened(name, NAME_MAX_LENGTH)
    return Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)


def lead_text(item: FeedItem, body: str) -> str:
    text = _plain(item.summary_html) or _plain(body) or item.title
    return Truncator(text).chars(LEAD_MAX_LENGTH)


@dataclass
class _Image:
    data: bytes
    name: str
    alt: str
    from_body: bool = False


def _lead_image(item, body, fetcher, warnings) -> _Image | None:
    """The first image of the item that can be fetched and is a valid image."""
    candidates = [(url, "", False) for url in item.image_urls]
    in_body = first_image(body)
    if in_body:
        candidates.append((in_body[0], in_body[1], True))
    for url, alt, from_body in candidates:
        absolute = _absolute(item.link, html.unescape(url))
        data = _fetch_image(absolute, fetcher, warnings)
        if data is not None:
            name = Path(urlsplit(absolute).path).name or "image"
            return _Image(data, name, alt, from_body)
    return None


def _fetch_image(url, fetcher, warnings) -> bytes | None:
    try:
        data = fetcher.get(url, settings.IMAGE_UPLOAD_MAX_BYTES)
        validate_image_file(ContentFile(data))
    except FetchError as error:
        warnings.append(
            _("image %(url)s is not imported: %(error)s") % {"url": url, "error": error}
        )
        return None
    except ValidationError as error:
        warnings.append(
            _("image %(url)s is not imported: %(error)s")
            % {"url": url, "error": " ".join(error.messages)}
        )
        return None
    return data


def localise_images(body, item, options, fetcher, warnings, stored_files) -> str:
    """Copy the images of the text to our storage (the site's Content-Security-Policy shows
    no images from other sites); an image that cannot be fetched keeps its old address."""

    def replace(match):
        tag = match.group(0)
        src = re.search(r'\bsrc="([^"]*)"', tag)
        if not src or replace.count >= MAX_BODY_IMAGES:
            return tag
        url = _absolute(item.link, html.unescape(src.group(1)))
        if url_scheme(url) not in ("http", "https"):
            return tag
        replace.count += 1
        stored = _stored_image(url, options, fetcher, warnings, stored_files)
        if stored is None:
            return tag
        tag = re.sub(r'\s(srcset|sizes)="[^"]*"', "", tag)
        return tag.replace(src.group(0), f'src="{html.escape(stored)}"')

    replace.count = 0
    return IMG_TAG.sub(replace, body)


def _stored_image(url, options, fetcher, warnings, stored_files) -> str | None:
    """The URL of our copy of the image at ``url``; the same URL is stored once."""
    stem = f"{IMPORTED_IMAGES_DIR}/{hashlib.sha256(url.encode()).hexdigest()[:32]}"
    for extension in set(ALLOWED_FORMATS.values()):
        if default_storage.exists(f"{stem}.{extension}"):
            return default_storage.url(f"{stem}.{extension}")
    data = _fetch_image(url, fetcher, warnings)
    if data is None:
        return None
    if not options.store_files:
        return url
    cleaned = clean_image_content(ContentFile(data), normalised_filename(url, "jpg"))
    extension = cleaned.name.rsplit(".", 1)[-1]
    name = default_storage.save(f"{stem}.{extension}", cleaned)
    stored_files.append(name)
    return default_storage.url(name)


def _usable_slug(slug: str) -> bool:
    return bool(
        re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug or "")
        and not slug.isdigit()
        and len(slug) <= Article._meta.get_field("slug").max_length
        and not Article.objects.filter(slug=slug).exists()
    )


def _shortened(text: str, length: int) -> str:
    return Truncator(xml_safe(text)).chars(length)
