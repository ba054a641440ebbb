from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from portal.cache import register_schedule_provider

        register_schedule_provider(next_scheduled_publication)


def next_scheduled_publication():
    """The moment the next scheduled article becomes public (the page cache expires then)."""
    from django.db.models import Min

    from news.models import Article

    return Article.objects.scheduled().aggregate(next=Min("publish_at"))["next"]
