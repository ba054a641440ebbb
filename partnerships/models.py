"""The register of the city's partnerships.

Partners (cities and organisations) sign agreements that cover areas of cooperation; events
make up each agreement's timeline; cooperation plans list what is to be done and by whom.

What the public sees is decided by the querysets below and nowhere else:

* every record below is public only within its publication window, ``publish_at`` to
  ``expire_at`` (both optional; ``portal.scheduling``, the same rule as articles'), on top of
  the conditions that follow;
* an agreement is public when an editor has ticked «published» — whatever its status, so the
  register shows agreements still under negotiation as well as expired or terminated ones;
  new agreements and events start unpublished, like articles;
* an event is public when it is published and, if it belongs to an agreement, that agreement
  is public too (an unpublished draft agreement does not leak through its events);
* a cooperation plan (and each of its items) is public when its agreement is public and the
  plan is no longer a draft;
* a partner is public when a public agreement or a public event names it.

Upcoming and past events, the progress of a plan and an agreement's expiry by its «valid
until» (``Agreement.status_on``, ``AgreementQuerySet.with_current_status``) are derived,
never stored.
"""

import datetime

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, ExpressionWrapper, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from news.models import Article
from partnerships.dates import (
    Precision,
    add_years,
    format_span,
    infer_precision,
    period_end,
    period_start,
)
from portal.documents import PrivatePDFField
from portal.fields import RichTextField, choice_label
from portal.models import AuditedModel, Photo, PhotoManager, VersionedModel
from portal.scheduling import PublicationWindow, visible_q, window_constraint
from portal.slugs import SLUG_MAX_LENGTH, SlugOnSaveMixin

# Paths next to the slug patterns in partnerships/urls.py that a slug must not shadow.
RESERVED_AGREEMENT_SLUGS = ("partners", "history")
RESERVED_EVENT_SLUGS = ("rss",)
# Earlier first; of two events starting together, the one without an end (a single day,
# month or year) first. Explicit about NULLs so SQLite and PostgreSQL agree.
TIMELINE_ORDER = ("starts_on", F("ends_on").asc(nulls_first=True), "id")


def stamp_first_publication(record, save_kwargs):
    """Remember when an agreement or an event was first published (its address redirects if
    it changes later), also in a save of a few fields."""
    if record.is_published and record.first_published_at is None:
        record.first_published_at = timezone.now()
        if save_kwargs.get("update_fields") is not None:
            save_kwargs["update_fields"] = [*save_kwargs["update_fields"], "first_published_at"]


class PartnerQuerySet(models.QuerySet):
    def public(self):
        """Partners named by at least one public agreement or public event."""
        return self.filter(
            Exists(Agreement.objects.public().filter(partners=OuterRef("pk")))
            | Exists(Event.objects.public().filter(partners=OuterRef("pk")))
        )

    def counterparts(self):
        """Everyone but the portal's own city."""
        return self.filter(is_home=False)

    def with_emblem(self):
        """What lists showing the partners' coats of arms or logos read: the library image."""
        return self.select_related("coat_of_arms")


class Partner(SlugOnSaveMixin, AuditedModel):
    class Kind(models.TextChoices):
        CITY = "city", _("City or town")
        REGION = "region", _("District or region")
        ORGANISATION = "organisation", _("Organisation")

    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.CITY,
        help_text=_("Cities are listed as partner cities on the home page."),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_(
            "As it is usually written, e.g. «Торез» or «Донбасский технический университет»."
        ),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        blank=True,
        help_text=_(
            "The partner's address: /partnerships/partners/<slug>/. "
            "Transliterated from the name if left empty. If it changes once the partner has "
            "been shown on the site, the old address redirects to the new one."
        ),
    )
    is_home = models.BooleanField(
        _("our city"),
        default=False,
        help_text=_(
            "Tick for the portal's own city, which is a party to its agreements. "
            "It is not listed among the partners. Only one partner can be our city."
        ),
    )
    region = models.CharField(
        _("region and country"),
        max_length=200,
        blank=True,
        help_text=_("Free text shown under the name, e.g. «Донецкая Народная Республика»."),
    )
    description = RichTextField(
        _("description"),
        blank=True,
        help_text=_("A few paragraphs about the partner for its public page."),
    )
    coat_of_arms = models.ForeignKey(
        "media.Image",
        verbose_name=_("coat of arms or logo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="emblem_of_partners",
        help_text=_(
            "From the media library. PNG with a transparent background works best; it is "
            "shown small."
        ),
    )
    website = models.URLField(
        _("website"),
        blank=True,
        help_text=_("The partner's official site, starting with https://."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Optional, in degrees (−90 to 90), e.g. 48.036. Fill in both or neither."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Optional, in degrees (−180 to 180), e.g. 38.598. Fill in both or neither."),
    )
    population = models.PositiveIntegerField(
        _("population"), null=True, blank=True, help_text=_("Optional; for cities and regions.")
    )

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        get_latest_by = "created_at"
        constraints = [
            models.UniqueConstraint(
                fields=["is_home"],
                condition=Q(is_home=True),
                name="partnerships_partner_one_home",
                violation_error_message=_("Another partner is already marked as our city."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="partnerships_partner_coordinates",
                violation_error_message=_(
                    "Enter both latitude (−90 to 90) and longitude (−180 to 180), or neither."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_kind_display(self) -> str:
        return choice_label(self.Kind, self.kind)

    def get_absolute_url(self):
        return reverse("partnerships:partner", kwargs={"slug": self.slug})

    @property
    def emblem_alt(self):
        if self.kind == self.Kind.ORGANISATION:
            return gettext("Logo: %(name)s") % {"name": self.name}
        return gettext("Coat of arms: %(name)s") % {"name": self.name}

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            field = "longitude" if self.longitude is None else "latitude"
            raise ValidationError({field: _("Enter both latitude and longitude, or neither.")})


class Area(SlugOnSaveMixin, models.Model):
    """An area of cooperation: culture, trade, sport…"""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        blank=True,
        help_text=_("Used in filter links, e.g. /partnerships/?area=<slug>."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Areas with smaller numbers are listed first.")
    )

    class Meta:
        verbose_name = _("area of cooperation")
        verbose_name_plural = _("areas of cooperation")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('partnerships:register')}?area={self.slug}"


def current_status_expression(today: datetime.date | None = None) -> models.Case:
    """The SQL for ``Agreement.status_on(today)``."""
    today = today or timezone.localdate()
    return models.Case(
        models.When(
            Q(
                status__in=Agreement.DATE_BOUND_STATUSES,
                extends_automatically=False,
                valid_until__lt=today,
            ),
            then=models.Value(Agreement.Status.EXPIRED.value),
        ),
        default=F("status"),
        output_field=models.CharField(),
    )


def parties_in_order():
    """The partners of an agreement or an event as every page lists them: our city first."""
    return models.Prefetch(
        "partners", queryset=Partner.objects.with_emblem().order_by("-is_home", "name")
    )


class AgreementQuerySet(models.QuerySet):
    def public(self):
        """Published agreements within their window, whatever their status (see the module
        docstring)."""
        return self.filter(visible_q(), is_published=True)

    def with_current_status(self, today: datetime.date | None = None):
        """Annotate ``current_status_code``: the stage as it reads on ``today`` (see
        ``Agreement.status_on``), for filtering and counting by it."""
        return self.annotate(current_status_code=current_status_expression(today))

    def expiring(self, today: datetime.date | None = None, days: int = 90):
        """Agreements signed, in force or suspended whose «valid until» comes within ``days``
        days (today included) and that do not extend automatically, soonest first."""
        today = today or timezone.localdate()
        return self.filter(
            status__in=Agreement.DATE_BOUND_STATUSES,
            extends_automatically=False,
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=days),
        ).order_by("valid_until", "pk")

    def awaiting_approval(self):
        """Agreements sent to the region, annotated with ``sent_on`` (the date of the latest
        such stage change), the longest waiting first."""
        sent = StageChange.objects.filter(
            agreement=OuterRef("pk"), stage=Agreement.Status.SENT_FOR_APPROVAL
        ).order_by("-date", "-pk")
        return (
            self.filter(status=Agreement.Status.SENT_FOR_APPROVAL)
            .annotate(sent_on=models.Subquery(sent.values("date")[:1]))
            .order_by(F("sent_on").asc(nulls_first=True), "pk")
        )

    def with_parties(self):
        return self.prefetch_related(parties_in_order())

    def for_listing(self):
        """What the register, its exports and the API list: parties and areas."""
        return self.with_parties().prefetch_related("areas")

    def for_detail(self, plans=None, items=None):
        """What an agreement's page and the API's agreement show: parties, areas, documents,
        signatories, the timeline of published events (``timeline``) and the plans with
        their items and progress. ``plans`` and ``items`` are the plans and plan items to
        show; the public ones by default."""
        plans = CooperationPlan.objects.public() if plans is None else plans
        timeline = Event.objects.published().for_summary().order_by(*TIMELINE_ORDER)
        return self.for_listing().prefetch_related(
            "documents",
            models.Prefetch("signatories", queryset=Signatory.objects.select_related("side")),
            models.Prefetch("events", queryset=timeline, to_attr="timeline"),
            models.Prefetch("plans", queryset=plans.with_items(items)),
        )


@reversion.register(follow=["signatories", "documents"])
class Agreement(SlugOnSaveMixin, PublicationWindow, VersionedModel, AuditedModel):
    class Kind(models.TextChoices):
        TWINNING = "twinning", _("Twinning agreement")
        COOPERATION = "cooperation", _("Cooperation agreement")
        MEMORANDUM = "memorandum", _("Memorandum of understanding")
        PROTOCOL = "protocol", _("Protocol")

    class Status(models.TextChoices):
        """The stages of an agreement, in the order municipalities go through them."""

        DRAFT = "draft", _("Draft")
        NEGOTIATION = "negotiation", _("Under negotiation")
        SENT_FOR_APPROVAL = "sent_for_approval", _("Sent to the region for approval")
        APPROVED = "approved", _("Approved by the region")
        SIGNED = "signed", _("Signed")
        IN_FORCE = "in_force", _("In force")
        SUSPENDED = "suspended", _("Suspended")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    UNSIGNED_STATUSES = (
        Status.DRAFT,
        Status.NEGOTIATION,
        Status.SENT_FOR_APPROVAL,
        Status.APPROVED,
    )
    SIGNED_STATUSES = (
        Status.SIGNED,
        Status.IN_FORCE,
        Status.SUSPENDED,
        Status.EXPIRED,
        Status.TERMINATED,
    )
    # The stages that end by themselves once «valid until» has passed (read as «expired»).
    DATE_BOUND_STATUSES = (Status.SIGNED, Status.IN_FORCE, Status.SUSPENDED)

    title = models.CharField(
        _("title"),
        max_length=300,
        help_text=_("The full title as in the document, e.g. «Соглашение об установлении …»."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        blank=True,
        help_text=_(
            "The agreement's address: /partnerships/<slug>/. Transliterated from the title if "
            "left empty; keep it short. If it changes once the agreement has been published, "
            "the old address redirects to the new one."
        ),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.COOPERATION,
        help_text=_("What sort of document this is."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_(
            "The stage the agreement is at; each change is recorded in its history with the "
            "date and comment given below. From «signed» on, the signing date is needed. "
            "An agreement signed, in force or suspended reads as expired by itself once "
            "«valid until» has passed, unless it extends automatically."
        ),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_(
            "Shown in the public register. A new agreement stays a draft for the editors until "
            "this is ticked; agreements under negotiation may be public too, e.g. to announce "
            "talks. Its events and plans are hidden with it."
        ),
    )
    first_published_at = models.DateTimeField(
        _("first publication"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When it was first published: its address redirects if it changes later."),
    )
    partners = models.ManyToManyField(
        Partner,
        verbose_name=_("parties"),
        related_name="agreements",
        help_text=_("Every party, our city included."),
    )
    signed_on = models.DateField(
        _("signed on"),
        null=True,
        blank=True,
        help_text=_("The date of signing; empty while the agreement is under negotiation."),
    )
    signing_place = models.CharField(
        _("place of signing"),
        max_length=300,
        blank=True,
        help_text=_("Where it was signed, e.g. «Донецкий международный инвестиционный форум»."),
    )
    signing_occasion = models.CharField(
        _("occasion of signing"),
        max_length=300,
        blank=True,
        help_text=_("The event or section, e.g. «секция „Донбасс и регионы России“»."),
    )
    valid_from = models.DateField(
        _("valid from"),
        null=True,
        blank=True,
        help_text=_("When it takes effect; leave empty if on signing."),
    )
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Leave empty for an agreement without an end date."),
    )
    extends_automatically = models.BooleanField(
        _("extends automatically"),
        default=False,
        help_text=_(
            "Tick if the agreement is prolonged by itself when «valid until» passes, unless a "
            "party gives notice; it then never reads as expired."
        ),
    )
    extension_years = models.PositiveSmallIntegerField(
        _("extension period, years"),
        default=1,
        help_text=_("By how many years each automatic extension prolongs the agreement."),
    )
    areas = models.ManyToManyField(
        Area,
        verbose_name=_("areas of cooperation"),
        related_name="agreements",
        blank=True,
        help_text=_("The areas the agreement covers."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("One or two plain sentences for the register, feeds and search engines."),
    )
    body = RichTextField(
        _("text"),
        blank=True,
        help_text=_("The main provisions, or the full text if there is no scan."),
    )
    articles = models.ManyToManyField(
        Article,
        verbose_name=_("related news"),
        related_name="agreements",
        blank=True,
        help_text=_("News about this agreement; only published news is shown."),
    )

    # Kept up to date on every save (PostgreSQL only; empty on SQLite): partnerships.search.
    search_vector = SearchVectorField(_("search index"), null=True, editable=False)

    objects = AgreementQuerySet.as_manager()
    reserved_slugs = RESERVED_AGREEMENT_SLUGS

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = [F("signed_on").desc(nulls_last=True), "-id"]
        get_latest_by = "signed_on"
        indexes = [
            models.Index(fields=["is_published", "status"], name="partnerships_agr_public_idx"),
            models.Index(fields=["signed_on"], name="partnerships_agr_signed_idx"),
        ]
        constraints = [
            window_constraint("partnerships_agreement"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(valid_until__gte=F("signed_on")),
                name="partnerships_agreement_valid_after_signing",
                violation_error_message=_(
                    "The agreement cannot expire before it was signed: "
                    "«valid until» must not be earlier than the signing date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="partnerships_agreement_valid_period",
                violation_error_message=_("«Valid until» must not be earlier than «valid from»."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "negotiation", "sent_for_approval", "approved"])
                | Q(signed_on__isnull=False),
                name="partnerships_agreement_signed_has_date",
                violation_error_message=_("Enter the signing date of a signed agreement."),
            ),
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_AGREEMENT_SLUGS),
                name="partnerships_agreement_slug_not_reserved",
                violation_error_message=_("This address is taken by another page."),
            ),
            models.CheckConstraint(
                condition=Q(extension_years__gte=1),
                name="partnerships_agreement_extension_period",
                violation_error_message=_("The extension period is at least one year."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_kind_display(self) -> str:
        return choice_label(self.Kind, self.kind)

    def save(self, *args, **kwargs):
        stamp_first_publication(self, kwargs)
        super().save(*args, **kwargs)

    def slug_source(self):
        return self.title

    def status_on(self, today: datetime.date | None = None) -> str:
        """The stage as it reads on ``today`` (the Moscow date): «expired» once «valid until»
        has passed, for an agreement that does not extend automatically; the same rule as
        ``AgreementQuerySet.with_current_status()``."""
        today = today or timezone.localdate()
        expired = (
            self.status in self.DATE_BOUND_STATUSES
            and not self.extends_automatically
            and self.valid_until is not None
            and self.valid_until < today
        )
        return self.Status.EXPIRED if expired else self.status

    @property
    def current_status(self) -> str:
        return self.status_on()

    def get_current_status_display(self) -> str:
        return str(self.Status(self.current_status).label)

    def validity_note(self, today: datetime.date | None = None) -> str:
        """What the public pages say of the term: «Действует до 14 сентября 2027», «Истёк 31
        декабря 2021», «Продлевается автоматически…»; empty without an end date and for an
        agreement not signed yet, suspended or terminated."""
        status = self.status_on(today)
        if self.valid_until is None:
            return ""
        if status == self.Status.EXPIRED:
            return gettext("Expired %(date)s") % {"date": date_format(self.valid_until, "j E Y")}
        if status not in (self.Status.SIGNED, self.Status.IN_FORCE):
            return ""  # not signed yet, suspended or terminated: the stage says it all
        if self.extends_automatically:
            return ngettext(
                "Extends automatically, by %(years)d year each time",
                "Extends automatically, by %(years)d years each time",
                self.extension_years,
            ) % {"years": self.extension_years}
        return gettext("In force until %(date)s") % {
            "date": date_format(self.valid_until, "j E Y")
        }

    def term_ends_on(self, today: datetime.date | None = None) -> datetime.date | None:
        """The end of the current term: «valid until», moved on by the extension period as
        many times as it has passed for an agreement that extends automatically."""
        today = today or timezone.localdate()
        end = self.valid_until
        if end is None or not self.extends_automatically:
            return end
        years = max(self.extension_years, 1)
        terms = 0
        while add_years(end, terms * years) < today:
            terms += 1
        return add_years(end, terms * years)

    def get_absolute_url(self):
        return reverse("partnerships:agreement", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        """Mirror of ``AgreementQuerySet.public()``."""
        return self.is_published and self.is_in_window

    @property
    def counterparts(self):
        """The parties other than our city (uses prefetched partners when there are any)."""
        return [partner for partner in self.partners.all() if not partner.is_home]

    def related_articles(self):
        """Published news about the agreement, its published events or its plans.

        The ids come first from the three link tables (one small UNION query): joining them
        to the whole archive with OR and DISTINCT took 150 ms at 100,000 articles.
        """
        about_agreement = Agreement.articles.through.objects.filter(agreement_id=self.pk)
        about_events = Event.articles.through.objects.filter(
            visible_q(prefix="event__"), event__agreement_id=self.pk, event__is_published=True
        )
        about_plans = CooperationPlan.articles.through.objects.filter(
            cooperationplan__agreement_id=self.pk
        )
        article_ids = about_agreement.values_list("article_id", flat=True).union(
            about_events.values_list("article_id", flat=True),
            about_plans.values_list("article_id", flat=True),
        )
        return Article.objects.published().for_listing().filter(pk__in=list(article_ids))

    def clean(self):
        super().clean()
        errors = {}
        if self.status not in self.UNSIGNED_STATUSES and self.signed_on is None:
            errors["signed_on"] = _(
                "Enter the signing date: an agreement with this status has been signed."
            )
        if self.valid_until and self.signed_on and self.valid_until < self.signed_on:
            errors["valid_until"] = _(
                "The agreement cannot expire before it was signed: "
                "«valid until» must not be earlier than the signing date."
            )
        elif self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            errors["valid_until"] = _("«Valid until» must not be earlier than «valid from».")
        if self.slug in RESERVED_AGREEMENT_SLUGS:
            errors["slug"] = _("This address is taken by another page.")
        if errors:
            raise ValidationError(errors)


class StageChange(models.Model):
    """One step of an agreement's history: the stage it reached, when, and why."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="stage_changes",
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Agreement.Status.choices)
    date = models.DateField(
        _("date"), help_text=_("When the agreement reached the stage, e.g. the date of a letter.")
    )
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["-date", "-created", "-id"]
        get_latest_by = ["date", "created"]
        indexes = [
            models.Index(fields=["agreement", "stage", "date"], name="partnerships_stage_idx"),
        ]

    def __str__(self):
        return f"{self.get_stage_display()}, {date_format(self.date, 'j E Y')}"

    def get_absolute_url(self):
        return reverse("admin:partnerships_agreement_change", args=[self.agreement_id])


@reversion.register()
class Signatory(models.Model):
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="signatories",
    )
    name = models.CharField(_("full name"), max_length=200, help_text=_("e.g. «Наталья Пяткова»."))
    position = models.CharField(
        _("position"),
        max_length=300,
        help_text=_("As at the signing, e.g. «Глава Администрации города Алчевска»."),
    )
    side = models.ForeignKey(
        Partner,
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatories",
        help_text=_("The party the person signed for; one of the agreement's parties."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.name}, {self.position}"


@reversion.register()
class AgreementDocument(models.Model):
    class Kind(models.TextChoices):
        SIGNED_TEXT = "signed", _("Signed text")
        ANNEX = "annex", _("Annex")
        OTHER = "other", _("Other document")

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(
        _("title"), max_length=300, help_text=_("The link text, e.g. «Текст соглашения (скан)».")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.SIGNED_TEXT
    )
    # Private: a draft agreement's documents must not be reachable at a public address.
    file = PrivatePDFField(
        _("file"),
        upload_to="partnerships/documents/%Y/",
        help_text=_(
            "A PDF document; a scan of the signed text is fine. Other formats, and PDFs with "
            "scripts or attachments, are refused."
        ),
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file:
            self.size = self.file.size or 0
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The download view, which serves the file while the agreement is public."""
        return reverse("partnerships:document", args=[self.pk, self.file.filename])

    @property
    def download_name(self) -> str:
        """The name the file is saved under: its title, in Russian."""
        return f"{self.title}.pdf"


def _not_over(today):
    """Events whose last day is today or later. An event without an end lasts its whole
    period: a month-precision event is not over until its month is."""
    single_period = Q()
    for precision in Precision.values:
        single_period |= Q(precision=precision, starts_on__gte=period_start(today, precision))
    return Q(ends_on__gte=today) | (Q(ends_on__isnull=True) & single_period)


def _over(today):
    single_period = Q()
    for precision in Precision.values:
        single_period |= Q(precision=precision, starts_on__lt=period_start(today, precision))
    return Q(ends_on__lt=today) | (Q(ends_on__isnull=True) & single_period)


# What an event's list entry never shows of the event or of its agreement.
LISTED_AGREEMENT_DEFERRED = (
    "search_vector",
    "agreement__summary",
    "agreement__body",
    "agreement__search_vector",
)


class EventQuerySet(models.QuerySet):
    def published(self):
        """Published and within their window, whatever their agreement (an agreement's own
        page lists its events so)."""
        return self.filter(visible_q(), is_published=True)

    def public(self):
        return self.published().filter(
            Q(agreement__isnull=True)
            | Q(visible_q(prefix="agreement__"), agreement__is_published=True)
        )

    def upcoming(self, today=None):
        """Events that are not over yet (today's and ongoing ones included), soonest first."""
        return self.filter(_not_over(today or timezone.localdate())).order_by(*TIMELINE_ORDER)

    def past(self, today=None):
        """Events that were over before today, the latest first."""
        return self.filter(_over(today or timezone.localdate())).order_by(
            "-starts_on", F("ends_on").desc(nulls_last=True), "-id"
        )

    def involving(self, partner):
        """Events with ``partner`` among their partners or under one of its agreements."""
        return self.filter(Q(partners=partner) | Q(agreement__partners=partner)).distinct()

    def in_calendar(self):
        """Public events known to the day: the only ones a calendar can place."""
        return self.public().filter(precision=Precision.DAY)

    def for_listing(self):
        """With its agreement, which lists name and link (``AgreementRef``) and ``is_public``
        checks: not the agreement's text, summary or search index, nor the event's index
        (70 agreement texts were most of what the events page read)."""
        return self.select_related("agreement").defer(*LISTED_AGREEMENT_DEFERRED)

    def with_parties(self):
        return self.prefetch_related(parties_in_order())

    def for_summary(self):
        """What an event's entry in an export, the API or an agreement's timeline shows:
        its agreement, parties and areas."""
        return self.for_listing().with_parties().prefetch_related("areas")

    def for_detail(self):
        """What an event's page and the API's event show: the summary, photos and the
        published news about it (``published_articles``)."""
        return self.for_summary().prefetch_related(
            "photos",
            models.Prefetch(
                "articles",
                queryset=Article.objects.published().for_listing(),
                to_attr="published_articles",
            ),
        )


@reversion.register(follow=["photos"])
class Event(SlugOnSaveMixin, PublicationWindow, VersionedModel, AuditedModel):
    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        DELEGATION = "delegation", _("Delegation exchange")
        FESTIVAL = "festival", _("Festival")
        PERFORMANCE = "performance", _("Performance or concert")
        FORUM = "forum", _("Forum or conference")
        SIGNING = "signing", _("Signing")
        MEETING = "meeting", _("Meeting")
        COMPETITION = "competition", _("Competition")
        EXHIBITION = "exhibition", _("Exhibition")
        OTHER = "other", _("Other")

    Precision = Precision

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        blank=True,
        help_text=_(
            "The event's address: /events/<slug>/. Made from the title and year if left empty."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.VISIT)
    starts_on = models.DateField(
        _("start"),
        help_text=_(
            "The first day. If only the month or the year is known, enter any day in it and "
            "choose the precision: the date is stored as the start of that month or year."
        ),
    )
    ends_on = models.DateField(
        _("end"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty for one day (or one month or year at that precision). For «2017–2018» "
            "enter a day in 2018 with the precision «year only»."
        ),
    )
    precision = models.CharField(
        _("date precision"),
        max_length=10,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_(
            "How exactly the dates are known: «29 October 2019», «April 2018» or «2016». "
            "Only events known to the day go into the iCalendar feed."
        ),
    )
    place = models.CharField(
        _("place"),
        max_length=300,
        blank=True,
        help_text=_("Venue and town, e.g. «ДК им. В. Маяковского, г. Торез»."),
    )
    participants = models.TextField(
        _("participants"),
        blank=True,
        help_text=_("Who took part: groups, delegations, people with their positions."),
    )
    partners = models.ManyToManyField(
        Partner,
        verbose_name=_("partners"),
        related_name="events",
        blank=True,
        help_text=_("Cities and organisations involved; the event appears on their pages."),
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("The partnership this event belongs to; it then appears on its timeline."),
    )
    areas = models.ManyToManyField(
        Area,
        verbose_name=_("areas of cooperation"),
        related_name="events",
        blank=True,
        help_text=_("The areas the event belongs to."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=600,
        blank=True,
        help_text=_("One or two plain sentences for lists, feeds and calendars."),
    )
    description = RichTextField(_("description"), blank=True)
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_(
            "Shown on the public site and in the feeds once ticked; a new event stays a draft "
            "until then. Events of an unpublished agreement stay hidden as well."
        ),
    )
    first_published_at = models.DateTimeField(
        _("first publication"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When it was first published: its address redirects if it changes later."),
    )
    articles = models.ManyToManyField(
        Article,
        verbose_name=_("related news"),
        related_name="partnership_events",
        blank=True,
        help_text=_("News about this event; only published news is shown."),
    )

    # Kept up to date on every save (PostgreSQL only; empty on SQLite): partnerships.search.
    search_vector = SearchVectorField(_("search index"), null=True, editable=False)

    objects = EventQuerySet.as_manager()
    reserved_slugs = RESERVED_EVENT_SLUGS

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = list(TIMELINE_ORDER)
        get_latest_by = "starts_on"
        indexes = [
            models.Index(fields=["is_published", "ends_on"], name="partnerships_evt_when_idx"),
            models.Index(fields=["agreement", "starts_on"], name="partnerships_evt_agr_idx"),
            models.Index(fields=["starts_on"], name="partnerships_evt_start_idx"),
        ]
        constraints = [
            window_constraint("partnerships_event"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="partnerships_event_ends_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_EVENT_SLUGS),
                name="partnerships_event_slug_not_reserved",
                violation_error_message=_("This address is taken by another page."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_kind_display(self) -> str:
        return choice_label(self.Kind, self.kind)

    def slug_source(self):
        return f"{self.title} {self.starts_on.year}"

    def save(self, *args, **kwargs):
        self.normalise_dates()
        stamp_first_publication(self, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partnerships:event", kwargs={"slug": self.slug})

    @property
    def dates_display(self):
        return format_span(self.starts_on, self.ends_on, self.precision)

    @property
    def last_day(self):
        """The last day of the last period (for «апрель 2018», 30 April 2018)."""
        if self.starts_on is None:
            return None
        return period_end(self.ends_on or self.starts_on, self.precision)

    @property
    def is_upcoming(self):
        """Not over yet; the same rule as ``Event.objects.upcoming()``."""
        return self.starts_on is not None and self.last_day >= timezone.localdate()

    @property
    def is_public(self):
        """Mirror of EventQuerySet.public(); needs ``agreement`` selected to avoid a query."""
        return (
            self.is_published
            and self.is_in_window
            and (self.agreement_id is None or self.agreement.is_public)
        )

    def normalise_dates(self):
        """Store whole periods: the first day of the first period and, for an event over
        several periods, the last day of the last one; no end for a single period."""
        if self.starts_on is None:
            return
        self.starts_on = period_start(self.starts_on, self.precision)
        if self.ends_on is not None:
            end = period_end(self.ends_on, self.precision)
            same_period = end == period_end(self.starts_on, self.precision)
            self.ends_on = None if same_period else end

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on:
            first = period_start(self.starts_on, self.precision)
            if period_end(self.ends_on, self.precision) < first:
                raise ValidationError({"ends_on": _("The event cannot end before it starts.")})
        if self.slug in RESERVED_EVENT_SLUGS:
            raise ValidationError({"slug": _("This address is taken by another page.")})
        self.normalise_dates()


@reversion.register()
class EventPhoto(Photo):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ForeignKey(
        "media.Image",
        verbose_name=_("image"),
        on_delete=models.PROTECT,
        related_name="event_photos",
    )

    usage_owner = "event"  # the library lists the event, not the photo

    objects = PhotoManager()

    class Meta(Photo.Meta):
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")


class CooperationPlanQuerySet(models.QuerySet):
    def with_progress(self):
        """Annotate ``items_total`` (cancelled items left out), ``items_done`` and
        ``done_share`` (0…1, None for a plan without items)."""
        counted = ~Q(items__status=PlanItem.Status.CANCELLED)
        return self.annotate(
            items_total=Count("items", filter=counted),
            items_done=Count("items", filter=Q(items__status=PlanItem.Status.DONE)),
        ).annotate(
            done_share=models.Case(
                models.When(items_total=0, then=None),
                default=ExpressionWrapper(
                    F("items_done") * 1.0 / F("items_total"), output_field=models.FloatField()
                ),
                output_field=models.FloatField(),
            )
        )

    def public(self):
        return self.filter(visible_q(prefix="agreement__"), agreement__is_published=True).exclude(
            status=CooperationPlan.Status.DRAFT
        )

    def with_items(self, items=None):
        """With progress and the plan items (``items``, the public ones by default), newest
        plan first: grouped by the progress counts, the model's ordering would be ignored."""
        items = PlanItem.objects.public() if items is None else items
        return (
            self.with_progress()
            .prefetch_related(
                models.Prefetch(
                    "items",
                    queryset=items.select_related("area", "responsible_user", "event__agreement"),
                )
            )
            .order_by("-period_start", "-id")
        )


@reversion.register(follow=["items"])
class CooperationPlan(VersionedModel, AuditedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        COMPLETED = "completed", _("Completed")

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="plans",
    )
    title = models.CharField(
        _("title"), max_length=300, help_text=_("e.g. «План сотрудничества на 2020 год».")
    )
    period_start = models.DateField(
        _("period start"), help_text=_("The first day the plan covers, e.g. 1 January 2020.")
    )
    period_end = models.DateField(
        _("period end"),
        help_text=_("The last day the plan covers; every item is due within the period."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_(
            "A draft is seen only by the editors; the plan appears on the agreement's public "
            "page once approved."
        ),
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("Plain text shown above the list of activities.")
    )
    articles = models.ManyToManyField(
        Article,
        verbose_name=_("related news"),
        related_name="cooperation_plans",
        blank=True,
        help_text=_("News about this plan; only published news is shown."),
    )

    objects = CooperationPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("cooperation plan")
        verbose_name_plural = _("cooperation plans")
        ordering = ["-period_start", "-id"]
        get_latest_by = "period_start"
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="partnerships_plan_period",
                violation_error_message=_("The plan period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:plan", args=[self.agreement.slug, self.pk])

    @property
    def period_display(self):
        return format_span(
            self.period_start,
            self.period_end,
            infer_precision(self.period_start, self.period_end),
        )

    @property
    def progress(self):
        """Per cent of the items done, cancelled ones left out; None without items.

        Reads the ``with_progress()`` annotation; on an instance loaded without it, one
        aggregate query computes the same numbers.
        """
        if not hasattr(self, "done_share"):
            counts = (
                type(self)
                .objects.with_progress()
                .filter(pk=self.pk)
                .values("items_total", "items_done", "done_share")
            )
            for name, value in counts.get().items():
                setattr(self, name, value)
        return None if self.done_share is None else round(self.done_share * 100)

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(
                {"period_end": _("The plan period cannot end before it starts.")}
            )


class PlanItemQuerySet(models.QuerySet):
    def public(self):
        """Items of public plans only: a draft plan's items are never listed."""
        return self.filter(plan__in=CooperationPlan.objects.public())

    def with_due(self, today: datetime.date | None = None):
        """Annotate ``due`` (the day the item is due: its date, the last day of its quarter
        or the plan's last day) and ``is_overdue`` on ``today`` (Moscow), the rule of
        ``PlanItem.is_overdue_on`` (partnerships/plan_progress.py)."""
        from partnerships import plan_progress

        return self.annotate(due=plan_progress.due_expression()).annotate(
            is_overdue=plan_progress.overdue_expression(today)
        )

    def overdue(self, today: datetime.date | None = None):
        """Overdue items (``with_due``) of approved plans of agreements signed or in force
        as they read on ``today`` (``Agreement.with_current_status``); the longest overdue
        first."""
        today = today or timezone.localdate()
        living = (
            Agreement.objects.with_current_status(today)
            .filter(current_status_code__in=(Agreement.Status.SIGNED, Agreement.Status.IN_FORCE))
            .values("pk")
        )
        return (
            self.with_due(today)
            .filter(
                is_overdue=True,
                plan__status=CooperationPlan.Status.APPROVED,
                plan__agreement__in=living,
            )
            .order_by("due", "pk")
        )


@reversion.register()
class PlanItem(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(
        CooperationPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    activity = models.CharField(
        _("activity"), max_length=500, help_text=_("What is to be done, in one sentence.")
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area of cooperation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_items",
    )
    responsible = models.CharField(
        _("responsible"),
        max_length=300,
        blank=True,
        help_text=_(
            "People or departments in charge, with positions, e.g. a partner's contact; "
            "or choose a staff member below instead."
        ),
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_items",
        limit_choices_to={"is_staff": True},
        help_text=_("A member of the office's staff in charge; instead of the name above."),
    )
    due_on = models.DateField(
        _("due"),
        null=True,
        blank=True,
        help_text=_(
            "Within the plan's period; empty if the whole period or if a quarter is given."
        ),
    )
    due_year = models.PositiveSmallIntegerField(
        _("due year"),
        null=True,
        blank=True,
        help_text=_("With the quarter: the item is due by the quarter's last day."),
    )
    due_quarter = models.PositiveSmallIntegerField(
        _("due quarter"),
        choices=[(1, "I"), (2, "II"), (3, "III"), (4, "IV")],
        null=True,
        blank=True,
        help_text=_("Instead of an exact date: due by the end of this quarter of the year."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PLANNED,
        help_text=_("Cancelled items do not count towards the plan's progress."),
    )
    result = models.TextField(
        _("result"), blank=True, help_text=_("What came of it, once done or cancelled.")
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_items",
        help_text=_("The event that fulfilled this item, if there was one."),
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("news article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_items",
        help_text=_("The news that reports the item done, if there is one."),
    )
    document = models.ForeignKey(
        AgreementDocument,
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_items",
        help_text=_("A document of the agreement that fulfilled the item, if there is one."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["order", F("due_on").asc(nulls_last=True), "id"]
        indexes = [models.Index(fields=["plan", "status"], name="partnerships_item_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_quarter__isnull=True) | Q(due_quarter__gte=1, due_quarter__lte=4),
                name="partnerships_item_quarter_range",
                violation_error_message=_("A quarter is 1, 2, 3 or 4."),
            ),
            models.CheckConstraint(
                condition=Q(due_year__isnull=True, due_quarter__isnull=True)
                | Q(due_year__isnull=False, due_quarter__isnull=False, due_on__isnull=True),
                name="partnerships_item_due_quarter",
                violation_error_message=_(
                    "Give the year with the quarter, and either a date or a quarter, not both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(responsible_user__isnull=True) | Q(responsible=""),
                name="partnerships_item_one_responsible",
                violation_error_message=_(
                    "Name the person in charge or choose a staff member, not both."
                ),
            ),
        ]

    def __str__(self):
        return self.activity

    def get_absolute_url(self):
        return self.plan.get_absolute_url()

    @property
    def due_date(self) -> datetime.date | None:
        """The day the item is due (``PlanItemQuerySet.with_due``'s ``due``)."""
        from partnerships import plan_progress

        return plan_progress.due_of(self)

    @property
    def due_display(self) -> str:
        from partnerships import plan_progress

        return plan_progress.due_display(self)

    def is_overdue_on(self, today: datetime.date | None = None) -> bool:
        from partnerships import plan_progress

        return plan_progress.is_overdue(self, today)

    @property
    def has_evidence(self) -> bool:
        return bool(self.event_id or self.article_id or self.document_id)

    @property
    def responsible_display(self) -> str:
        user = self.responsible_user
        if user is not None:
            return user.get_full_name() or user.get_username()
        return self.responsible

    def clean(self):
        super().clean()
        from partnerships import plan_progress

        plan_progress.check_item(self)
        try:
            plan = self.plan
        except CooperationPlan.DoesNotExist:
            return
        if self.due_on is None or not (plan.period_start and plan.period_end):
            return
        if not plan.period_start <= self.due_on <= plan.period_end:
            raise ValidationError(
                {
                    "due_on": _(
                        "The due date %(due)s is outside the plan's period, %(start)s – %(end)s."
                    )
                    % {
                        "due": date_format(self.due_on, "j E Y"),
                        "start": date_format(plan.period_start, "j E Y"),
                        "end": date_format(plan.period_end, "j E Y"),
                    }
                }
            )


def _titled_by_source(field):
    source = field.m2m_field_name()

    def __str__(link):
        return str(getattr(link, source))

    return __str__


# The automatic tables linking news to the register, their columns and rows are named in Russian,
# each row by its agreement, event or plan (the article admin's inlines, the list of what a
# deletion takes along); Django's own are «Agreement_articles object (1)», «Связь
# agreement-article» and an «AGREEMENT» column. Migrations do not record automatic tables.
NEWS_LINK_NAMES = {
    "Agreement": (_("link of an agreement to news"), _("links of agreements to news")),
    "Event": (_("link of an event to news"), _("links of events to news")),
    "CooperationPlan": (_("link of a plan to news"), _("links of plans to news")),
}


def _name_the_links_to_news():
    for model in (Agreement, Event, CooperationPlan):
        field = model._meta.get_field("articles")
        through = field.remote_field.through
        through.__str__ = _titled_by_source(field)
        for name, linked in (
            (field.m2m_field_name(), model),
            (field.m2m_reverse_field_name(), Article),
        ):
            through._meta.get_field(name).verbose_name = linked._meta.verbose_name
        through._meta.verbose_name, through._meta.verbose_name_plural = NEWS_LINK_NAMES[
            model.__name__
        ]


_name_the_links_to_news()
