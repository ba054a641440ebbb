from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from portal.models import AuditedModel
from portal.scheduling import next_change, visible_q


class BannerQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def live(self, now=None):
        """Published, and ``now`` within its times (a missing time does not limit it)."""
        return self.published().filter(visible_q(now, start="starts_at", end="ends_at"))

    def hideable(self):
        """The banners a reader may hide: all but emergencies."""
        return self.exclude(severity=Banner.Severity.EMERGENCY)

    def for_display(self):
        """The most urgent first (emergency, mourning, warning, information), then the newest."""
        severities = Banner.Severity
        rank = Case(
            When(severity=severities.EMERGENCY, then=Value(0)),
            When(severity=severities.MOURNING, then=Value(1)),
            When(severity=severities.WARNING, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
        return self.annotate(rank=rank).order_by("rank", "-starts_at", "-pk")

    def next_change(self, now=None):
        """The next moment a published banner starts or ends, or None (one query)."""
        return next_change(self.published(), start="starts_at", end="ends_at", now=now)


class Banner(AuditedModel):
    """A line across the top of the public pages: an emergency, a warning, an announcement or
    mourning."""

    class Severity(models.TextChoices):
        INFO = "info", _("Information")
        WARNING = "warning", _("Warning")
        EMERGENCY = "emergency", _("Emergency")
        MOURNING = "mourning", _("Mourning")

    class Section(models.TextChoices):
        HOME = "home", _("Home page")
        NEWS = "news", _("News")
        PARTNERSHIPS = "partnerships", _("Partnerships and partners")
        EVENTS = "events", _("Events")

    severity = models.CharField(
        _("severity"),
        max_length=16,
        choices=Severity,
        default=Severity.INFO,
        help_text=_(
            "An emergency is shown in red and readers cannot hide it; mourning turns the "
            "site's colours grey while the banner is shown."
        ),
    )
    text = models.CharField(
        _("text"),
        max_length=300,
        help_text=_("Plain text, up to 300 characters: what happened and what to do."),
    )
    link_url = models.URLField(
        _("link"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Optional: a page with the details (an address starting with https://)."),
    )
    link_text = models.CharField(
        _("link text"),
        max_length=80,
        blank=True,
        help_text=_("The words of the link; «More» when left empty."),
    )
    starts_at = models.DateTimeField(
        _("show from"),
        null=True,
        blank=True,
        help_text=_("Moscow time. Empty: from the moment it is published."),
    )
    ends_at = models.DateTimeField(
        _("show until"),
        null=True,
        blank=True,
        help_text=_(
            "Moscow time. At this moment the banner disappears by itself. Empty: until it is unpublished."
        ),
    )
    sections = models.JSONField(
        _("sections"),
        default=list,
        blank=True,
        help_text=_("The sections of the site where it is shown. None chosen: on every page."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown on the site (within its times) only while this is ticked."),
    )

    objects = BannerQuerySet.as_manager()

    class Meta:
        verbose_name = _("banner")
        verbose_name_plural = _("banners")
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        indexes = [models.Index(fields=["is_published", "ends_at"], name="banner_live")]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="banner_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(link_text="") | ~Q(link_url=""),
                name="banner_link_text_needs_a_link",
            ),
            models.CheckConstraint(
                condition=Q(severity__in=["info", "warning", "emergency", "mourning"]),
                name="banner_severity_known",
            ),
        ]

    def __str__(self):
        return self.text if len(self.text) <= 60 else self.text[:59].rstrip() + "…"

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The banner must end after it starts.")
        if self.link_text and not self.link_url:
            errors["link_url"] = _("Give the address the link text leads to.")
        unknown = set(self.sections or []) - set(self.Section.values)
        if not isinstance(self.sections, list) or unknown:
            errors["sections"] = _("Choose sections from the list.")
        if errors:
            raise ValidationError(errors)

    @property
    def can_be_hidden(self) -> bool:
        return self.severity != self.Severity.EMERGENCY

    @property
    def hide_token(self) -> str:
        """What a reader's cookie records when they hide this banner: a changed banner (its
        text made more urgent, say) is shown to them again."""
        return f"{self.pk}-{int(self.updated_at.timestamp())}"

    def shows_in(self, section: str | None) -> bool:
        return not self.sections or section in self.sections

    @property
    def section_labels(self) -> list[str]:
        labels = dict(self.Section.choices)
        return [labels[value] for value in self.sections if value in labels]
