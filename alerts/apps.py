from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """The site-wide alert banner; what it adds to every page and to the page cache is in
    alerts/hooks.py."""

    name = "alerts"
    verbose_name = _("Alert banners")
