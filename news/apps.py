from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """What news adds to shared features (search, feeds, page cache) is in news/hooks.py."""

    name = "news"
    verbose_name = _("News")

    def ready(self):
        from news.storage import delete_upload

        post_delete.connect(
            delete_upload, sender="news.ImportRun", dispatch_uid="news-import-file"
        )
