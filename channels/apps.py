from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    """E-mail and, later, the other channels content goes out by; fed by news' signals."""

    name = "channels"
    verbose_name = _("Notifications")

    def ready(self):
        from channels import notifications
        from channels.subscriptions import (
            admin,  # noqa: F401 (registers the subscribers' admin)
            signals,
        )

        notifications.connect()
        signals.connect()
