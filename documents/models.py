import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from documents.accessibility import NO_TEXT_LAYER, NOT_TAGGED, check_pdf
from portal.documents import PrivatePDFField
from portal.fields import RichTextField
from portal.models import AuditedModel, VersionedModel
from portal.private_files import PrivateFieldFile
from portal.sanitize import plain_text
from portal.slugs import SLUG_MAX_LENGTH, SlugOnSaveMixin


class IssuingBody(SlugOnSaveMixin, models.Model):
    """Who adopted or signed a document, e.g. «Администрация города Алчевска»."""

    name = models.CharField(_("name"), max_length=300, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        blank=True,
        help_text=_("Used in the filter's address; transliterated from the name if left empty."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Bodies with smaller numbers come first in filters.")
    )

    class Meta:
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class DocumentQuerySet(models.QuerySet):
    def public(self, now=None):
        """The single definition of what the public may see: published, due, not expired."""
        now = now or timezone.now()
        return self.filter(
            Q(expire_at__isnull=True) | Q(expire_at__gt=now),
            is_published=True,
            publish_at__lte=now,
        )

    def next_change(self, now=None):
        """The next moment a published document appears or disappears by its times, or None
        (one query): the page cache's content version expires then."""
        now = now or timezone.now()
        moments = self.filter(is_published=True).aggregate(
            appears=Min("publish_at", filter=Q(publish_at__gt=now)),
            disappears=Min("expire_at", filter=Q(expire_at__gt=now)),
        )
        return min(filter(None, moments.values()), default=None)

    def inaccessible(self):
        """Documents a screen reader cannot read: a PDF without a text layer or without tags,
        and no text given on the page instead."""
        return self.exclude(file="").filter(Q(pdf_has_text=False) | Q(pdf_tagged=False), text="")

    def for_listing(self):
        return self.select_related("issuing_body").defer("text")

    def newest_first(self):
        return self.order_by("-adopted_on", "-publish_at", "-pk")


class DocumentFieldFile(PrivateFieldFile):
    @property
    def url(self) -> str:
        """The document's file view, which serves it while the document is public."""
        self._require_file()
        return self.instance.get_file_url()


class DocumentPDFField(PrivatePDFField):
    attr_class = DocumentFieldFile


@reversion.register(follow=["outgoing_links"])
class Document(SlugOnSaveMixin, VersionedModel, AuditedModel):
    """An act or an official document of the city: a resolution, an order, a decision…"""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("Resolution")
        ORDER = "order", _("Order")
        DECISION = "decision", _("Decision")
        DIRECTIVE = "directive", _("Directive")
        AGREEMENT = "agreement", _("Agreement")
        OTHER = "other", _("Other document")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        REPEALED = "repealed", _("No longer in force")
        DRAFT = "draft", pgettext_lazy("document", "Draft")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.RESOLUTION)
    number = models.CharField(
        _("number"),
        max_length=50,
        blank=True,
        help_text=_("As on the document, e.g. «102» or «45-р». Empty for a draft without one."),
    )
    adopted_on = models.DateField(
        _("date"), help_text=_("The date on the document (of adoption or signing).")
    )
    title = models.CharField(
        _("title"),
        max_length=500,
        help_text=_("The title as on the document, e.g. «Об утверждении плана мероприятий…»."),
    )
    issuing_body = models.ForeignKey(
        IssuingBody,
        verbose_name=_("issuing body"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.IN_FORCE,
        help_text=_(
            "The document's legal force. A document repealed by another stays on the site, "
            "marked «no longer in force»."
        ),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        blank=True,
        help_text=_(
            "The document's address: /documents/<slug>/, made from its kind, number and date "
            "if left empty. Latin letters, digits, hyphens."
        ),
    )
    # Private: the file of a document not yet public must not be reachable at any address.
    file = DocumentPDFField(
        _("file"),
        upload_to="documents/%Y/",
        blank=True,
        help_text=_(
            "The signed document as PDF. Other formats, and PDFs with scripts or attachments, "
            "are refused. A scan without a text layer cannot be read by screen readers: then "
            "give the text below as well."
        ),
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    pdf_has_text = models.BooleanField(_("PDF has a text layer"), null=True, editable=False)
    pdf_tagged = models.BooleanField(_("PDF is tagged"), null=True, editable=False)
    text = RichTextField(
        _("text"),
        blank=True,
        help_text=_(
            "The document's text as it should be read on the page, by screen readers too. "
            "Needed when there is no file, or the file is a scan."
        ),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown on the site (within its times) only while this is ticked."),
    )
    publish_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        help_text=_(
            "Moscow time. A time in the future schedules the document: it appears by itself."
        ),
    )
    expire_at = models.DateTimeField(
        _("remove at"),
        null=True,
        blank=True,
        help_text=_(
            "Moscow time. At this moment the document disappears from the site by itself. "
            "Empty: it stays."
        ),
    )
    linked = models.ManyToManyField(
        "self",
        verbose_name=_("linked documents"),
        through="DocumentLink",
        through_fields=("source", "target"),
        symmetrical=False,
        related_name="linked_from",
        blank=True,
    )

    objects = DocumentQuerySet.as_manager()
    reserved_slugs = ("rss",)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-adopted_on", "-publish_at", "-pk"]
        get_latest_by = "publish_at"
        indexes = [
            models.Index(fields=["is_published", "publish_at"], name="document_public_idx"),
            models.Index(fields=["-adopted_on"], name="document_adopted_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expire_at__isnull=True) | Q(expire_at__gt=F("publish_at")),
                name="document_expires_after_publication",
            ),
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(text=""), name="document_has_file_or_text"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["in_force", "repealed", "draft"]),
                name="document_status_known",
            ),
            models.UniqueConstraint(
                fields=["issuing_body", "kind", "number", "adopted_on"],
                condition=~Q(number=""),
                name="document_unique_number",
                violation_error_message=_(
                    "This body already has a document of this kind with this number and date."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.designation} «{self.title}»"

    def clean(self):
        errors = {}
        if self.expire_at and self.publish_at and self.expire_at <= self.publish_at:
            errors["expire_at"] = _("The document must be removed after it is published.")
        if not self.file and not plain_text(self.text or "").strip():
            errors["text"] = _("Give the document's file, its text, or both.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            self.size = self.file.size or 0
            found = check_pdf(self.file)
            self.pdf_has_text = found.has_text if found else None
            self.pdf_tagged = found.tagged if found else None
        elif not self.file:
            self.size, self.pdf_has_text, self.pdf_tagged = 0, None, None
        super().save(*args, **kwargs)

    def slug_source(self):
        parts = [self.get_kind_display(), self.number, self.adopted_on.isoformat()]
        return " ".join(part for part in parts if part)

    def get_absolute_url(self):
        return reverse("documents:detail", kwargs={"slug": self.slug})

    def get_file_url(self):
        return reverse(
            "documents:file", kwargs={"slug": self.slug, "filename": self.file.filename}
        )

    @property
    def designation(self) -> str:
        """«Постановление от 07.02.2026 № 102», as official documents are cited."""
        date = date_format(self.adopted_on, "d.m.Y")
        if self.number:
            return gettext("%(kind)s of %(date)s No. %(number)s") % {
                "kind": self.get_kind_display(),
                "date": date,
                "number": self.number,
            }
        return gettext("%(kind)s of %(date)s") % {"kind": self.get_kind_display(), "date": date}

    @property
    def download_name(self) -> str:
        return f"{self.designation}.pdf"

    @property
    def accessibility_problems(self) -> list[str]:
        """What keeps a screen reader from the PDF (empty without a file or when it is fine)."""
        if not self.file:
            return []
        problems = []
        if self.pdf_has_text is False:
            problems.append(str(NO_TEXT_LAYER))
        if self.pdf_tagged is False:
            problems.append(str(NOT_TAGGED))
        return problems

    @property
    def is_accessible(self) -> bool:
        return not self.accessibility_problems or bool(self.text)


@reversion.register()
class DocumentLink(models.Model):
    """One document acting on another: amends, repeals or supplements it."""

    class Kind(models.TextChoices):
        AMENDS = "amends", _("amends")
        REPEALS = "repeals", _("repeals")
        SUPPLEMENTS = "supplements", _("supplements")

    # How the link reads from the other document's page.
    PASSIVE = {
        Kind.AMENDS: _("amended by"),
        Kind.REPEALS: _("repealed by"),
        Kind.SUPPLEMENTS: _("supplemented by"),
    }

    source = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="outgoing_links",
    )
    kind = models.CharField(_("kind of link"), max_length=20, choices=Kind, default=Kind.AMENDS)
    target = models.ForeignKey(
        Document,
        verbose_name=_("the document it acts on"),
        on_delete=models.CASCADE,
        related_name="incoming_links",
    )

    class Meta:
        verbose_name = _("link between documents")
        verbose_name_plural = _("links between documents")
        ordering = ["source", "kind", "target"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "target"], name="document_link_unique"
            ),
            models.CheckConstraint(
                condition=~Q(source=F("target")), name="document_link_not_to_itself"
            ),
        ]

    def __str__(self):
        return f"{self.source.designation} {self.get_kind_display()} {self.target.designation}"

    def clean(self):
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError({"target": _("A document cannot act on itself.")})

    @property
    def passive_label(self) -> str:
        return str(self.PASSIVE[self.Kind(self.kind)])
