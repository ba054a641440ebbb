from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        from partnerships import search
        from portal.cache import register_schedule_provider

        register_schedule_provider(next_event_day_change)
        search.register()


def next_event_day_change():
    """The coming midnight while public events are still to come: an upcoming event may
    become a past one then, with no save to invalidate the page cache."""
    import datetime

    from django.utils import timezone

    from partnerships.models import Event

    if not Event.objects.public().upcoming().exists():
        return None
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return datetime.datetime.combine(
        tomorrow, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
