from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    """E-mail and the social networks' channels content goes out by; fed by news' signals."""

    name = "channels"
    verbose_name = _("Notifications")

    def ready(self):
        from channels import notifications
        from channels.crossposting import (
            admin as crossposting_admin,  # noqa: F401 (registers the channels' admin)
        )
        from channels.crossposting import signals as crossposting_signals
        from channels.subscriptions import (
            admin,  # noqa: F401 (registers the subscribers' admin)
            signals,
        )

        notifications.connect()
        signals.connect()
        crossposting_signals.connect()
