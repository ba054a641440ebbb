from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """What pages add to shared features (menus, search, page cache) is in pages/hooks.py."""

    name = "pages"
    verbose_name = _("Pages")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from pages.navigation import forget_public_pages

        for signal in (post_save, post_delete):
            signal.connect(
                forget_public_pages, sender="pages.Page", dispatch_uid=f"pages-{signal}"
            )
