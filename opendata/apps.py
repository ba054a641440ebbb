from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """The register's open data sets (/opendata/); what it adds to shared features (the site
    map, the footer, the daily check for new versions) is in opendata/hooks.py."""

    name = "opendata"
    verbose_name = _("Open data")
