import html
import mimetypes
import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils import feedgenerator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from news.models import Article, GalleryPhoto, Rubric
from portal.feeds import (
    ATOM,
    RSS,
    AtomFeedMixin,
    DzenRssFeedGenerator,
    FeedEntry,
    FeedGroup,
    FeedLink,
    PortalFeed,
    YandexRssFeedGenerator,
)
from portal.images import followed, rendition_attname, rendition_url, renditions_ready
from portal.models import SiteSettings


def figure(instance, source, alt, caption) -> str:
    """An image as the page shows it, a 960-pixel rendition in a <figure>."""
    return format_html(
        '<figure class="image"><img src="{}" alt="{}">{}</figure>',
        rendition_url(instance, source, 960, "jpeg"),
        alt,
        format_html("<figcaption>{}</figcaption>", caption) if caption else "",
    )


def article_content(article, gallery=False) -> str:
    """The full text as the page shows it: the lead, the lead image, the body, then (with
    ``gallery``) the photos of the gallery."""
    parts = [format_html("<p><strong>{}</strong></p>", article.lead)] if article.lead else []
    if article.lead_image:
        parts.append(
            figure(article, "lead_image", article.lead_image_alt, article.lead_image_caption)
        )
    parts.append(article.body)
    if gallery:
        parts.extend(
            figure(photo, "image", photo.alt, photo.caption) for photo in article.photos.all()
        )
    return "".join(parts)


def image_enclosure(instance, source):
    """The 960-pixel JPEG rendition of an image, with its size in bytes; until the task has
    made it, the upload itself."""
    instance, source = followed(instance, source)
    if renditions_ready(instance, source):
        image, mime_type = getattr(instance, rendition_attname(source, 960, "jpeg")), "image/jpeg"
    else:
        image = getattr(instance, source)
        mime_type = mimetypes.guess_type(image.name)[0] or "image/jpeg"
    try:
        length = str(image.size)
    except OSError:
        length = "0"
    return feedgenerator.Enclosure(image.url, length, mime_type)


class LatestNewsFeed(PortalFeed):
    link = reverse_lazy("news:list")

    def title(self, obj=None):
        return _("News — %(office)s") % {"office": SiteSettings.get_solo().office_name}

    def description(self, obj=None):
        return _("The latest news of %(city)s") % {"city": SiteSettings.get_solo().city_name}

    def items(self, obj=None):
        return Article.objects.published().for_listing()[: self.limit]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_content(self, item):
        return article_content(item)

    def item_guid(self, item):
        return f"urn:vestnik:article:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.publish_at)

    def item_author_name(self, item):
        return item.department.name if item.department else None

    def item_categories(self, item):
        return [item.rubric.name]

    def item_enclosures(self, item):
        return [image_enclosure(item, "lead_image")] if item.lead_image else []


class LatestNewsAtomFeed(AtomFeedMixin, LatestNewsFeed):
    pass


# The body is sanitised on save: every attribute is quoted with double quotes.
_IMAGE_SOURCE = re.compile(r'<img\s[^>]*?\bsrc="([^"]+)"')


def body_image_enclosures(article):
    """The images of the body: our own uploads (the editor's) with their size, images from
    other sites with length 0 (unknown, as RSS allows); a file of ours that is gone, or an
    address that is neither, is left out."""
    enclosures = []
    for source in map(html.unescape, _IMAGE_SOURCE.findall(article.body)):
        mime_type = mimetypes.guess_type(urlsplit(source).path)[0] or "image/jpeg"
        if source.startswith(settings.MEDIA_URL):
            name = unquote(source.removeprefix(settings.MEDIA_URL))
            try:
                length = str(default_storage.size(name))
            except (OSError, SuspiciousFileOperation, ValueError):
                continue
        elif source.startswith(("https://", "http://")):
            length = "0"
        else:
            continue
        enclosures.append(feedgenerator.Enclosure(source, length, mime_type))
    return enclosures


class AggregatorFeed(LatestNewsFeed):
    """All the news with every image, for the aggregators: the lead image, the body's images
    and the gallery's photos as enclosures, the office as the author where no department
    signed."""

    def articles(self):
        return Article.objects.published().for_listing()

    def items(self, obj=None):
        self.office_name = SiteSettings.get_solo().office_name
        return self.articles().prefetch_related("photos")[: self.limit]

    def item_author_name(self, item):
        return item.department.name if item.department else self.office_name

    def item_enclosures(self, item):
        gallery = [image_enclosure(photo, "image") for photo in item.photos.all()]
        return super().item_enclosures(item) + body_image_enclosures(item) + gallery


class YandexNewsFeed(AggregatorFeed):
    """Yandex's format for news sites (the «Свежее и актуальное» feed of Yandex Webmaster):
    the full text as text, every item a news message."""

    feed_type = YandexRssFeedGenerator

    def feed_url(self, obj=None):
        return reverse("news:yandex-rss")

    def item_extra_kwargs(self, item):
        return {"full_text": article_content(item), "yandex_genre": "message"}


class DzenFeed(AggregatorFeed):
    """Dzen's import format: the full HTML, its images as figures with absolute addresses;
    news without any image are left out."""

    feed_type = DzenRssFeedGenerator

    def feed_url(self, obj=None):
        return reverse("news:dzen-rss")

    def articles(self):
        """Only news with an image: Dzen requires one (an ``enclosure``) in every item."""
        illustrated = (
            Q(lead_image__isnull=False)
            | Q(body__contains="<img")
            | Exists(GalleryPhoto.objects.filter(article=OuterRef("pk")))
        )
        return super().articles().filter(illustrated)

    def item_content(self, item):
        return article_content(item, gallery=True)


class RubricFeed(LatestNewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Rubric, slug=slug)

    def title(self, obj=None):
        return f"{obj.name} — {SiteSettings.get_solo().office_name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("news:rubric-rss", kwargs={"slug": obj.slug})

    def items(self, obj):
        return Article.objects.published().for_listing().filter(rubric=obj)[: self.limit]


class RubricAtomFeed(AtomFeedMixin, RubricFeed):
    def feed_url(self, obj):
        return reverse("news:rubric-atom", kwargs={"slug": obj.slug})


def feed_directory():
    """The news feeds for the /feeds/ page: all news, then each rubric."""

    def entry(title, rss, atom):
        return FeedEntry(title, (FeedLink(RSS, rss), FeedLink(ATOM, atom)))

    yield FeedGroup(_("News"), (entry(_("All news"), reverse("news:rss"), reverse("news:atom")),))
    yield FeedGroup(
        _("News for Yandex and Dzen"),
        (
            FeedEntry(_("Yandex: full texts"), (FeedLink(RSS, reverse("news:yandex-rss")),)),
            FeedEntry(
                _("Dzen: full texts with images"), (FeedLink(RSS, reverse("news:dzen-rss")),)
            ),
        ),
    )
    yield FeedGroup(
        _("News by rubric"),
        tuple(
            entry(
                rubric.name,
                reverse("news:rubric-rss", kwargs={"slug": rubric.slug}),
                reverse("news:rubric-atom", kwargs={"slug": rubric.slug}),
            )
            for rubric in Rubric.objects.all()
        ),
    )
