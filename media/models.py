import hashlib
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from imagekit.models import ImageSpecField

from media.crops import CROP_SETS, CROPS, focal_crop_spec
from portal.images import (
    ValidatedImageField,
    add_renditions,
    clean_image_content,
    crop_attname,
    renditions_marker,
)

# The widths every library image is rendered at: what the pages using images asked for
# before they shared a library (emblems 160 and 320, photos 480 to 1600).
LIBRARY_WIDTHS = (160, 320, 480, 960, 1600)
FRACTION = [MinValueValidator(0.0), MaxValueValidator(1.0)]


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("image tag")
        verbose_name_plural = _("image tags")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ImageQuerySet(models.QuerySet):
    def with_hash(self, sha256: str):
        return self.filter(sha256=sha256)

    def search(self, query: str):
        query = query.strip()
        if not query:
            return self
        return self.filter(
            Q(title__icontains=query)
            | Q(alt__icontains=query)
            | Q(caption__icontains=query)
            | Q(credit__icontains=query)
            | Q(tags__name__icontains=query)
        ).distinct()


class Image(models.Model):
    """One picture of the library, used by any number of articles, galleries, events and
    partners; each use may describe it in its own words (its alt text and caption), the
    library's being the defaults."""

    class Licence(models.TextChoices):
        OWN = "own", _("the office's own photo")
        PERMISSION = "permission", _("used with the author's permission")
        CC_BY = "cc-by", "CC BY 4.0"
        CC_BY_SA = "cc-by-sa", "CC BY-SA 4.0"
        PUBLIC_DOMAIN = "public-domain", _("public domain")
        OFFICIAL = "official", _("official symbol (coat of arms, logo)")

    file = ValidatedImageField(
        _("file"),
        upload_to="media/%Y/%m/",
        width_field="width",
        height_field="height",
        help_text=_("JPEG, PNG, WebP or GIF. Metadata such as GPS position is removed on upload."),
    )
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    file_renditions_of = renditions_marker()
    sha256 = models.CharField(
        _("content hash"), max_length=64, db_index=True, blank=True, editable=False
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        help_text=_("For finding the image in the library; the file name if left empty."),
    )
    alt = models.CharField(
        _("default alt text"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the image shows, for readers who cannot see it: offered wherever the image "
            "is used, and each use may say it in its own words."
        ),
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    credit = models.CharField(
        _("author or credit"),
        max_length=255,
        blank=True,
        help_text=_("Who took the photo or where it comes from, e.g. «Фото: пресс-служба»."),
    )
    licence = models.CharField(_("licence"), max_length=20, choices=Licence, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="images")
    focal_x = models.FloatField(
        _("focal point, across"),
        null=True,
        blank=True,
        validators=FRACTION,
        help_text=_(
            "The important point of the picture, from 0 (left edge) to 1 (right edge); crops "
            "keep it in frame. Empty: the centre."
        ),
    )
    focal_y = models.FloatField(
        _("focal point, down"),
        null=True,
        blank=True,
        validators=FRACTION,
        help_text=_("From 0 (top edge) to 1 (bottom edge). Empty: the centre."),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ImageQuerySet.as_manager()

    # portal.images follows a reference to a library image to this field (its renditions)
    # and finds its crops (``<file>_crop_<name>``) and their sizes here.
    rendition_source = "file"
    crop_sizes = CROPS
    crop_sets = CROP_SETS

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-uploaded_at", "-pk"]
        get_latest_by = "uploaded_at"
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_x__isnull=True, focal_y__isnull=True)
                | Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="media_image_focal_point_in_picture",
                violation_error_message=_(
                    "Give the focal point as two fractions from 0 to 1, or leave both empty."
                ),
            )
        ]

    def __str__(self):
        return self.title or PurePath(self.file.name).name

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            if not self.title:  # as the editor named the file, before it is transliterated
                self.title = PurePath(self.file.name).stem[:255]
            cleaned = clean_image_content(self.file.file, self.file.name)
            content = cleaned.read()
            cleaned.seek(0)
            self.file.save(cleaned.name, cleaned, save=False)
            self.sha256 = content_hash(content)
        elif self.pk and self._focal_point_changed():
            # The crops are named after the focal point: the task makes them anew.
            self.file_renditions_of = ""
        if not self.title and self.file:
            self.title = PurePath(self.file.name).stem[:255]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("admin:media_image_change", args=[self.pk])

    @property
    def url(self) -> str:
        return self.file.url

    @property
    def name(self) -> str:
        return self.file.name

    @property
    def focal_point(self) -> tuple[float, float]:
        """(x, y) as fractions of the width and height; the centre when none is set."""
        if self.focal_x is None or self.focal_y is None:
            return (0.5, 0.5)
        return (self.focal_x, self.focal_y)

    def _focal_point_changed(self) -> bool:
        stored = type(self)._default_manager.filter(pk=self.pk).values_list("focal_x", "focal_y")
        return any(point != (self.focal_x, self.focal_y) for point in stored)

    def clean(self):
        super().clean()
        if (self.focal_x is None) != (self.focal_y is None):
            raise ValidationError(
                {
                    "focal_y" if self.focal_y is None else "focal_x": _(
                        "Give both coordinates of the focal point, or neither."
                    )
                }
            )


for _crop, (_width, _height) in CROPS.items():
    Image.add_to_class(
        crop_attname("file", _crop),
        ImageSpecField(source="file", spec=focal_crop_spec(_width, _height)),
    )
add_renditions(
    Image, "file", widths=LIBRARY_WIDTHS, extra=[crop_attname("file", crop) for crop in CROPS]
)
