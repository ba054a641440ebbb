from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from news.models import Article, Rubric


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
        return Rubric.objects.all()


class StaticSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["news:home", "news:list"]

    def location(self, item):
        return reverse(item)


sitemaps = {"static": StaticSitemap, "news": ArticleSitemap, "rubrics": RubricSitemap}
