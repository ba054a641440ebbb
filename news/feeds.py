import mimetypes

from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils import feedgenerator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from news.models import Article, Rubric
from portal.feeds import ATOM, RSS, AtomFeedMixin, FeedEntry, FeedGroup, FeedLink, PortalFeed
from portal.images import rendition_url, renditions_ready
from portal.models import SiteSettings


def article_content(article) -> str:
    """The full text as the page shows it: the lead, the lead image, then the body."""
    parts = [format_html("<p><strong>{}</strong></p>", article.lead)] if article.lead else []
    if article.lead_image:
        caption = (
            format_html("<figcaption>{}</figcaption>", article.lead_image_caption)
            if article.lead_image_caption
            else ""
        )
        parts.append(
            format_html(
                '<figure class="image"><img src="{}" alt="{}">{}</figure>',
                rendition_url(article, "lead_image", 960, "jpeg"),
                article.lead_image_alt,
                caption,
            )
        )
    parts.append(article.body)
    return "".join(parts)


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
        if not item.lead_image:
            return []
        if renditions_ready(item, "lead_image"):
            image, mime_type = item.lead_image_960_jpeg, "image/jpeg"
        else:  # until the task has made it: the upload itself
            image = item.lead_image
            mime_type = mimetypes.guess_type(image.name)[0] or "image/jpeg"
        try:
            length = str(image.size)
        except OSError:
            length = "0"
        return [feedgenerator.Enclosure(image.url, length, mime_type)]


class LatestNewsAtomFeed(AtomFeedMixin, LatestNewsFeed):
    pass


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
