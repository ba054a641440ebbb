from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    """The shared image library: articles, galleries, events and partners refer to its
    images instead of holding files of their own."""

    name = "media"
    verbose_name = _("Media library")
