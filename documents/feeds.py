from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from documents.models import Document
from portal.feeds import RSS, FeedEntry, FeedGroup, FeedLink, PortalFeed
from portal.models import SiteSettings


class NewDocumentsFeed(PortalFeed):
    """Public documents, the latest published first; a GUID stays when a document changes."""

    link = reverse_lazy("documents:list")
    item_guid_is_permalink = False

    def title(self, obj=None):
        return _("Documents — %(office)s") % {"office": SiteSettings.get_solo().office_name}

    def description(self, obj=None):
        return _("New acts and official documents of %(city)s") % {
            "city": SiteSettings.get_solo().city_name
        }

    def items(self, obj=None):
        return (
            Document.objects.public()
            .select_related("issuing_body")
            .order_by("-publish_at", "-pk")[: self.limit]
        )

    def item_title(self, item):
        return f"{item.designation} «{item.title}»"

    def item_description(self, item):
        return f"{item.issuing_body.name}. {item.get_status_display()}."

    def item_content(self, item):
        parts = [format_html("<p>{}. {}.</p>", item.issuing_body.name, item.get_status_display())]
        if item.file:
            parts.append(
                format_html('<p><a href="{}">{}</a></p>', item.file.url, gettext("PDF file"))
            )
        parts.append(item.text)
        return "".join(parts)

    def item_guid(self, item):
        return f"urn:vestnik:document:{item.pk}"

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_kind_display(), item.issuing_body.name]


def feed_directory():
    yield FeedGroup(
        _("Documents"),
        (FeedEntry(_("New documents"), (FeedLink(RSS, reverse("documents:rss")),)),),
    )
