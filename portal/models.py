from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult
from solo.models import SingletonModel

from portal.fields import RichTextField
from portal.images import ValidatedImageField
from portal.search.query import normalised_query

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


class AuditedModel(models.Model):
    """Who created and last changed a record, and when."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True


class EditConflict(Exception):
    """Saving would overwrite what someone else saved after this copy was loaded."""

    def __init__(self, instance: models.Model, expected_version: int) -> None:
        self.instance = instance
        self.expected_version = expected_version
        super().__init__(
            f"{instance._meta.label} {instance.pk} is no longer at version {expected_version}"
        )


class VersionedModel(models.Model):
    """Optimistic locking: a save only succeeds over the version it was loaded at.

    Every update first moves the stored ``version`` from the instance's value to the next one
    in a single conditional UPDATE; when no row matches, someone saved (or deleted) the record
    in between and ``EditConflict`` is raised instead of overwriting their work. The editors'
    forms carry the version they were opened at (see ``portal.admin.HistoryAdmin``).
    Inserts, bulk inserts and raw saves (fixtures, restoring history) are not checked.
    """

    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Counts the saves. A form opened before the last save cannot overwrite it."),
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if (
            self._state.adding
            or self.pk is None
            or kwargs.get("force_insert")
            or (update_fields is not None and not update_fields)
        ):
            super().save(*args, **kwargs)
            return
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        expected = self.version
        with transaction.atomic(using=using):
            claimed = (
                type(self)
                ._base_manager.using(using)
                .filter(pk=self.pk, version=expected)
                .update(version=expected + 1)
            )
            if not claimed:
                raise EditConflict(self, expected)
            self.version = expected + 1
            try:
                super().save(*args, **kwargs)
            except BaseException:
                self.version = expected
                raise


class AuditEventQuerySet(models.QuerySet):
    def record(
        self,
        action: str,
        obj: models.Model,
        *,
        by: "AbstractBaseUser | AnonymousUser | None" = None,
        note: str = "",
    ) -> "AuditEvent":
        """Write down that ``by`` did ``action`` to ``obj``."""
        actor = by if by is not None and by.is_authenticated else None
        return self.create(
            action=action,
            actor=actor,
            actor_name=actor.get_username() if actor else "",
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=str(obj.pk),
            object_repr=str(obj)[:300],
            note=note,
        )

    def for_object(self, obj: models.Model) -> "AuditEventQuerySet":
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=str(obj.pk),
        )


class AuditEvent(models.Model):
    """One editorial decision: who published, unpublished, sent back or deleted what, and when.

    Written by the editorial services and the admin's delete hooks; read-only in the admin.
    """

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        SENT_BACK = "sent_back", _("Sent back to the author")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        UNPUBLISHED = "unpublished", _("Unpublished")
        ARCHIVED = "archived", _("Archived")
        HIDDEN = "hidden", _("Hidden from the site")
        DELETED = "deleted", _("Deleted")
        RESTORED = "restored", _("Restored from history")
        CROSSPOSTED = "crossposted", _("Posted to a channel")
        CROSSPOST_FAILED = "crosspost_failed", _("Posting to a channel failed")
        CROSSPOST_EDITED = "crosspost_edited", _("Channel post edited")
        CROSSPOST_DELETED = "crosspost_deleted", _("Channel post deleted")

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(
        _("user name"),
        max_length=150,
        blank=True,
        help_text=_("Kept when the account is deleted."),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of record"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    object_id = models.CharField(_("record ID"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=300)
    note = models.TextField(_("comment"), blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit trail entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="portal_audit_object_idx"),
            models.Index(fields=["action", "-created_at"], name="portal_audit_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.object_repr}"


class SiteSettings(SingletonModel):
    """Everything city-specific that the templates show; edited in the admin."""

    city_name = models.CharField(
        _("city name"),
        max_length=100,
        help_text=_("Shown in the header, the page titles and the feeds."),
    )
    office_name = models.CharField(
        _("office name"),
        max_length=200,
        default="Управление информационной политики Администрации города",
        help_text=_("The publisher named on every page, in feeds and in structured data."),
    )
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    logo = ValidatedImageField(
        _("logo or coat of arms"),
        upload_to="site/",
        blank=True,
        help_text=_("A square image works best; PNG with transparency is fine."),
    )
    address = models.CharField(_("postal address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    working_hours = models.CharField(_("working hours"), max_length=200, blank=True)
    vk_url = models.URLField(_("VK page"), blank=True)
    telegram_url = models.URLField(_("Telegram channel"), blank=True)
    ok_url = models.URLField(_("Odnoklassniki page"), blank=True)
    footer_note = models.TextField(
        _("footer note"),
        blank=True,
        help_text=_("Plain text, e.g. the terms of reusing the site's materials."),
    )
    region = models.CharField(
        _("region"),
        max_length=200,
        blank=True,
        help_text=_("Shown after the city in the header, e.g. «Луганская Народная Республика»."),
    )
    administration_url = models.URLField(
        _("city administration's website"),
        blank=True,
        help_text=_("The main official site of the city administration, linked in the footer."),
    )
    feedback_url = models.URLField(
        _("feedback platform"),
        blank=True,
        help_text=_(
            "The address of the administration's form on the Gosuslugi feedback platform "
            "(«Платформа обратной связи», https://pos.gosuslugi.ru/…), where residents send "
            "appeals. Linked in the menu and the footer; the site loads nothing from there."
        ),
    )
    privacy_policy = RichTextField(
        _("personal data processing policy"),
        blank=True,
        help_text=_(
            "The text of the page «Политика обработки персональных данных» (152-ФЗ). Leave it "
            "empty for the standard text, which names the office, its address and e-mail from "
            "these settings and what the site processes."
        ),
    )
    typography = models.BooleanField(
        _("Russian typography on save"),
        default=True,
        help_text=_(
            "When an article, an agreement or an event is saved, its title, lead (summary) and "
            "text get «ёлочки» for quotes, non-breaking spaces after short words such as «в» "
            "and «не» and before dashes, and a dash for a spaced hyphen. Links, e-mail "
            "addresses and code are left as they are."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("site settings")

    def __str__(self) -> str:
        return str(_("Site settings"))

    @property
    def social_links(self) -> list[tuple[str | Promise, str]]:
        links = [
            (_("VK"), self.vk_url),
            (_("Odnoklassniki"), self.ok_url),
            (_("Telegram"), self.telegram_url),
        ]
        return [(name, url) for name, url in links if url]


class PhotoManager(models.Manager):
    """A photo is always shown with its library image: fetched with it (prefetches too)."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().select_related("image")


class Photo(models.Model):
    """A photo of a gallery: subclasses add the ``image`` (a library image) and the object
    it belongs to; the alt text and caption are this use's own."""

    alt = models.CharField(
        _("image description (alt text)"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the photo shows, for readers who cannot see it; empty, the library's "
            "description of the image is used."
        ),
    )
    caption = models.CharField(_("caption and credit"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.alt

    def clean(self) -> None:
        super().clean()
        image = getattr(self, "image", None) if getattr(self, "image_id", None) else None
        if image is not None:
            self.alt = self.alt.strip() or image.alt
            self.caption = self.caption or image.caption
        if not self.alt.strip():
            raise ValidationError({"alt": _("Describe the photo in its alt text.")})


class SearchPin(models.Model):
    """An editor's «best answer» for a query: shown first, whatever the ranking says."""

    query = models.CharField(
        _("query"),
        max_length=200,
        help_text=_(
            "The query as readers type it. Case, «ё» and extra spaces do not matter: "
            "«Торез» also pins the result for «торез»."
        ),
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of content"),
        on_delete=models.CASCADE,
        help_text=_("News, an agreement, an event or a partner."),
    )
    object_id = models.PositiveBigIntegerField(
        _("object number"),
        help_text=_("The number of the object in the admin (the digits in its address)."),
    )
    target = GenericForeignKey("content_type", "object_id")
    order = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_(
            "Several results pinned for one query are shown in this order, smallest first."
        ),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive pin is kept but not shown.")
    )

    class Meta:
        verbose_name = _("pinned search result")
        verbose_name_plural = _("pinned search results")
        ordering = ["query", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["query", "content_type", "object_id"], name="portal_searchpin_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.query} → {self.target or self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.query = normalised_query(self.query)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("portal:search") + "?" + urlencode({"q": self.query})

    def clean(self) -> None:
        self.query = normalised_query(self.query)
        if not self.query:
            raise ValidationError({"query": _("Type the query the result is pinned for.")})
        if self.content_type_id and self.object_id and self.target is None:
            raise ValidationError({"object_id": _("There is no such object of this kind.")})


class QueuedTask(DBTaskResult):
    """The task queue's rows (django-tasks-db) as the admin shows them to editors, with
    permissions of their own that a role can be given (``portal.view_queuedtask``)."""

    class Meta:
        proxy = True
        verbose_name = _("queued task")
        verbose_name_plural = _("queued tasks")
        ordering = ["-enqueued_at"]


class DailyRun(models.Model):
    """The claim of one day's run of a daily task (``portal.periodic``): the unique
    (name, day) row lets only the first worker, or the first ``run_daily_checks``, enqueue it."""

    name = models.CharField(_("task"), max_length=200)
    day = models.DateField(_("day"), help_text=_("The date in the site's time zone (Moscow)."))
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("daily run")
        verbose_name_plural = _("daily runs")
        ordering = ["-day", "name"]
        get_latest_by = "day"
        constraints = [
            models.UniqueConstraint(fields=["name", "day"], name="one_daily_run_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.day:%Y-%m-%d}"


class Redirect(AuditedModel):
    """An old address of this site answered with a permanent redirect (301) to a new one.

    Ours rather than ``django.contrib.redirects``: that one needs ``django.contrib.sites``,
    which turns every feed's and sitemap's links from the request's host into a database row
    (``example.com`` until someone edits it), and keeps 200-character paths, too short for an
    old site's percent-encoded Cyrillic addresses. See ``portal.redirects``.
    """

    class Source(models.TextChoices):
        MOVED = "moved", _("Address changed")
        IMPORTED = "imported", _("News import")
        EDITOR = "editor", _("Added by an editor")
        FILE = "file", _("CSV file")

    old_path = models.CharField(
        _("old address"),
        max_length=500,
        unique=True,
        error_messages={"unique": _("There is a redirect from this address already.")},
        help_text=_(
            "A path on this site, without the domain: «/news/old-address/». An old site's full "
            "address is cut to its path. A query («?id=5») is matched only with it."
        ),
    )
    new_path = models.CharField(
        _("new address"),
        max_length=600,
        help_text=_(
            "Where readers are sent: a path on this site («/news/new-address/») or, to send "
            "them to another site, its full https:// address."
        ),
    )
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=Source.choices,
        default=Source.EDITOR,
        editable=False,
        help_text=_("Whether the site made the redirect itself or an editor added it."),
    )

    class Meta:
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")
        ordering = ["old_path"]
        get_latest_by = "created_at"
        indexes = [models.Index(fields=["new_path"], name="portal_redirect_target_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(old_path=F("new_path")),
                name="portal_redirect_not_to_itself",
                violation_error_message=_("A redirect cannot lead to its own address."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_path} → {self.new_path}"


class EditDraft(models.Model):
    """An editor's unsaved change form, autosaved while they type (``portal.desk``).

    Private to its author and apart from the history: a revision is written only when the
    editor saves. One per editor and record, or per editor and model for a form adding a new
    record (``object_id`` empty); deleted when the form is saved, purged when old.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(
        _("record ID"), max_length=64, blank=True, help_text=_("Empty for a new record.")
    )
    fields = models.JSONField(
        _("form fields"), default=list, help_text=_("The form's fields as [name, value] pairs.")
    )
    names = models.JSONField(
        _("names"), default=list, help_text=_("Every field the form had, filled or not.")
    )
    labels = models.JSONField(
        _("choice labels"), default=dict, help_text=_("What the chosen options read.")
    )
    updated_at = models.DateTimeField(_("saved"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("autosaved draft")
        verbose_name_plural = _("autosaved drafts")
        ordering = ["-updated_at"]
        get_latest_by = "updated_at"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="portal_one_draft_per_form"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id or 'new'} ({self.user_id})"
