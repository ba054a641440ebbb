"""The yearly report (``partnerships.yearly_report``) as tables, and the tables as an XLSX
workbook (one sheet per section) and as a DOCX document to sign and send.

``report_tables`` is the one layout: the admin's preview, the workbook and the document show
the same sections, columns and totals. Text from the register goes into the files as text:
a value that starts with "=" stays a string, not a formula, and
characters that XML cannot hold are dropped.
"""

import datetime
import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape as xml_escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from partnerships.exports import LIST_SEPARATOR
from partnerships.models import Agreement, Event
from partnerships.yearly_report import YearlyReport

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT, DATE, NUMBER = "text", "date", "number"
SHEET_TITLE_LENGTH = 31


@dataclass
class Column:
    label: str
    width: int = 20  # characters, in the workbook
    kind: str = TEXT


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    total: list | None = None  # the totals row, if the table has one
    note: str = ""


def report_title(report: YearlyReport) -> str:
    return _("Report on the international and inter-regional ties for %(year)s") % {
        "year": report.year
    }


def _names(items) -> str:
    return LIST_SEPARATOR.join(str(item) for item in items)


def _parties(entry) -> str:
    return LIST_SEPARATOR.join(
        f"{partner.name} ({partner.region})" if partner.region else partner.name
        for partner in entry.counterparts
    )


def _agreement_columns(*extra):
    return [
        Column("№", 5, NUMBER),
        Column(_("Agreement"), 50),
        Column(_("Kind"), 24),
        Column(_("Scope"), 18),
        Column(_("Parties"), 36),
        Column(_("Signed on"), 13, DATE),
        *extra,
        Column(_("Areas of cooperation"), 36),
    ]


def _labels(choices) -> dict[str, str]:
    """A choice field's labels translated once for the whole report (``get_FOO_display()``
    translates every label of the field again for each of a thousand rows)."""
    return {value: str(label) for value, label in choices}


def _agreement_table(title, entries, extra_columns, extra_values, note=""):
    table = Table(title, _agreement_columns(*extra_columns), note=note)
    kinds = _labels(Agreement.Kind.choices)
    for number, entry in enumerate(entries, 1):
        agreement = entry.agreement
        table.rows.append(
            [
                number,
                agreement.title,
                kinds.get(agreement.kind, agreement.kind),
                str(entry.scope_label),
                _parties(entry),
                agreement.signed_on,
                *extra_values(entry),
                _names(entry.areas),
            ]
        )
    table.total = [_("Total"), len(entries)]
    return table


def _validity(entry):
    return [entry.agreement.valid_from, entry.agreement.valid_until]


def report_tables(report: YearlyReport) -> list[Table]:
    validity = [Column(_("Valid from"), 13, DATE), Column(_("Valid until"), 13, DATE)]
    ended = [Column(_("Ended on"), 13, DATE)]
    summary = Table(
        pgettext("yearly report", "Summary"),
        [Column(_("Indicator"), 60), Column(_("Number"), 12, NUMBER)],
        rows=[
            [_("Agreements concluded in the year"), len(report.concluded)],
            [_("Agreements in force in the year"), len(report.in_force)],
            *[[f"    {label}", count] for label, count in report.in_force_by_scope()],
            [_("Agreements expired in the year"), len(report.expired)],
            [_("Agreements terminated in the year"), len(report.terminated)],
            [_("Events held"), len(report.events)],
            [_("Cooperation plans"), len(report.plans)],
        ],
    )
    plans = report.plan_totals
    if plans:
        summary.rows += [
            [_("Plan items (cancelled ones left out)"), plans.total],
            [_("Plan items done"), plans.done],
        ]
    tables = [
        summary,
        _agreement_table(
            _("Agreements concluded"),
            report.concluded,
            validity,
            _validity,
        ),
        _agreement_table(
            _("Agreements in force"),
            report.in_force,
            [*validity, Column(_("Stage at the end of the year"), 22)],
            lambda entry: [*_validity(entry), str(entry.stage_label)],
        ),
        _agreement_table(
            _("Agreements expired"), report.expired, ended, lambda entry: [entry.ended_on]
        ),
        _agreement_table(
            _("Agreements terminated"),
            report.terminated,
            ended,
            lambda entry: [entry.ended_on],
        ),
        _events_table(report),
        _tally_table(
            _("Events by partner"),
            [
                Column(_("Partner"), 40),
                Column(_("Scope"), 18),
                Column(pgettext("yearly report", "Events"), 12, NUMBER),
            ],
            [[tally.name, tally.detail, tally.events] for tally in report.events_by_partner],
            note=_("An event with several partners is counted for each of them."),
        ),
        _tally_table(
            _("Events by area"),
            [
                Column(_("Area of cooperation"), 50),
                Column(pgettext("yearly report", "Events"), 12, NUMBER),
            ],
            [[tally.name, tally.events] for tally in report.events_by_area],
            note=_("An event in several areas is counted in each of them."),
        ),
        _plans_table(report),
        _documents_table(report),
    ]
    return tables


def _tally_table(title, columns, rows, note):
    return Table(title, columns, rows, note=note)


def _events_table(report):
    table = Table(
        _("Events held"),
        [
            Column("№", 5, NUMBER),
            Column(_("Event"), 44),
            Column(_("Kind"), 20),
            Column(_("Dates"), 22),
            Column(_("Start"), 13, DATE),
            Column(_("Place"), 30),
            Column(_("Partners"), 30),
            Column(_("Agreement"), 40),
            Column(_("Areas of cooperation"), 30),
        ],
    )
    kinds = _labels(Event.Kind.choices)
    for number, entry in enumerate(report.events, 1):
        event = entry.event
        table.rows.append(
            [
                number,
                event.title,
                kinds.get(event.kind, event.kind),
                event.dates_display,
                event.starts_on,
                event.place,
                _names(partner.name for partner in entry.partners),
                entry.agreement_title,
                _names(entry.areas),
            ]
        )
    table.total = [_("Total"), len(report.events)]
    return table


def _plans_table(report):
    table = Table(
        _("Plan fulfilment"),
        [
            Column(_("Plan"), 40),
            Column(_("Agreement"), 44),
            Column(_("Period"), 22),
            Column(pgettext("yearly report", "Items"), 10, NUMBER),
            Column(_("Done"), 10, NUMBER),
            Column(_("In progress"), 10, NUMBER),
            Column(_("Planned"), 12, NUMBER),
            Column(_("Cancelled"), 10, NUMBER),
            Column(_("Done, %"), 10, NUMBER),
        ],
        note=_("Items: cancelled ones left out, as in the plan's progress."),
    )
    for entry in report.plans:
        table.rows.append(
            [
                entry.plan.title,
                entry.plan.agreement.title,
                entry.plan.period_display,
                entry.total,
                entry.done,
                entry.in_progress,
                entry.planned,
                entry.cancelled,
                entry.percent,
            ]
        )
    totals = report.plan_totals
    if totals:
        table.total = [
            _("Total"),
            "",
            "",
            totals.total,
            totals.done,
            totals.in_progress,
            totals.planned,
            totals.cancelled,
            totals.percent,
        ]
    return table


def _documents_table(report):
    table = Table(
        _("Source documents"),
        [
            Column("№", 5, NUMBER),
            Column(_("Agreement"), 50),
            Column(_("Document"), 44),
            Column(_("Kind"), 20),
        ],
        note=_("The documents of the agreements concluded or in force in the year."),
    )
    for number, document in enumerate(report.documents, 1):
        table.rows.append([number, document.agreement_title, document.title, document.kind_label])
    return table


def clean_text(value) -> str:
    """Text without the control characters that XML (and so XLSX and DOCX) cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _cell_value(value):
    if value is None or isinstance(value, int | float | datetime.date):
        return value
    return clean_text(value)


def workbook(report: YearlyReport) -> bytes:
    """One sheet per section: a bold header row, fixed widths, dates as dates.

    The workbook is written in openpyxl's write-only mode, row by row, with a styled cell only
    where it needs a style (the header, the totals, dates, text that starts with "="): building
    the whole workbook in memory first took half a second at a thousand agreements."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    header = Alignment(wrap_text=True, vertical="top")
    for table in report_tables(report):
        sheet = book.create_sheet(_sheet_title(table.title))
        for index, column in enumerate(table.columns, 1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = "A2"
        kinds = [column.kind for column in table.columns]
        sheet.append(
            [_styled(sheet, column.label, font=bold, alignment=header) for column in table.columns]
        )
        for row in table.rows:
            sheet.append(
                [_xlsx_cell(sheet, value, kind) for value, kind in zip(row, kinds, strict=True)]
            )
        if table.total:
            sheet.append([_styled(sheet, _cell_value(value), font=bold) for value in table.total])
        if table.note:
            sheet.append([])
            sheet.append([_xlsx_cell(sheet, table.note, TEXT)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _styled(sheet, value, **style) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    if cell.data_type == "f":  # text, not a formula (as ``exports.formulas_as_text`` does)
        cell.data_type = "s"
    return cell


def _xlsx_cell(sheet, value, kind: str):
    value = _cell_value(value)
    if isinstance(value, str) and value.startswith("="):
        return _styled(sheet, value)
    if kind == DATE and isinstance(value, datetime.date):
        return _styled(sheet, value, number_format="DD.MM.YYYY")
    return value


def _sheet_title(title: str) -> str:
    for character in "[]:*?/\\":
        title = title.replace(character, " ")
    return title[:SHEET_TITLE_LENGTH]


def _docx_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return date_format(value, "d.m.Y")
    return clean_text(value)


def document(report: YearlyReport) -> bytes:
    """The report as a document to sign: the title, each section as a table with its
    totals, and a place for the signature."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(11)

    heading = doc.add_heading(report_title(report), level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = doc.add_paragraph(clean_text(report.organisation))
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(
        _("Period: %(start)s – %(end)s.")
        % {
            "start": date_format(report.first_day, "d.m.Y"),
            "end": date_format(report.last_day, "d.m.Y"),
        }
    )
    for number, table in enumerate(report_tables(report), 1):
        doc.add_heading(f"{number}. {table.title}", level=1)
        if not table.rows:
            doc.add_paragraph(_("None in the year."))
            continue
        _docx_table(doc, table)
        if table.note:
            doc.add_paragraph(table.note).runs[0].italic = True
    _signature(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _docx_table(doc, table: Table):
    """The table's rows written as WordprocessingML and parsed at once: python-docx builds a
    cell in several steps, which took seconds for a table of a thousand rows. The text is
    escaped (``xml_escape``) after ``clean_text``."""
    width = len(table.columns)
    grid = doc.add_table(rows=0, cols=width)
    grid.style = "Table Grid"
    rows = [[column.label for column in table.columns], *table.rows]
    if table.total:
        rows.append(table.total)
    last = len(rows) - 1
    xml_rows = []
    for index, values in enumerate(rows):
        bold = index == 0 or (table.total is not None and index == last)
        cells = "".join(
            _docx_cell(_docx_text(value), bold)
            for value in [*values, *[""] * (width - len(values))]
        )
        xml_rows.append(f"<w:tr>{cells}</w:tr>")
    parsed = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(xml_rows)}</w:tbl>")
    for row in list(parsed):
        grid._tbl.append(row)


def _docx_cell(text: str, bold: bool) -> str:
    properties = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return (
        '<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr><w:p><w:r>'
        f'{properties}<w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r></w:p></w:tc>'
    )


def _signature(doc):
    doc.add_paragraph()
    labels = [
        pgettext("signature", "Position"),
        pgettext("signature", "Full name"),
        pgettext("signature", "Signature"),
        pgettext("signature", "Date"),
    ]
    grid = doc.add_table(rows=2, cols=len(labels))
    for cell in grid.rows[0].cells:
        cell.text = "_" * 24
    for cell, label in zip(grid.rows[1].cells, labels, strict=True):
        cell.text = f"({label})"
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
