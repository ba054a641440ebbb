"""The register of agreements as CSV, XLSX and JSON, and the events as CSV, written by tablib.

The exports take the query string of the pages they come from and filter with the same
FilterSets (``partnerships.filters``), so a download holds exactly the rows the page lists
— all of them, not one page. CSV is UTF-8 with a byte order mark, which Excel needs to read
Cyrillic; cells that a spreadsheet would take for a formula are neutralised (tablib's own
XLSX ``escape`` cuts the "=" off, which changes the text: ours keeps such cells as text).
The JSON keeps its envelope (the active filters beside the rows), which tablib's JSON, a
bare list of rows, has no place for.
"""

import datetime
import json

import tablib
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from tablib.formats import registry

from partnerships.filters import AgreementFilter, EventFilter
from partnerships.models import TIMELINE_ORDER, Agreement, Event
from portal.cache import reads_query

LIST_SEPARATOR = "; "
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

AGREEMENT_COLUMNS = (
    ("title", _("Title")),
    ("kind", _("Kind")),
    ("status", _("Status")),
    ("partners", _("Parties")),
    ("signed_on", _("Signed on")),
    ("signing_place", _("Place of signing")),
    ("signing_occasion", _("Occasion of signing")),
    ("valid_from", _("Valid from")),
    ("valid_until", _("Valid until")),
    ("areas", _("Areas of cooperation")),
    ("url", _("Page")),
)

EVENT_COLUMNS = (
    ("title", _("Title")),
    ("kind", _("Kind")),
    ("dates", _("Dates")),
    ("starts_on", _("Start")),
    ("ends_on", _("End")),
    ("precision", _("Date precision")),
    ("place", _("Place")),
    ("partners", _("Partners")),
    ("agreement", _("Agreement")),
    ("areas", _("Areas of cooperation")),
    ("url", _("Page")),
)


def register_filter(request) -> AgreementFilter:
    return AgreementFilter(request.GET, queryset=Agreement.objects.public())


def agreement_rows(request, filterset=None) -> list[dict]:
    """The register's agreements for the request's filters, in the register's order.

    Values as they are: lists for partners and areas, dates as dates."""
    filterset = filterset or register_filter(request)
    agreements = filterset.qs.for_listing()
    return [
        {
            "title": agreement.title,
            "kind": agreement.get_kind_display(),
            "status": agreement.get_current_status_display(),
            "partners": [partner.name for partner in agreement.partners.all()],
            "signed_on": agreement.signed_on,
            "signing_place": agreement.signing_place,
            "signing_occasion": agreement.signing_occasion,
            "valid_from": agreement.valid_from,
            "valid_until": agreement.valid_until,
            "areas": [area.name for area in agreement.areas.all()],
            "url": request.build_absolute_uri(agreement.get_absolute_url()),
        }
        for agreement in agreements
    ]


def event_rows(request) -> list[dict]:
    """The events for the request's filters, earliest first."""
    filterset = EventFilter(request.GET, queryset=Event.objects.public())
    events = filterset.qs.for_summary().order_by(*TIMELINE_ORDER)
    return [
        {
            "title": event.title,
            "kind": event.get_kind_display(),
            "dates": event.dates_display,
            "starts_on": event.starts_on,
            "ends_on": event.ends_on,
            "precision": event.get_precision_display(),
            "place": event.place,
            "partners": [partner.name for partner in event.partners.all()],
            "agreement": event.agreement.title if event.agreement else "",
            "areas": [area.name for area in event.areas.all()],
            "url": request.build_absolute_uri(event.get_absolute_url()),
        }
        for event in events
    ]


def as_text(value) -> str:
    """A cell as text: lists joined, dates in ISO 8601, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def neutralised(text: str) -> str:
    """Text a spreadsheet will not run as a formula (a leading apostrophe marks it text)."""
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def attachment(response: HttpResponse, stem: str, extension: str) -> HttpResponse:
    filename = f"{stem}-{timezone.localdate().isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def spreadsheet(rows: list[dict], columns, *, keep_dates=False) -> tablib.Dataset:
    """The rows as a table with the columns' labels as headers and text in every cell
    (dates stay dates where the format has a type for them)."""
    dataset = tablib.Dataset(headers=[str(label) for _name, label in columns])
    for row in rows:
        dataset.append(
            [
                row[name]
                if keep_dates and isinstance(row[name], datetime.date)
                else as_text(row[name])
                for name, _label in columns
            ]
        )
    return dataset


def formulas_as_text(worksheet) -> None:
    """Text that openpyxl took for a formula (it starts with "=") stored as the text it is."""
    for row in worksheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


class TextCellsXLSX(registry.get_format("xlsx")):
    """tablib's XLSX, with text that starts with "=" stored as text, not as a formula."""

    @classmethod
    def dset_sheet(cls, dataset, ws, freeze_panes=True, escape=False):
        super().dset_sheet(dataset, ws, freeze_panes=freeze_panes, escape=False)
        formulas_as_text(ws)


def csv_response(rows: list[dict], columns, stem: str) -> HttpResponse:
    dataset = spreadsheet(rows, columns)
    dataset.add_formatter(None, neutralised)
    content = "\ufeff" + dataset.export("csv", lineterminator="\r\n")
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    return attachment(response, stem, "csv")


@reads_query(*AgreementFilter.base_filters)
def register_csv(request):
    return csv_response(agreement_rows(request), AGREEMENT_COLUMNS, "agreements")


@reads_query(*AgreementFilter.base_filters)
def register_xlsx(request):
    dataset = spreadsheet(agreement_rows(request), AGREEMENT_COLUMNS, keep_dates=True)
    dataset.title = str(_("Agreements"))
    content = TextCellsXLSX.export_set(dataset, column_width="adaptive")
    return attachment(HttpResponse(content, content_type=XLSX_TYPE), "agreements", "xlsx")


@reads_query(*AgreementFilter.base_filters)
def register_json(request):
    filterset = register_filter(request)
    rows = agreement_rows(request, filterset)
    data = {"filters": filterset.active, "agreements": rows}
    content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    return attachment(
        HttpResponse(content, content_type="application/json; charset=utf-8"),
        "agreements",
        "json",
    )


@reads_query(*EventFilter.base_filters)
def events_csv(request):
    return csv_response(event_rows(request), EVENT_COLUMNS, "events")
