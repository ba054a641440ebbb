"""How the site search finds news (its index is kept current by portal.search.upkeep)."""

from datetime import timedelta

from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from news.models import Article
from portal.search import ModelSearchProvider, start_of_day


class ArticleSearchProvider(ModelSearchProvider):
    kind = "news"
    label = _("News")
    item_label = _("News")
    fields = (("title", "A"), ("lead", "B"), ("body", "C"))
    rich_text_fields = frozenset({"body"})
    snippet_fields = ("lead", "body")
    vector_field = "search_vector"
    newest_first = ("-publish_at",)  # served by the index news_article_public_idx

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def date_of(self):
        return TruncDate("publish_at")

    def filter_dates(self, queryset, date_from, date_to):
        if date_from:
            queryset = queryset.filter(publish_at__gte=start_of_day(date_from))
        if date_to:
            queryset = queryset.filter(publish_at__lt=start_of_day(date_to + timedelta(days=1)))
        return queryset

    def describe(self, article):
        published = timezone.localtime(article.publish_at)
        return {
            "date": published.date(),
            "date_text": date_format(published, "j E Y"),
            "date_iso": published.replace(microsecond=0).isoformat(),
            "meta": article.rubric.name,
        }
