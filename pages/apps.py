from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """What pages add to shared features (menus, search, page cache) is in pages/hooks.py."""

    name = "pages"
    verbose_name = _("Pages")
