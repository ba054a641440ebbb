from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """What news adds to shared features (search, feeds, page cache) is in news/hooks.py."""

    name = "news"
    verbose_name = _("News")

    def ready(self):
        from news.search import keep_search_vector_current

        post_save.connect(
            keep_search_vector_current, sender="news.Article", dispatch_uid="news-search-vector"
        )
