"""What news contributes to the portal's shared features (see portal/hooks.py)."""

from django.db.models import Min

from news.feeds import feed_directory
from news.models import Article
from news.search import ArticleSearchProvider
from portal import hooks

hooks.register(hooks.SEARCH_PROVIDERS, ArticleSearchProvider())
hooks.register(hooks.FEEDS, feed_directory)


@hooks.register(hooks.PAGE_CACHE_SCHEDULE)
def next_scheduled_publication():
    """The moment the next scheduled article becomes public."""
    return Article.objects.scheduled().aggregate(next=Min("publish_at"))["next"]
