from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from news.feeds import article_content
from news.models import Article
from partnerships.models import Agreement, Event
from portal.feeds import ICALENDAR, RSS, FeedEntry, FeedGroup, FeedLink, PortalFeed
from portal.models import SiteSettings


def event_guid(event):
    return f"urn:vestnik:event:{event.pk}"


def event_title(event):
    return f"{event.title} ({event.dates_display})"


def event_description(event):
    parts = [event.dates_display, event.place, event.summary]
    return ". ".join(part.rstrip(".") for part in parts if part) + "."


def event_content(event) -> str:
    """The full text of an event: when (at the precision it is known), where, what."""
    parts = [format_html("<p><strong>{}:</strong> {}</p>", gettext("When"), event.dates_display)]
    if event.place:
        parts.append(format_html("<p><strong>{}:</strong> {}</p>", gettext("Where"), event.place))
    if event.summary:
        parts.append(format_html("<p>{}</p>", event.summary))
    parts.append(event.description)
    return "".join(parts)


class EventsFeed(PortalFeed):
    """Public events, the latest announced first; GUIDs stay the same when an event changes."""

    link = reverse_lazy("partnerships:event-list")
    item_guid_is_permalink = False

    def title(self, obj=None):
        return _("Events — %(office)s") % {"office": SiteSettings.get_solo().office_name}

    def description(self, obj=None):
        return _("Visits, festivals, forums and other events of %(city)s's partnerships") % {
            "city": SiteSettings.get_solo().city_name
        }

    def items(self, obj=None):
        return (
            Event.objects.public()
            .select_related("agreement")
            .prefetch_related("areas")
            .order_by("-created_at", "-pk")[: self.limit]
        )

    def item_title(self, item):
        return event_title(item)

    def item_description(self, item):
        return event_description(item)

    def item_content(self, item):
        return event_content(item)

    def item_guid(self, item):
        return event_guid(item)

    def item_pubdate(self, item):
        """When it appeared: a scheduled event is news at its publication time."""
        return max(item.created_at, item.publish_at or item.created_at)

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_kind_display(), *(area.name for area in item.areas.all())]


class AgreementFeed(PortalFeed):
    """The news and the events of one agreement, newest first."""

    def get_object(self, request, slug):
        return get_object_or_404(Agreement.objects.public(), slug=slug)

    def title(self, obj):
        return _("%(title)s: news and events") % {"title": obj.title}

    def description(self, obj):
        return obj.summary

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("partnerships:agreement-rss", kwargs={"slug": obj.slug})

    def items(self, obj):
        articles = list(obj.related_articles()[: self.limit])
        events = list(
            Event.objects.public()
            .filter(agreement=obj)
            .order_by("-created_at", "-pk")[: self.limit]
        )
        # Two kinds of item, each already ordered by the database; merge them by date.
        merged = sorted(articles + events, key=self.item_pubdate, reverse=True)
        return merged[: self.limit]

    def item_title(self, item):
        return item.title if isinstance(item, Article) else event_title(item)

    def item_description(self, item):
        return item.lead if isinstance(item, Article) else event_description(item)

    def item_content(self, item):
        return article_content(item) if isinstance(item, Article) else event_content(item)

    def item_guid(self, item):
        if isinstance(item, Article):
            return f"urn:vestnik:article:{item.pk}"
        return event_guid(item)

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.publish_at if isinstance(item, Article) else item.created_at

    def item_updateddate(self, item):
        if isinstance(item, Article):
            return max(item.updated_at, item.publish_at)
        return item.updated_at

    def item_categories(self, item):
        if isinstance(item, Article):
            return [item.rubric.name]
        return [item.get_kind_display()]


def feed_directory():
    """The partnerships feeds for the /feeds/ page: events, then each agreement's news."""
    yield FeedGroup(
        _("Events"),
        (
            FeedEntry(
                _("Events of the city's partnerships"),
                (
                    FeedLink(RSS, reverse("partnerships:event-rss")),
                    FeedLink(ICALENDAR, reverse("partnerships:event-ics")),
                ),
            ),
        ),
    )
    yield FeedGroup(
        _("News and events of each agreement"),
        tuple(
            FeedEntry(
                agreement.title,
                (FeedLink(RSS, reverse("partnerships:agreement-rss", args=[agreement.slug])),),
            )
            for agreement in Agreement.objects.public().only("title", "slug").order_by("title")
        ),
    )
