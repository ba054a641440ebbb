from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils.functional import cached_property

from news.models import Article, Rubric


def last_change(articles):
    """The latest moment a list of ``articles`` changed: an edit or a publication coming due."""
    return articles.aggregate(last=Max(Greatest("updated_at", "publish_at")))["last"]


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-publish_at")

    def lastmod(self, article):
        return article.updated_at


class RubricSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        latest = (
            Article.objects.published()
            .filter(rubric=OuterRef("pk"))
            .order_by()
            .values("rubric")
            .annotate(last=Max(Greatest("updated_at", "publish_at")))
            .values("last")
        )
        # A rubric without public news is an empty page: left out until it has some.
        return Rubric.objects.annotate(last_change=Subquery(latest)).filter(
            last_change__isnull=False
        )

    def lastmod(self, rubric):
        return rubric.last_change


class StaticSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["news:home", "news:list"]

    def location(self, item):
        return reverse(item)

    @cached_property
    def _last_change(self):
        return last_change(Article.objects.published())

    def lastmod(self, item):
        return self._last_change


sitemaps = {"static": StaticSitemap, "news": ArticleSitemap, "rubrics": RubricSitemap}
