"""Publication windows: a record is public from ``publish_at`` until ``expire_at``, no cron.

The one rule, for every kind of content (articles, agreements, events, alert banners, and any
new app's pages or documents): a record is visible at ``now`` when its start is empty or has
come (``start <= now``) and its end is empty or still to come (``now < end``). Nothing is
stored when a moment passes: the public querysets filter by ``visible_q()``, the page cache
learns the next moment from each app's ``PAGE_CACHE_SCHEDULE`` hook (``next_change()``).

A new app uses it in four lines:

* the model inherits ``PublicationWindow`` (two optional fields, ``clean()`` checking that the
  end comes after the start) and adds ``window_constraint()`` to its ``Meta.constraints``;
* its public queryset filters by ``visible_q()`` beside its own «published» flag;
* its ``hooks.py`` registers ``lambda: next_change(Model.objects.<published flag only>())``
  under ``PAGE_CACHE_SCHEDULE`` (an expiry hides content: the cache's scheduled expiry is hard);
* its admin form mixes in ``PublicationWindowFormMixin`` (a newly set end in the past is
  refused: taking something down now is unpublishing it); its list may show ``window_state``
  and filter by ``WindowListFilter``.
"""

import datetime
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Min, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

EXPIRES_BEFORE_PUBLICATION = _("The removal time must come after the publication time.")
EXPIRES_IN_THE_PAST = _(
    "The removal time has passed already. To take it off the site now, unpublish it instead."
)


def visible_q(
    now: datetime.datetime | None = None,
    *,
    prefix: str = "",
    start: str = "publish_at",
    end: str = "expire_at",
    start_may_be_empty: bool = True,
) -> Q:
    """The condition «visible at ``now``» on the fields ``start`` and ``end`` (either empty
    means unlimited); ``prefix`` reaches them across a relation, e.g. ``"agreement__"``.
    ``start_may_be_empty=False`` for a start that is never NULL (articles'), so that the
    condition stays one the newest-first index serves."""
    now = now or timezone.now()
    started = Q(**{f"{prefix}{start}__lte": now})
    if start_may_be_empty:
        started |= Q(**{f"{prefix}{start}__isnull": True})
    return started & (Q(**{f"{prefix}{end}__isnull": True}) | Q(**{f"{prefix}{end}__gt": now}))


def is_visible(
    start: datetime.datetime | None,
    end: datetime.datetime | None,
    now: datetime.datetime | None = None,
) -> bool:
    """``visible_q()`` in Python, for one record in memory."""
    now = now or timezone.now()
    return (start is None or start <= now) and (end is None or now < end)


def next_change(
    queryset: models.QuerySet,
    *,
    start: str = "publish_at",
    end: str = "expire_at",
    now: datetime.datetime | None = None,
) -> datetime.datetime | None:
    """The next moment after ``now`` a record of ``queryset`` appears or disappears (one
    query), for a ``PAGE_CACHE_SCHEDULE`` hook. Give it the records published but for their
    window, so that both their appearance and their expiry are found."""
    now = now or timezone.now()
    # Only the rows with a moment to come, so that indexes on the two fields serve it.
    coming = queryset.filter(Q(**{f"{start}__gt": now}) | Q(**{f"{end}__gt": now}))
    moments = coming.aggregate(
        appears=Min(start, filter=Q(**{f"{start}__gt": now})),
        disappears=Min(end, filter=Q(**{f"{end}__gt": now})),
    )
    return min(filter(None, moments.values()), default=None)


def window_constraint(model_label: str) -> models.CheckConstraint:
    """The database's own guard of the rule ``clean()`` explains: the end after the start."""
    return models.CheckConstraint(
        condition=Q(expire_at__isnull=True)
        | Q(publish_at__isnull=True)
        | Q(expire_at__gt=F("publish_at")),
        name=f"{model_label}_expires_after_publication",
        violation_error_message=EXPIRES_BEFORE_PUBLICATION,
    )


class PublicationWindow(models.Model):
    """``publish_at`` and ``expire_at``, both optional (a model may redefine ``publish_at``,
    as articles do, which always have one)."""

    publish_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: public as soon as it is published. A time in the future schedules it: "
            "it appears by itself at that time."
        ),
    )
    expire_at = models.DateTimeField(
        _("removal time"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: public until unpublished. Otherwise it disappears by itself at this time "
            "from every page, feed, search, the sitemap and the API, and stays here in the "
            "admin."
        ),
    )

    class Meta:
        abstract = True

    @property
    def is_in_window(self) -> bool:
        return is_visible(self.publish_at, self.expire_at)

    @property
    def has_expired(self) -> bool:
        return self.expire_at is not None and self.expire_at <= timezone.now()

    def clean(self) -> None:
        super().clean()
        if self.publish_at and self.expire_at and self.expire_at <= self.publish_at:
            raise ValidationError({"expire_at": EXPIRES_BEFORE_PUBLICATION})


class PublicationWindowFormMixin(forms.ModelForm):
    """Refuses a removal time newly set in the past (an old one may stay as it is)."""

    def clean_expire_at(self) -> datetime.datetime | None:
        expire_at = self.cleaned_data.get("expire_at")
        if (
            expire_at is not None
            and "expire_at" in self.changed_data
            and expire_at <= timezone.now()
        ):
            raise ValidationError(EXPIRES_IN_THE_PAST)
        return expire_at


class WindowListFilter(admin.SimpleListFilter):
    """The admin list filter by publication window (whatever the «published» flag says)."""

    title = _("publication window")
    parameter_name = "window"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("scheduled", pgettext_lazy("publication window", "Scheduled")),
            ("current", pgettext_lazy("publication window", "Within the window")),
            ("expired", pgettext_lazy("publication window", "Removed on schedule")),
        ]

    def queryset(self, request: Any, queryset: models.QuerySet) -> models.QuerySet:
        now = timezone.now()
        if self.value() == "scheduled":
            return queryset.filter(publish_at__gt=now)
        if self.value() == "current":
            return queryset.filter(visible_q(now))
        if self.value() == "expired":
            return queryset.filter(expire_at__lte=now)
        return queryset


def window_state(record: PublicationWindow) -> str:
    """What the admin's list says of a record's window: «Запланировано на 3 декабря, 10:00»,
    «До 5 декабря, 12:00», «Снято с публикации по сроку» or «—»."""
    now = timezone.now()
    if record.expire_at is not None and record.expire_at <= now:
        return pgettext("publication state", "Removed on schedule")
    if record.publish_at is not None and record.publish_at > now:
        when = date_format(timezone.localtime(record.publish_at), "j E Y, H:i")
        return pgettext("publication state", "Scheduled for %(when)s") % {"when": when}
    if record.expire_at is not None:
        when = date_format(timezone.localtime(record.expire_at), "j E Y, H:i")
        return pgettext("publication state", "Until %(when)s") % {"when": when}
    return "—"
