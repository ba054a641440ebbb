from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opendata.sets import by_name


class OpenDataVersionQuerySet(models.QuerySet):
    def of(self, dataset: str):
        return self.filter(dataset=dataset)

    def without_content(self):
        """The versions as lists show them: the stored file is read only when downloaded."""
        return self.defer("content")


class OpenDataVersion(models.Model):
    """One published version of an open data set: the data file exactly as it was served.

    A version is recorded when the set's public data differs from the last version's
    (``opendata.versions.record_changes``). The file is kept in the database, not generated
    again: past data cannot be regenerated from live records, and the rows of a city's
    register are small (kilobytes), so the version and its bytes are saved in one transaction
    and are backed up together.
    """

    dataset = models.CharField(
        _("data set"), max_length=50, help_text=_("The set's short name, e.g. «agreements».")
    )
    stamp = models.CharField(
        _("version"),
        max_length=20,
        help_text=_(
            "The date of the version in the file name, YYYYMMDD (with the time, THHMM, "
            "for a second version on the same day)."
        ),
    )
    structure = models.CharField(
        _("structure version"), max_length=20, help_text=_("The date of its structure file.")
    )
    created_at = models.DateTimeField(_("published"), default=timezone.now)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    content = models.BinaryField(_("file"))

    objects = OpenDataVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("open data version")
        verbose_name_plural = _("open data versions")
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "stamp"], name="opendata_version_unique_stamp"
            ),
        ]
        indexes = [
            models.Index(fields=["dataset", "-created_at"], name="opendata_version_latest_idx"),
        ]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse(
            "opendata:data",
            kwargs={
                "identifier": by_name(self.dataset).identifier,
                "stamp": self.stamp,
                "structure": self.structure,
            },
        )

    @property
    def file_name(self) -> str:
        return f"data-{self.stamp}-structure-{self.structure}.csv"

    @property
    def property_name(self) -> str:
        """The version's row in the passport (meta.csv)."""
        return f"data-{self.stamp}-structure-{self.structure}"
