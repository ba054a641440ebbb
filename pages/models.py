"""Editable pages of the official site (О городе, Администрация, Контакты…) in a tree.

The tree is a parent link with the page's whole address stored (``path``), not
django-treebeard: the site has tens of pages a few levels deep, a page is found by its
stored address in one indexed query, its ancestors (the breadcrumbs) in one more by the
prefixes of that address, and a move re-addresses the few pages below it. A materialised-path
library would add a dependency and a second tree encoding to keep in step with the address
for no query we need.

The publication rules are those of articles: a status with the same review (draft → in
review → published, ``portal.workflow``), a publication time (a future one schedules the
page, no cron) and an end of publication (``expire_at``); the public vocabulary is
``Page.objects.published()``. Saves keep a django-reversion revision and
are optimistically locked (``VersionedModel``), as articles are.
"""

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, ExpressionWrapper, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pages.addresses import answered_elsewhere, taken_first_segments
from portal.fields import RichTextField
from portal.models import AuditedModel, VersionedModel
from portal.scheduling import visible_q
from portal.slugs import SLUG_MAX_LENGTH, transliterate

PATH_MAX_LENGTH = 500


def public_q(now) -> Q:
    """A page public by its own state: published, due, not expired (the portal's one rule of
    publication windows, ``portal.scheduling``)."""
    return Q(status=Page.Status.PUBLISHED) & visible_q(now, start_may_be_empty=False)


class PageQuerySet(models.QuerySet):
    def published(self):
        """The single definition of what the public may see: published, due, not expired,
        and every page above it so too — a page under a draft, scheduled or expired one is
        hidden with it, from its address, menus, the site map, search and the API alike."""
        now = timezone.now()
        # A hidden page whose address begins this one's: this one or a page above it.
        hidden_above = (
            Page.objects.exclude(public_q(now))
            .annotate(below=ExpressionWrapper(OuterRef("path"), output_field=models.CharField()))
            .filter(below__startswith=F("path"))
        )
        return self.filter(public_q(now)).filter(~Exists(hidden_above))

    def public_by_themselves(self):
        """Published, due and not expired, whatever the pages above: the subpages a preview
        of a page not public yet lists, as they will be listed once it is."""
        return self.filter(public_q(timezone.now()))

    def scheduled(self):
        return self.filter(status=Page.Status.PUBLISHED, publish_at__gt=timezone.now())

    def expiring(self):
        """Public pages that will leave the site by their end of publication."""
        return self.published().filter(expire_at__isnull=False)

    def review_overdue(self, today=None):
        return self.filter(review_by__lt=today or timezone.localdate())

    def for_listing(self):
        return self.defer("body")


@reversion.register()
class Page(VersionedModel, AuditedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent page"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_(
            "The page this one is under: its address and breadcrumbs follow. Empty for a "
            "top-level page."
        ),
    )
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        blank=True,
        help_text=_(
            "The last part of the page's address, transliterated from the title if left "
            "empty. Latin letters, digits, hyphens. If the address changes after the page has "
            "been published, the old one redirects to the new one."
        ),
    )
    path = models.CharField(_("address"), max_length=PATH_MAX_LENGTH, unique=True, editable=False)
    lead = models.TextField(
        _("lead"),
        max_length=600,
        blank=True,
        help_text=_(
            "One or two plain sentences: shown under the title, in search results "
            "and as the description for search engines."
        ),
    )
    body = RichTextField(_("text"), blank=True)
    embed = models.CharField(
        _("embedded block"),
        max_length=50,
        blank=True,
        help_text=_(
            "A live list from another section shown under the text, e.g. the register "
            "of partnerships."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.DRAFT,
        help_text=_("Only published pages whose publication time has come are public."),
    )
    publish_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        help_text=_("A time in the future schedules the page: it appears by itself then."),
    )
    expire_at = models.DateTimeField(
        _("end of publication"),
        null=True,
        blank=True,
        help_text=_("The page leaves the site by itself at this time. Empty: it stays."),
    )
    first_published_at = models.DateTimeField(
        _("first published"), null=True, blank=True, editable=False
    )
    review_by = models.DateField(
        _("review by"),
        null=True,
        blank=True,
        help_text=_(
            "When the page's facts (names, phones, hours) are to be checked again; "
            "the admin lists pages past this date."
        ),
    )
    in_main_menu = models.BooleanField(
        _("in the main menu"), default=False, help_text=_("Shown in the menu under the header.")
    )
    in_footer = models.BooleanField(
        _("in the footer"), default=False, help_text=_("Shown in the footer of every page.")
    )
    menu_order = models.PositiveSmallIntegerField(
        _("order"),
        default=50,
        help_text=_(
            "Smaller numbers come first, in menus and among the pages beside it. "
            "News are 10, partnerships 20–40."
        ),
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["path"]
        get_latest_by = "updated_at"
        permissions = [("publish_page", "Can publish, unpublish and schedule pages")]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "slug"],
                name="pages_page_unique_slug_in_parent",
                violation_error_message=_("A page with this slug is already under this parent."),
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(parent__isnull=True),
                name="pages_page_unique_top_slug",
                violation_error_message=_("A top-level page with this slug already exists."),
            ),
            models.CheckConstraint(
                condition=Q(expire_at__isnull=True) | Q(expire_at__gt=models.F("publish_at")),
                name="pages_page_expires_after_publication",
                violation_error_message=_(
                    "The end of publication must come after the publication time."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "publish_at"], name="pages_page_public_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.path

    @property
    def is_public(self):
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at <= now
            and (self.expire_at is None or self.expire_at > now)
        )

    @property
    def expired_on_schedule(self):
        """Published, but its end of publication has passed: off the site by itself."""
        return (
            self.status == self.Status.PUBLISHED
            and self.expire_at is not None
            and self.expire_at <= timezone.now()
        )

    def ancestor_paths(self) -> list[str]:
        """The addresses of the pages above this one, the top first."""
        parts = self.path.strip("/").split("/")[:-1]
        return ["/" + "/".join(parts[: n + 1]) + "/" for n in range(len(parts))]

    def path_under(self, parent) -> str:
        return f"{parent.path if parent else '/'}{self.slug}/"

    def clean(self):
        super().clean()
        if not self.slug:
            self.slug = transliterate(self.title) or "page"
        if self.expire_at and self.publish_at and self.expire_at <= self.publish_at:
            raise ValidationError(
                {"expire_at": _("The end of publication must come after the publication time.")}
            )
        self._clean_parent()
        self._clean_address()

    def _clean_parent(self):
        if self.parent_id is None or self.pk is None:
            return
        if self.parent_id == self.pk or (self.parent.path.startswith(self._stored_path() or "\0")):
            raise ValidationError(
                {
                    "parent": _(
                        "A page cannot be moved under itself or under one of its own subpages."
                    )
                }
            )

    def _stored_path(self):
        return Page.objects.filter(pk=self.pk).values_list("path", flat=True).first()

    def _clean_address(self):
        path = self.path_under(self.parent if self.parent_id else None)
        if self.parent_id is None and self.slug.lower() in taken_first_segments():
            raise ValidationError(
                {
                    "slug": _(
                        "The address /%(slug)s/ belongs to another section of the site; "
                        "choose another slug."
                    )
                    % {"slug": self.slug}
                }
            )
        if answered_elsewhere(path):
            raise ValidationError(
                {
                    "slug": _(
                        "The address %(path)s is already taken by another part of the "
                        "site; choose another slug."
                    )
                    % {"path": path}
                }
            )

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = transliterate(self.title) or "page"
        self.path = self.path_under(self.parent)
        if self.status == self.Status.PUBLISHED and self.first_published_at is None:
            self.first_published_at = self.publish_at
        super().save(*args, **kwargs)
