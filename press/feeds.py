from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from news.feeds import LatestNewsFeed
from news.models import Article
from portal.feeds import ATOM, RSS, AtomFeedMixin, FeedEntry, FeedGroup, FeedLink
from portal.models import SiteSettings


class PressReleaseFeed(LatestNewsFeed):
    """The press releases alone, as the news feed shows articles."""

    link = reverse_lazy("press:releases")

    def title(self, obj=None):
        return _("Press releases — %(office)s") % {"office": SiteSettings.get_solo().office_name}

    def description(self, obj=None):
        return _("The official press releases of %(office)s") % {
            "office": SiteSettings.get_solo().office_name
        }

    def feed_url(self, obj=None):
        return reverse("press:releases-rss")

    def items(self, obj=None):
        return Article.objects.published().press_releases().for_listing()[: self.limit]


class PressReleaseAtomFeed(AtomFeedMixin, PressReleaseFeed):
    def feed_url(self, obj=None):
        return reverse("press:releases-atom")


def feed_directory():
    yield FeedGroup(
        _("For the media"),
        (
            FeedEntry(
                _("Press releases"),
                (
                    FeedLink(RSS, reverse("press:releases-rss")),
                    FeedLink(ATOM, reverse("press:releases-atom")),
                ),
            ),
        ),
    )
