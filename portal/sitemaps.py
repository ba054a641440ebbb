import datetime

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from portal.cache import content_version
from portal.models import SiteSettings


class PortalPagesSitemap(Sitemap):
    """The portal's own pages: the site map, the privacy policy, the accessibility statement."""

    changefreq = "monthly"
    priority = 0.3

    def items(self) -> list[str]:
        return ["portal:site-map", "portal:privacy", "portal:accessibility"]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str) -> datetime.datetime:
        """The policy and the statement change with the site settings; the site map with
        any content (its sections list rubrics, years, feeds): the moment the page cache's
        content version began, which every content change starts anew."""
        changed = SiteSettings.get_solo().updated_at
        if item == "portal:site-map":
            started = datetime.datetime.fromtimestamp(int(content_version()) / 1e9, datetime.UTC)
            changed = max(changed, started)
        return changed


sitemaps = {"portal": PortalPagesSitemap}
