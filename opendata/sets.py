"""The open data sets: for each, its passport text, its structure and its rows.

The rows are the public records only, read with the same querysets as the register's pages
(``Agreement.objects.public()`` and the rest), ordered by id so that two versions of a set
differ only where the data did. Every value is text as stored: codes beside their Russian
names, dates in ISO 8601 (YYYY-MM-DD), lists joined by «; », no value altered or escaped.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from documents.models import Document
from partnerships.models import Agreement, CooperationPlan, Event, Partner, PlanItem

LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Field:
    """A column: its English name, what it holds (a lazy translation: the English text is the
    structure file's English description, its Russian translation the Russian one) and its
    format (string, integer, decimal, date, boolean)."""

    name: str
    description: Promise
    format: str = "string"


@dataclass(frozen=True)
class DataSet:
    name: str
    title: Promise
    description: Promise
    subject: Promise
    # The date of the set's structure (structure-YYYYMMDD.csv): a new one when fields change,
    # the old kept in STRUCTURES so that old versions keep theirs.
    structure: str
    fields: tuple[Field, ...]
    rows: Callable[[], list[dict[str, str]]]

    @property
    def identifier(self) -> str:
        """The publisher's INN, then the set's name, as the recommendations ask; the bare
        name while no INN is configured (``OPENDATA_PUBLISHER_INN``)."""
        inn = settings.OPENDATA_PUBLISHER_INN
        return f"{inn}-{self.name}" if inn else self.name

    @property
    def header(self) -> list[str]:
        return [field.name for field in self.fields]


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(text(item) for item in value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def page_url(record) -> str:
    return settings.SITE_URL.rstrip("/") + record.get_absolute_url()


def _as_text(rows):
    return [{name: text(value) for name, value in row.items()} for row in rows]


def agreement_rows() -> list[dict[str, str]]:
    agreements = Agreement.objects.public().for_listing().order_by("pk")
    return _as_text(
        {
            "id": agreement.pk,
            "title": agreement.title,
            "kind": agreement.kind,
            "kind_name": agreement.get_kind_display(),
            "status": agreement.status,
            "status_name": agreement.get_status_display(),
            "parties": [partner.name for partner in agreement.partners.all()],
            "signed_on": agreement.signed_on,
            "signing_place": agreement.signing_place,
            "signing_occasion": agreement.signing_occasion,
            "valid_from": agreement.valid_from,
            "valid_until": agreement.valid_until,
            "areas": [area.name for area in agreement.areas.all()],
            "summary": agreement.summary,
            "url": page_url(agreement),
        }
        for agreement in agreements
    )


def partner_rows() -> list[dict[str, str]]:
    partners = Partner.objects.public().order_by("pk")
    return _as_text(
        {
            "id": partner.pk,
            "name": partner.name,
            "kind": partner.kind,
            "kind_name": partner.get_kind_display(),
            "our_city": partner.is_home,
            "region": partner.region,
            "website": partner.website,
            "latitude": partner.latitude,
            "longitude": partner.longitude,
            "population": partner.population,
            "url": page_url(partner),
        }
        for partner in partners
    )


def event_rows() -> list[dict[str, str]]:
    events = Event.objects.public().for_summary().order_by("pk")
    return _as_text(
        {
            "id": event.pk,
            "title": event.title,
            "kind": event.kind,
            "kind_name": event.get_kind_display(),
            "starts_on": event.starts_on,
            "ends_on": event.ends_on,
            "precision": event.precision,
            "dates": event.dates_display,
            "place": event.place,
            "partners": [partner.name for partner in event.partners.all()],
            "agreement_id": event.agreement_id,
            "agreement": event.agreement.title if event.agreement else "",
            "areas": [area.name for area in event.areas.all()],
            "summary": event.summary,
            "url": page_url(event),
        }
        for event in events
    )


def plan_rows() -> list[dict[str, str]]:
    """One row per activity of a public plan; a plan without activities has one row, its
    activity columns empty."""
    plans = (
        CooperationPlan.objects.public()
        .select_related("agreement")
        .prefetch_related(
            Prefetch("items", queryset=PlanItem.objects.public().select_related("area"))
        )
        .order_by("pk")
    )
    rows = []
    for plan in plans:
        common = {
            "plan_id": plan.pk,
            "plan_title": plan.title,
            "agreement_id": plan.agreement_id,
            "agreement": plan.agreement.title,
            "period_start": plan.period_start,
            "period_end": plan.period_end,
            "plan_status": plan.status,
            "plan_status_name": plan.get_status_display(),
        }
        items = sorted(plan.items.all(), key=lambda item: item.pk) or [None]
        for item in items:
            rows.append(
                {
                    **common,
                    "item_id": item.pk if item else None,
                    "activity": item.activity if item else "",
                    "area": item.area.name if item and item.area else "",
                    "responsible": item.responsible if item else "",
                    "due_on": item.due_on if item else None,
                    "status": item.status if item else "",
                    "status_name": item.get_status_display() if item else "",
                    "result": item.result if item else "",
                    "url": page_url(plan),
                }
            )
    return _as_text(rows)


def document_rows() -> list[dict[str, str]]:
    documents = Document.objects.public().for_listing().order_by("pk")
    return _as_text(
        {
            "id": document.pk,
            "kind": document.kind,
            "kind_name": document.get_kind_display(),
            "number": document.number,
            "date": document.adopted_on,
            "title": document.title,
            "issuing_body": document.issuing_body.name,
            "status": document.status,
            "status_name": document.get_status_display(),
            "has_file": bool(document.file),
            "file_url": settings.SITE_URL.rstrip("/") + document.get_file_url()
            if document.file
            else "",
            "url": page_url(document),
        }
        for document in documents
    )


AGREEMENTS = DataSet(
    name="agreements",
    title=_("Register of agreements on twinning and cooperation"),
    description=_(
        "The city's agreements on twinning and cooperation with other cities, regions and "
        "organisations, as published in the register: parties, status, dates of signing and "
        "validity, areas of cooperation. Updated whenever the register changes."
    ),
    subject=_("agreements, twinning, partner cities, cooperation"),
    structure="20261202",
    fields=(
        Field("id", _("Number of the agreement in the register"), "integer"),
        Field("title", _("Title of the agreement")),
        Field("kind", _("Kind of document (code)")),
        Field("kind_name", _("Kind of document")),
        Field("status", _("Status (code)")),
        Field("status_name", _("Status")),
        Field("parties", _('Parties, separated by "; "')),
        Field("signed_on", _("Date of signing"), "date"),
        Field("signing_place", _("Place of signing")),
        Field("signing_occasion", _("Occasion of signing")),
        Field("valid_from", _("Valid from"), "date"),
        Field("valid_until", _("Valid until"), "date"),
        Field("areas", _('Areas of cooperation, separated by "; "')),
        Field("summary", _("Summary")),
        Field("url", _("Page of the agreement on the site")),
    ),
    rows=agreement_rows,
)

PARTNERS = DataSet(
    name="partners",
    title=_("Partners of the city"),
    description=_(
        "Cities, regions and organisations that are parties to the city's published "
        "agreements or take part in its published events. Updated whenever the register "
        "changes."
    ),
    subject=_("partner cities, twinning, cooperation"),
    structure="20261202",
    fields=(
        Field("id", _("Number of the partner"), "integer"),
        Field("name", _("Name")),
        Field("kind", _("Kind of partner (code)")),
        Field("kind_name", _("Kind of partner")),
        Field("our_city", _("The city itself (true or false)"), "boolean"),
        Field("region", _("Region and country")),
        Field("website", _("Official website")),
        Field("latitude", _("Latitude, degrees"), "decimal"),
        Field("longitude", _("Longitude, degrees"), "decimal"),
        Field("population", _("Population"), "integer"),
        Field("url", _("Page of the partner on the site")),
    ),
    rows=partner_rows,
)

EVENTS = DataSet(
    name="events",
    title=_("Events of the city's partnerships"),
    description=_(
        "Published visits, festivals, forums and other events with the city's partners: "
        "dates, place, partners, the agreement they belong to. Updated whenever the "
        "register changes."
    ),
    subject=_("events, visits, delegations, partner cities"),
    structure="20261202",
    fields=(
        Field("id", _("Number of the event"), "integer"),
        Field("title", _("Title of the event")),
        Field("kind", _("Kind of event (code)")),
        Field("kind_name", _("Kind of event")),
        Field("starts_on", _("First day (of the month or year when so precise)"), "date"),
        Field("ends_on", _("Last day, empty for a single day, month or year"), "date"),
        Field("precision", _("Precision of the dates: day, month or year")),
        Field("dates", _("Dates as the site shows them")),
        Field("place", _("Place")),
        Field("partners", _('Partners, separated by "; "')),
        Field("agreement_id", _("Number of the agreement in the register"), "integer"),
        Field("agreement", _("Title of the agreement")),
        Field("areas", _('Areas of cooperation, separated by "; "')),
        Field("summary", _("Summary")),
        Field("url", _("Page of the event on the site")),
    ),
    rows=event_rows,
)

PLANS = DataSet(
    name="plans",
    title=_("Cooperation plans"),
    description=_(
        "The activities of the approved and completed cooperation plans under the published "
        "agreements, one row per activity: who is responsible, when it is due, its status "
        "and result. Updated whenever the register changes."
    ),
    subject=_("cooperation plans, activities, partner cities"),
    structure="20261202",
    fields=(
        Field("plan_id", _("Number of the plan"), "integer"),
        Field("plan_title", _("Title of the plan")),
        Field("agreement_id", _("Number of the agreement in the register"), "integer"),
        Field("agreement", _("Title of the agreement")),
        Field("period_start", _("First day of the plan's period"), "date"),
        Field("period_end", _("Last day of the plan's period"), "date"),
        Field("plan_status", _("Status of the plan (code)")),
        Field("plan_status_name", _("Status of the plan")),
        Field(
            "item_id", _("Number of the activity, empty for a plan without activities"), "integer"
        ),
        Field("activity", _("Activity")),
        Field("area", _("Area of cooperation")),
        Field("responsible", _("Responsible")),
        Field("due_on", _("Due date, empty if the whole period"), "date"),
        Field("status", _("Status of the activity (code)")),
        Field("status_name", _("Status of the activity")),
        Field("result", _("Result")),
        Field("url", _("Page of the agreement with the plan on the site")),
    ),
    rows=plan_rows,
)

DOCUMENTS = DataSet(
    name="documents",
    title=_("Register of the city's documents"),
    description=_(
        "The city's published resolutions, orders, decisions and other official documents: "
        "kind, number, date, issuing body and status, with the addresses of their pages and "
        "files. Updated whenever the register changes."
    ),
    subject=_("documents, resolutions, orders, decisions, municipal acts"),
    structure="20261202",
    fields=(
        Field("id", _("Number of the document in the register"), "integer"),
        Field("kind", _("Kind of document (code)")),
        Field("kind_name", _("Kind of document")),
        Field("number", _("Number of the document")),
        Field("date", _("Date of the document"), "date"),
        Field("title", _("Title of the document")),
        Field("issuing_body", _("Issuing body")),
        Field("status", _("Status (code)")),
        Field("status_name", _("Status")),
        Field("has_file", _("A PDF file is published (true or false)"), "boolean"),
        Field("file_url", _("Address of the PDF file")),
        Field("url", _("Page of the document on the site")),
    ),
    rows=document_rows,
)

SETS = (AGREEMENTS, PARTNERS, EVENTS, PLANS, DOCUMENTS)
# Every structure ever published, by set and date: a version links the structure it had.
STRUCTURES = {(data_set.name, data_set.structure): data_set.fields for data_set in SETS}


def by_name(name: str) -> DataSet:
    for data_set in SETS:
        if data_set.name == name:
            return data_set
    raise LookupError(name)


def by_identifier(identifier: str) -> DataSet:
    for data_set in SETS:
        if data_set.identifier == identifier:
            return data_set
    raise Http404("No such open data set")
