from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """What news adds to shared features (search, feeds, page cache) is in news/hooks.py."""

    name = "news"
    verbose_name = _("News")
