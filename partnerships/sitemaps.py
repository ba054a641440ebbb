from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from partnerships.models import Agreement, Event, Partner


class AgreementSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Agreement.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, agreement):
        return agreement.updated_at


class PartnerSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Partner.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, partner):
        return partner.updated_at


class EventSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 5000

    def items(self):
        return Event.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, event):
        return event.updated_at


class PartnershipsStaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            "partnerships:register",
            "partnerships:partner-list",
            "partnerships:event-list",
            "partnerships:history",
        ]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        """The newest change of what the list shows (one aggregate per list, two for the history)."""
        if item == "partnerships:history":
            return _latest(Agreement, Event)
        model = {
            "partnerships:register": Agreement,
            "partnerships:partner-list": Partner,
            "partnerships:event-list": Event,
        }[item]
        return model.objects.public().aggregate(latest=Max("updated_at"))["latest"]


def _latest(*models):
    """The newest change among the public records of ``models`` (one aggregate each)."""
    dates = [m.objects.public().aggregate(latest=Max("updated_at"))["latest"] for m in models]
    return max((d for d in dates if d is not None), default=None)


sitemaps = {
    "partnerships": PartnershipsStaticSitemap,
    "agreements": AgreementSitemap,
    "partners": PartnerSitemap,
    "events": EventSitemap,
}
