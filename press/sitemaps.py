from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from news.models import Article
from news.sitemaps import last_change
from press.models import Announcement


class PressSitemap(Sitemap):
    """The section page and the press releases' list (the releases themselves are articles,
    in the news sitemap), each once it has something to show."""

    changefreq = "daily"
    priority = 0.6

    def items(self):
        return [name for name, moment in self._last_changes.items() if moment is not None]

    def location(self, item):
        return reverse(item)

    @cached_property
    def _last_changes(self):
        releases = last_change(Article.objects.published().press_releases())
        announcements = Announcement.objects.public().aggregate(last=Max("updated_at"))["last"]
        known = [moment for moment in (releases, announcements) if moment is not None]
        return {"press:section": max(known, default=None), "press:releases": releases}

    def lastmod(self, item):
        return self._last_changes[item]


sitemaps = {"press": PressSitemap}
