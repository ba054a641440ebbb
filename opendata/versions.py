"""The files of the open data section, and the record of each set's versions.

Written with the standard ``csv`` module: UTF-8 without a byte order mark, a comma between
fields, quotes only where a value needs them, CRLF line ends (RFC 4180) and every value as it
is — none is escaped for spreadsheets, so ``csv.reader`` gives back exactly what was written.
(The register's «download» buttons, ``partnerships/exports.py``, keep their spreadsheet-safe
CSV for people.)

A version is recorded when a set's data file, made from the live public records, differs
from its last version's (compared by SHA-256): on demand, when a page of the section or a
passport is rendered, and once a day by the ``record_versions`` task, so that a change is
kept even if nobody looks. The stored bytes of every version are served as they were.
"""

import csv
import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from opendata.models import OpenDataVersion
from opendata.sets import SETS, DataSet
from portal.models import SiteSettings

STANDARD_VERSION = "http://opendata.gosmonitor.ru/standard/3.0"
# The licence of every set. Creative Commons Attribution 4.0 meets every condition the
# recommendations set for terms of use (free of charge, no contract, commercial use allowed,
# only a reference to the source required), is understood by data portals everywhere and has
# an official Russian text; a city can change it here, for every set at once.
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.ru"
LICENCE_NAME = "Creative Commons Attribution 4.0 (CC BY 4.0)"
CSV_TYPE = "text/csv; charset=utf-8"


def csv_bytes(rows) -> bytes:
    """``rows`` (lists of text) as a CSV file: UTF-8, no BOM, CRLF, nothing escaped."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def data_file(data_set: DataSet) -> tuple[bytes, int]:
    """The set's data file from the live public records, and its number of rows. Names of
    kinds and statuses in the site's language, whoever asks (a task has no request)."""
    with translation.override(settings.LANGUAGE_CODE):
        records = data_set.rows()
    header = data_set.header
    content = csv_bytes([header, *([record[name] for name in header] for record in records)])
    return content, len(records)


def structure_file(fields) -> bytes:
    rows = [["field name", "english description", "russian description", "format"]]
    for field in fields:
        with translation.override("en"):
            english = str(field.description)
        with translation.override(settings.LANGUAGE_CODE):
            russian = str(field.description)
        rows.append([field.name, english, russian, field.format])
    return csv_bytes(rows)


def stamp_candidates(moment):
    """The version's date as file names carry it: the day, or for a second version that
    day the day and time (to the minute, then the second)."""
    local = timezone.localtime(moment)
    yield local.strftime("%Y%m%d")
    yield local.strftime("%Y%m%dT%H%M")
    yield local.strftime("%Y%m%dT%H%M%S")


def latest_version(data_set: DataSet) -> OpenDataVersion | None:
    return OpenDataVersion.objects.of(data_set.name).without_content().first()


def record_change(data_set: DataSet) -> OpenDataVersion | None:
    """The set's latest version, after recording a new one if its data changed (a set with
    no public records yet is a file of its header, recorded like any other)."""
    content, rows = data_file(data_set)
    digest = hashlib.sha256(content).hexdigest()
    latest = latest_version(data_set)
    if latest is not None and latest.sha256 == digest and latest.structure == data_set.structure:
        return latest
    now = timezone.now()
    for stamp in stamp_candidates(now):
        try:
            with transaction.atomic():
                return OpenDataVersion.objects.create(
                    dataset=data_set.name,
                    stamp=stamp,
                    structure=data_set.structure,
                    created_at=now,
                    sha256=digest,
                    rows=rows,
                    content=content,
                )
        except IntegrityError:
            # Taken by an earlier version the same day, or by a request recording this very
            # change at the same moment: then that one is the latest.
            latest = latest_version(data_set)
            if latest is not None and latest.sha256 == digest:
                return latest
    return latest


def record_changes() -> dict[str, OpenDataVersion | None]:
    """Record a new version of each set whose data changed; the latest version of each."""
    return {data_set.name: record_change(data_set) for data_set in SETS}


@dataclass
class Passport:
    """A set's passport (meta.csv and the set's page): what the recommendations list."""

    data_set: DataSet
    versions: list[OpenDataVersion]

    @property
    def latest(self) -> OpenDataVersion:
        return self.versions[0]

    @property
    def first(self) -> OpenDataVersion:
        return self.versions[-1]


def passport(data_set: DataSet) -> Passport:
    """The set's passport, recording a new version first if its data changed."""
    record_change(data_set)
    versions = list(OpenDataVersion.objects.of(data_set.name).without_content())
    return Passport(data_set, versions)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def day(moment) -> str:
    return timezone.localtime(moment).strftime("%Y%m%d")


def meta_rows(card: Passport) -> list[tuple[str, str]]:
    """The passport as meta.csv lists it (property, value), the fields of the
    recommendations' version 3.0 in their order; every version's file, newest first."""
    data_set, site = card.data_set, SiteSettings.get_solo()
    rows = [
        ("standardversion", STANDARD_VERSION),
        ("identifier", data_set.identifier),
        ("title", str(data_set.title)),
        ("description", str(data_set.description)),
        ("creator", site.office_name),
        ("created", day(card.first.created_at)),
        ("modified", day(card.latest.created_at)),
        ("subject", str(data_set.subject)),
        ("format", "csv"),
    ]
    rows += [
        (version.property_name, absolute(version.get_absolute_url())) for version in card.versions
    ]
    structures = dict.fromkeys(version.structure for version in card.versions)
    rows += [
        (f"structure-{structure}", absolute(structure_url(data_set, structure)))
        for structure in structures
    ]
    rows += [
        ("publishername", site.office_name),
        ("publisherphone", site.phone),
        ("publishermbox", site.email),
        ("valid", day(card.latest.created_at)),
        ("provenance", provenance(card)),
        ("license", LICENCE_URL),
    ]
    return rows


def provenance(card: Passport) -> str:
    """What the last change was, in words."""
    if len(card.versions) == 1:
        return gettext("First publication of the set.")
    rows = card.latest.rows
    return ngettext(
        "The data changed; the new version has %(rows)s row.",
        "The data changed; the new version has %(rows)s rows.",
        rows,
    ) % {"rows": rows}


def structure_url(data_set: DataSet, structure: str) -> str:
    return reverse(
        "opendata:structure", kwargs={"identifier": data_set.identifier, "structure": structure}
    )


def meta_url(data_set: DataSet) -> str:
    return reverse("opendata:meta", kwargs={"identifier": data_set.identifier})


def list_rows() -> list[tuple[str, str, str, str]]:
    """The register of sets as list.csv lists it: property, title, value, format."""
    rows = [
        ("property", "title", "value", "format"),
        (
            "standardversion",
            gettext("Version of the methodological recommendations"),
            STANDARD_VERSION,
            "",
        ),
    ]
    rows += [
        (data_set.identifier, str(data_set.title), absolute(meta_url(data_set)), "csv")
        for data_set in SETS
    ]
    return rows
