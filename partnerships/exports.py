"""The register of agreements as CSV, XLSX and JSON, and the events as CSV.

The exports take the query string of the pages they come from and filter with the same
FilterSets (``partnerships.filters``), so a download holds exactly the rows the page lists
— all of them, not one page. CSV is UTF-8 with a byte order mark, which Excel needs to read
Cyrillic; cells that a spreadsheet would take for a formula are neutralised.
"""

import csv
import datetime
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from partnerships.filters import AgreementFilter, EventFilter
from partnerships.models import TIMELINE_ORDER, Agreement, Event

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
            "status": agreement.get_status_display(),
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


def csv_response(rows: list[dict], columns, stem: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([str(label) for _name, label in columns])
    for row in rows:
        writer.writerow([neutralised(as_text(row[name])) for name, _label in columns])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return attachment(response, stem, "csv")


def register_csv(request):
    return csv_response(agreement_rows(request), AGREEMENT_COLUMNS, "agreements")


def register_xlsx(request):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Agreements")))
    widths = {"title": 60, "partners": 30, "signing_place": 30, "signing_occasion": 30,
              "areas": 40, "url": 50}  # fmt: skip
    for index, (name, _label) in enumerate(AGREEMENT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(name, 14)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for _name, label in AGREEMENT_COLUMNS:
        cell = _text_cell(sheet, str(label))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in agreement_rows(request):
        cells = []
        for name, _label in AGREEMENT_COLUMNS:
            value = row[name]
            if isinstance(value, datetime.date):
                cells.append(_date_cell(sheet, value))
            else:
                cells.append(_text_cell(sheet, as_text(value)))
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return attachment(
        HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), "agreements", "xlsx"
    )


def _text_cell(sheet, text: str):
    cell = WriteOnlyCell(sheet, text)
    # A string that starts with "=" would be stored as a formula: keep it a string.
    cell.data_type = "s"
    return cell


def _date_cell(sheet, value: datetime.date):
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = "yyyy-mm-dd"
    return cell


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


def events_csv(request):
    return csv_response(event_rows(request), EVENT_COLUMNS, "events")
