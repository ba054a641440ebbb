from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # checks registers itself; navigation, the portal's own page cache schedule.
        from portal import checks, hooks, navigation, sqlite  # noqa: F401
        from portal.cache import on_content_change
        from portal.characters import normalise_text_fields
        from portal.search import pins, upkeep

        sqlite.connect()

        normalise_text_fields()

        post_save.connect(upkeep.on_save, dispatch_uid="portal-search-index-save")
        post_delete.connect(upkeep.on_delete, dispatch_uid="portal-search-index-delete")
        for signal in (post_save, post_delete):
            signal.connect(
                pins.forget_pins, sender="portal.SearchPin", dispatch_uid=f"pins-{id(signal)}"
            )
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(on_content_change, dispatch_uid=f"portal-cache-{id(signal)}")

        from portal.tasks import purge_drafts

        hooks.register(hooks.DAILY_TASKS, purge_drafts)
        hooks.discover()

        from portal.redirects import tracking

        tracking.connect()

        from django_tasks.signals import task_finished

        from portal.queue import retry_failed_task

        task_finished.connect(retry_failed_task, dispatch_uid="portal-queue-retry")
