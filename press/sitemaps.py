from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.functional import cached_property

from news.models import Article
from news.sitemaps import last_change


class PressSitemap(Sitemap):
    """The section page and the press releases' list (the releases themselves are articles,
    in the news sitemap)."""

    changefreq = "daily"
    priority = 0.6

    def items(self):
        return ["press:section", "press:releases"]

    def location(self, item):
        return reverse(item)

    @cached_property
    def _last_change(self):
        return last_change(Article.objects.published().press_releases())

    def lastmod(self, item):
        return self._last_change


sitemaps = {"press": PressSitemap}
