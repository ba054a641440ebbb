"""Records whose public address may change: when one that was public once moves, its old
address redirects to the new one (``services.record_move``).

Each app declares its records under the ``REDIRECTED_MODELS`` hook (``news/hooks.py``,
``partnerships/hooks.py``) as a ``MovingAddresses``: the model, the stored fields its address
and «was public» read, and ``was_public(stored)``, asked of the record as it was before the
save. ``connect()`` (``PortalConfig.ready``) listens to their saves: before one, the stored
address is read (one small query, skipped when ``update_fields`` names none of the fields);
after it, a changed address makes the redirect. A record public for the first time frees its
address of any redirect, so a live page is never the old address of one.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_save, pre_save

from portal import hooks
from portal.redirects import services

BEFORE = "_redirects_address_before"


@dataclass(frozen=True)
class MovingAddresses:
    model: type[Model]
    fields: tuple[str, ...]
    was_public: Callable[[Any], bool]

    def address(self, record: Model) -> str:
        return record.get_absolute_url()  # type: ignore[attr-defined]

    def remember(
        self, instance: Model, raw: bool = False, update_fields: Any = None, **_kwargs: Any
    ) -> None:
        if raw or instance._state.adding or instance.pk is None:
            return
        if update_fields is not None and not set(update_fields) & set(self.fields):
            return
        manager = self.model._base_manager
        stored = manager.filter(pk=instance.pk).only(*self.fields).first()
        if stored is not None:
            setattr(instance, BEFORE, (stored, self.address(stored)))

    def redirect(self, instance: Model, created: bool, raw: bool, **_kwargs: Any) -> None:
        if raw:
            return
        before = instance.__dict__.pop(BEFORE, None)
        if created:
            if self.was_public(instance):
                services.release(self.address(instance))
            return
        if before is None:
            return
        stored, old_url = before
        new_url = self.address(instance)
        if self.was_public(stored):
            if old_url != new_url:
                services.record_move(old_url, new_url)
        elif self.was_public(instance):  # public for the first time: its address is live
            services.release(new_url)


def connect() -> None:
    for moving in hooks.get_hooks(hooks.REDIRECTED_MODELS):
        label = moving.model._meta.label_lower
        pre_save.connect(
            moving.remember, sender=moving.model, weak=False, dispatch_uid=f"redirects-{label}-pre"
        )
        post_save.connect(
            moving.redirect,
            sender=moving.model,
            weak=False,
            dispatch_uid=f"redirects-{label}-post",
        )
