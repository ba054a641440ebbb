from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressConfig(AppConfig):
    """The section for journalists («Для СМИ»): press releases, announcements, press contacts
    and accreditation requests; what it adds to shared features is in press/hooks.py."""

    name = "press"
    verbose_name = _("For the media")

    def ready(self):
        from press import signals

        signals.connect()
