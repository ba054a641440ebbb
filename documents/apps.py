from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """The register of the city's acts and official documents; what it adds to the search,
    the feeds, the menus and the page cache is in documents/hooks.py."""

    name = "documents"
    verbose_name = _("Documents")
