"""Announcements for journalists, the press office's contacts and the journalists'
accreditation requests (personal data: seen only by the chief editor, see portal/roles.py)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news.models import Article
from partnerships.models import Event
from portal.models import AuditedModel


def start_of_today() -> datetime.datetime:
    """Midnight of today in the site's zone (Moscow), as an aware datetime."""
    today = timezone.localdate()
    return datetime.datetime.combine(today, datetime.time.min, timezone.get_current_timezone())


class AnnouncementQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)

    def upcoming(self):
        """Announcements of today (Moscow) and later, soonest first: one of today stays
        listed until midnight."""
        return self.filter(starts_at__gte=start_of_today()).order_by("starts_at", "id")

    def accrediting(self):
        """Those a journalist may still ask accreditation for: upcoming, not begun, and
        before the accreditation deadline (without one, until the start)."""
        now = timezone.now()
        return self.upcoming().filter(
            Q(accreditation_until__isnull=True) | Q(accreditation_until__gte=now),
            starts_at__gt=now,
        )

    def for_listing(self):
        return self.select_related("article", "event__agreement")


class Announcement(AuditedModel):
    """An upcoming event announced to journalists («анонс»): when, where, whom to ask."""

    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(
        _("what happens"),
        help_text=_("What happens and what journalists can film or ask about; plain text."),
    )
    starts_at = models.DateTimeField(
        _("starts at"),
        help_text=_(
            "Date and time (Moscow). The announcement leaves the list of upcoming ones after "
            "that day."
        ),
    )
    place = models.CharField(_("place"), max_length=300)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    accreditation_until = models.DateTimeField(
        _("accreditation deadline"),
        null=True,
        blank=True,
        help_text=_(
            "Requests for accreditation are accepted until this time (Moscow); left empty, "
            "until the start."
        ),
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("partnership event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="announcements",
        help_text=_("The event of the register it announces, if any: linked while it is public."),
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="announcements",
        help_text=_("A news item or press release about it, linked once it is published."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Only published announcements are shown and accept accreditation requests."),
    )

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-starts_at", "-id"]
        get_latest_by = "starts_at"
        indexes = [models.Index(fields=["is_published", "starts_at"], name="press_upcoming_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(accreditation_until__isnull=True)
                | Q(accreditation_until__lte=models.F("starts_at")),
                name="press_accreditation_before_start",
                violation_error_message=_(
                    "The accreditation deadline must not be after the start."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("press:section") + f"#announcement-{self.pk}"

    def clean(self):
        super().clean()
        if (
            self.accreditation_until
            and self.starts_at
            and self.accreditation_until > self.starts_at
        ):
            raise ValidationError(
                {
                    "accreditation_until": _(
                        "The accreditation deadline must not be after the start."
                    )
                }
            )

    @property
    def accreditation_closes_at(self):
        return self.accreditation_until or self.starts_at

    @property
    def accepts_requests(self) -> bool:
        return (
            self.is_published
            and timezone.now() <= self.accreditation_closes_at
            and (timezone.now() < self.starts_at)
        )

    @property
    def public_event(self):
        event = self.event
        if (
            event
            and event.is_published
            and (event.agreement is None or event.agreement.is_published)
        ):
            return event
        return None

    @property
    def public_article(self):
        return self.article if self.article and self.article.is_public else None


class PressContact(models.Model):
    """A person of the press office journalists may call: shown on /press/ and in its block;
    the office's notifications of accreditation requests go to their e-mail addresses."""

    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(
        _("position"),
        max_length=200,
        help_text=_("For example: press secretary of the head of the city."),
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    receives_requests = models.BooleanField(
        _("receives accreditation requests"),
        default=True,
        help_text=_("Mail this person about every new accreditation request."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Contacts with smaller numbers come first.")
    )

    class Meta:
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.name}, {self.position}"

    def get_absolute_url(self):
        return reverse("press:section") + "#press-contacts"


class AccreditationRequest(models.Model):
    """A journalist's request for accreditation to an announced event, with the consent to
    processing their personal data (152-ФЗ) as they were shown it."""

    name = models.CharField(_("full name"), max_length=200)
    outlet = models.CharField(_("media outlet"), max_length=200)
    position = models.CharField(_("position"), max_length=200)
    phone = models.CharField(_("phone"), max_length=50)
    email = models.EmailField(_("e-mail"))
    announcement = models.ForeignKey(
        Announcement,
        verbose_name=_("announcement"),
        on_delete=models.PROTECT,
        related_name="accreditation_requests",
    )
    consent_text = models.TextField(_("consent text"))
    consented_at = models.DateTimeField(_("consented at"))
    # HMAC of the client's address (channels.subscriptions.models.address_hash): the limits
    # count requests per client without storing the address itself.
    client_hash = models.CharField(max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("accreditation request")
        verbose_name_plural = _("accreditation requests")
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"{self.name} ({self.outlet})"
