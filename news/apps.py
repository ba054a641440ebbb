from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from news.feeds import feed_directory
        from news.search import ArticleSearchProvider
        from portal import search
        from portal.cache import register_schedule_provider
        from portal.feeds import register_feed_directory

        register_schedule_provider(next_scheduled_publication)
        search.registry.register(ArticleSearchProvider())
        register_feed_directory(feed_directory)


def next_scheduled_publication():
    """The moment the next scheduled article becomes public (the page cache expires then)."""
    from django.db.models import Min

    from news.models import Article

    return Article.objects.scheduled().aggregate(next=Min("publish_at"))["next"]
