from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    """What partnerships adds to shared features (search, feeds, page cache, the home and
    article pages, the article admin) is in partnerships/hooks.py."""

    name = "partnerships"
    verbose_name = _("Partnerships")
