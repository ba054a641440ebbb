import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import CharField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from news.storage import import_uploads, validate_feed_document
from portal.fields import RichTextField
from portal.models import AuditedModel, AuditEvent, Photo, PhotoManager, VersionedModel
from portal.scheduling import PublicationWindow, visible_q, window_constraint
from portal.search.upkeep import refresh_search_index
from portal.slugs import SLUG_MAX_LENGTH, SlugOnSaveMixin


class Department(SlugOnSaveMixin, models.Model):
    """The author of an article as the byline names it, e.g. «Управление информационной политики»."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=SLUG_MAX_LENGTH, unique=True, blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Rubric(SlugOnSaveMixin, models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        blank=True,
        help_text=_(
            "The rubric's address: /news/rubric/<slug>/, transliterated from the name if "
            "left empty. Latin letters, digits, hyphens."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Rubrics with smaller numbers come first in menus.")
    )

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:rubric", kwargs={"slug": self.slug})


class Tag(SlugOnSaveMixin, models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=SLUG_MAX_LENGTH, unique=True, blank=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:tag", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The single definition of what the public may see: published, due and not expired
        (``portal.scheduling``: the same rule as every other kind of content)."""
        return self.filter(visible_q(start_may_be_empty=False), status=Article.Status.PUBLISHED)

    def scheduled(self):
        return self.filter(status=Article.Status.PUBLISHED, publish_at__gt=timezone.now())

    def expired(self):
        """Published articles whose removal time has passed: «снята с публикации по сроку»."""
        return self.filter(status=Article.Status.PUBLISHED, expire_at__lte=timezone.now())

    def sent_back(self):
        """Drafts whose latest editorial decision returned them to the author (until they are
        submitted again), with that decision's comment as ``sent_back_note``."""
        latest = AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Article),
            object_id=Cast(OuterRef("pk"), CharField()),
        ).order_by("-created_at", "-id")
        return (
            self.filter(status=Article.Status.DRAFT)
            .annotate(
                latest_action=Subquery(latest.values("action")[:1]),
                sent_back_note=Subquery(latest.values("note")[:1]),
            )
            .filter(latest_action=AuditEvent.Action.SENT_BACK)
        )

    def press_releases(self):
        return self.filter(kind=Article.Kind.PRESS_RELEASE)

    def for_listing(self):
        return self.select_related("rubric", "department", "lead_image").defer("search_vector")

    def update_search_vectors(self) -> int:
        """Index these articles again (after writes that send no signal: bulk_create, SQL)."""
        return refresh_search_index(self)


@reversion.register(follow=["photos"], exclude=["search_vector"])
class Article(SlugOnSaveMixin, PublicationWindow, VersionedModel, AuditedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        PRESS_RELEASE = "press_release", _("Press release")

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        blank=True,
        help_text=_(
            "The article's address, transliterated from the title if left empty. "
            "If it changes after the article has been published, the old address redirects "
            "to the new one, so links keep working."
        ),
    )
    lead = models.TextField(
        _("lead"),
        max_length=600,
        help_text=_(
            "One or two plain sentences: shown in lists, feeds, search results "
            "and as the description for search engines."
        ),
    )
    body = RichTextField(_("text"), blank=True)
    lead_image = models.ForeignKey(
        "media.Image",
        verbose_name=_("lead image"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_of_articles",
        help_text=_("Chosen from the media library, or uploaded into it below."),
    )
    lead_image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the image shows, for readers who cannot see it. Required with an image; "
            "empty, the library's description of the image is used."
        ),
    )
    lead_image_caption = models.CharField(
        _("image caption and credit"), max_length=255, blank=True
    )
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.PROTECT, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    department = models.ForeignKey(
        Department,
        verbose_name=_("author department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        help_text=_("The byline under the article."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Only published articles whose publication time has come are public."),
    )
    publish_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        help_text=_(
            "A time in the future schedules the article: it appears by itself at that time."
        ),
    )
    expire_at = models.DateTimeField(
        _("removal time"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: public until unpublished. Otherwise the article disappears by itself at "
            "this time from every page, feed, search, the sitemap and the API, is not mailed "
            "to subscribers any more, and stays here as «removed on schedule»."
        ),
    )
    first_published_at = models.DateTimeField(
        _("first published"), null=True, blank=True, editable=False
    )
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Featured articles lead the home page.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.NEWS,
        help_text=_(
            "A press release is the office's official statement for journalists: it is listed "
            "in the press section and its feed as well as among the news."
        ),
    )
    # Kept up to date by portal.search.upkeep on every save (PostgreSQL only; empty on SQLite).
    search_vector = SearchVectorField(_("search index"), null=True, editable=False)
    # Set by `manage.py import_news` (news.importing): importing the same item again finds
    # the article by this key instead of creating a copy.
    import_guid = models.CharField(
        _("import identifier"),
        max_length=500,
        blank=True,
        editable=False,
        help_text=_("The GUID (or, without one, the address) of the imported feed item."),
    )
    source_url = models.URLField(
        _("original address"),
        max_length=1000,
        blank=True,
        editable=False,
        help_text=_("Where the article was published before it was imported."),
    )

    # Moved on when the chief editor withdraws the article's preview links (news.previews).
    preview_link_version = models.PositiveIntegerField(
        _("preview link version"), default=0, editable=False
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-publish_at", "-id"]
        get_latest_by = "publish_at"
        permissions = [
            ("publish_article", "Can publish, unpublish, schedule and archive articles"),
        ]
        # On PostgreSQL, migration 0002 adds GIN indexes on search_vector and on the title's
        # trigrams; they are not declared here because SQLite cannot have them.
        # Both follow Meta.ordering to the id, so a page of the newest public articles is
        # read straight off the index, without sorting (checked with EXPLAIN at 100,000 rows).
        # The third serves the admin's list of every article, newest first (its first page and,
        # index only, the ids of a deep page: portal.admin_lists).
        indexes = [
            models.Index(fields=["status", "-publish_at", "-id"], name="news_article_public_idx"),
            models.Index(fields=["-publish_at", "-id"], name="news_article_newest_idx"),
            models.Index(
                fields=["rubric", "status", "-publish_at", "-id"], name="news_article_rubric_idx"
            ),
            # The press releases' list and feed (press/), as the rubric's above.
            models.Index(
                fields=["kind", "status", "-publish_at", "-id"], name="news_article_kind_idx"
            ),
            # The next removal time to come, for the page cache's schedule (news.hooks).
            models.Index(
                fields=["expire_at"],
                name="news_article_expiry_idx",
                condition=Q(expire_at__isnull=False),
            ),
        ]
        constraints = [
            window_constraint("news_article"),
            models.CheckConstraint(
                condition=Q(lead_image__isnull=True) | ~Q(lead_image_alt=""),
                name="news_article_image_has_alt",
                violation_error_message=_("Describe the lead image in its alt text."),
            ),
            models.UniqueConstraint(
                fields=["import_guid"],
                condition=~Q(import_guid=""),
                name="news_article_unique_import_guid",
                violation_error_message=_("Another article was imported from this item."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:article", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.is_in_window

    @property
    def expired_on_schedule(self):
        """Published, but its removal time has passed: off the public site by itself."""
        return self.status == self.Status.PUBLISHED and self.has_expired

    def clean(self):
        super().clean()
        if self.lead_image_id and not self.lead_image_alt.strip():
            # The library's description is the default; the article may say it its own way.
            self.lead_image_alt = self.lead_image.alt
        if self.lead_image_id and not self.lead_image_alt.strip():
            raise ValidationError(
                {"lead_image_alt": _("Describe the lead image in its alt text.")}
            )

    def slug_source(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.first_published_at is None:
            self.first_published_at = self.publish_at
        super().save(*args, **kwargs)


@reversion.register()
class GalleryPhoto(Photo):
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ForeignKey(
        "media.Image",
        verbose_name=_("image"),
        on_delete=models.PROTECT,
        related_name="article_photos",
    )

    usage_owner = "article"  # the library lists the article, not the photo

    objects = PhotoManager()

    class Meta(Photo.Meta):
        verbose_name = _("gallery photo")
        verbose_name_plural = _("gallery photos")


class RelatedArticle(models.Model):
    """An article the editor chose to show under another one, in the editor's order. An article
    with none chosen shows related articles found automatically (``news.views``)."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="chosen_related",
    )
    related = models.ForeignKey(
        Article,
        verbose_name=_("related article"),
        on_delete=models.CASCADE,
        related_name="chosen_by",
        help_text=_("Shown under the article only while it is public itself."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Smaller numbers come first.")
    )

    class Meta:
        verbose_name = _("related article")
        verbose_name_plural = _("related articles chosen by hand")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "related"],
                name="news_relatedarticle_once",
                violation_error_message=_("This article is already among the related ones."),
            ),
            models.CheckConstraint(
                condition=~Q(article=models.F("related")),
                name="news_relatedarticle_not_itself",
                violation_error_message=_("An article cannot be related to itself."),
            ),
        ]

    def __str__(self):
        return str(self.related)


class ImportRun(models.Model):
    """One import of a news archive started in the admin, run by a task: its source and
    options, and its progress and outcome as the worker records them."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for a worker")
        RUNNING = "running", _("running")
        DONE = "done", pgettext_lazy("import status", "finished")
        FAILED = "failed", pgettext_lazy("import status", "failed")

    source_file = models.FileField(
        _("file"),
        storage=import_uploads,
        upload_to="%Y/%m/",
        validators=[validate_feed_document],
        max_length=255,
        blank=True,
        help_text=_("An RSS 2.0 or Atom feed or a WordPress export (WXR), as an XML file."),
    )
    source_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    source_url = models.URLField(
        _("address"),
        max_length=2000,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Or the http(s) address of the feed or export, instead of a file."),
    )
    default_rubric = models.ForeignKey(
        Rubric,
        verbose_name=_("default rubric"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_(
            "For items whose categories name no rubric; without it, a rubric is created from "
            "the item's first category."
        ),
    )
    publish = models.BooleanField(
        pgettext_lazy("import option", "publish"),
        default=True,
        help_text=_(
            "Publish the imported articles at their original dates; unticked, they are drafts."
        ),
    )
    update = models.BooleanField(
        _("refresh articles imported before"),
        default=False,
        help_text=_(
            "Refresh the text, date, rubric and tags of articles imported before; unticked, "
            "they are skipped."
        ),
    )
    images = models.BooleanField(
        _("download images"), default=True, help_text=_("Copy the items' images to the site.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.QUEUED, editable=False
    )
    feed_title = models.CharField(_("feed"), max_length=300, blank=True, editable=False)
    total = models.PositiveIntegerField(_("items"), default=0, editable=False)
    done = models.PositiveIntegerField(_("items done"), default=0, editable=False)
    created = models.PositiveIntegerField(_("created"), default=0, editable=False)
    updated = models.PositiveIntegerField(
        pgettext_lazy("import count", "updated"), default=0, editable=False
    )
    skipped = models.PositiveIntegerField(_("skipped"), default=0, editable=False)
    errors = models.PositiveIntegerField(_("errors"), default=0, editable=False)
    error = models.TextField(_("why the import failed"), blank=True, editable=False)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    started_at = models.DateTimeField(_("run started"), null=True, editable=False)
    finished_at = models.DateTimeField(_("run finished"), null=True, editable=False)

    class Meta:
        verbose_name = _("news import")
        verbose_name_plural = _("news imports")
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        constraints = [
            models.CheckConstraint(
                condition=~Q(source_file="") | ~Q(source_url=""), name="import_has_a_source"
            )
        ]

    def __str__(self):
        return self.source_url or self.source_name

    def get_absolute_url(self):
        return reverse("admin:news_importrun_change", args=[self.pk])

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def clean(self):
        if bool(self.source_file) == bool(self.source_url):
            raise ValidationError(_("Upload a file or give an address, one of the two."))


class ImportProblem(models.Model):
    """What went wrong with one item of an import (the others were imported), or a warning
    about one (e.g. an image that could not be downloaded)."""

    run = models.ForeignKey(
        ImportRun, verbose_name=_("import"), on_delete=models.CASCADE, related_name="problems"
    )
    item = models.CharField(_("item"), max_length=300)
    message = models.TextField(_("message"))
    is_error = models.BooleanField(_("not imported"), default=True)

    class Meta:
        verbose_name = _("import problem")
        verbose_name_plural = _("import problems")
        ordering = ["pk"]

    def __str__(self):
        return self.item
