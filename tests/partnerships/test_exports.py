"""The register as CSV, XLSX and JSON, and the events as CSV: what the page lists, for the
same query string, read back intact."""

import csv
import datetime
import io
import json

import openpyxl
import pytest

from partnerships.exports import AGREEMENT_COLUMNS, EVENT_COLUMNS
from partnerships.models import Agreement, Event
from tests.support import page

D = datetime.date
pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "status=in_force",
    "kind=twinning",
    "area=kultura",
    "partner=lipetsk",
    "year=2019",
    "area=kultura&status=in_force",
    "status=lost&area=nowhere",
]


@pytest.fixture
def register(make_agreement, make_area, make_partner, make_event, home_city, torez):
    culture, sport = make_area("Культура", slug="kultura"), make_area("Спорт", slug="sport")
    lipetsk = make_partner("Липецк", slug="lipetsk")
    make_agreement(
        "Соглашение об установлении побратимских связей",
        kind=Agreement.Kind.TWINNING,
        signing_place="Донецкий международный инвестиционный форум",
        signing_occasion="секция «Донбасс и регионы России»",
        valid_from=D(2019, 10, 29),
        areas=[culture, sport],
    )
    make_agreement(
        "Соглашение о сотрудничестве, торговле и культуре",
        partners=[home_city, lipetsk],
        signed_on=D(2022, 9, 15),
        valid_until=D(2027, 9, 14),
        areas=[culture],
    )
    make_agreement("Меморандум", status=Agreement.Status.NEGOTIATION, kind="memorandum")
    make_agreement("Протокол", status=Agreement.Status.EXPIRED, signed_on=D(2019, 2, 1))
    make_agreement("Черновик соглашения", is_published=False)
    return {"culture": culture, "lipetsk": lipetsk}


def register_rows(client, query):
    """What the register page lists for ``query``: (title, absolute URL) in order."""
    tree = page(client.get(f"/partnerships/?{query}"))
    return [
        (link.text_content().strip(), "http://testserver" + link.get("href"))
        for link in tree.xpath("//*[contains(@class, 'agreement-card__title')]/a")
    ]


def expected_row(agreement):
    return {
        "title": agreement.title,
        "kind": str(agreement.get_kind_display()),
        "status": str(agreement.get_status_display()),
        "partners": [p.name for p in agreement.partners.order_by("-is_home", "name")],
        "signed_on": agreement.signed_on,
        "signing_place": agreement.signing_place,
        "signing_occasion": agreement.signing_occasion,
        "valid_from": agreement.valid_from,
        "valid_until": agreement.valid_until,
        "areas": [area.name for area in agreement.areas.all()],
        "url": "http://testserver" + agreement.get_absolute_url(),
    }


def read_csv(response):
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")  # the BOM Excel needs to read UTF-8
    reader = csv.reader(io.StringIO(content[1:]))
    header = next(reader)
    return header, list(reader)


def as_csv_cell(value):
    """A spreadsheet cell as the CSV export writes it: dates in ISO form, nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, D) else value


def csv_row(cells):
    names = [
        "title",
        "kind",
        "status",
        "partners",
        "signed_on",
        "signing_place",
        "signing_occasion",
        "valid_from",
        "valid_until",
        "areas",
        "url",
    ]
    row = dict(zip(names, cells, strict=True))
    for name in ("partners", "areas"):
        row[name] = row[name].split("; ") if row[name] else []
    for name in ("signed_on", "valid_from", "valid_until"):
        row[name] = D.fromisoformat(row[name]) if row[name] else None
    return row


@pytest.mark.parametrize("query", QUERIES)
def test_csv_round_trip_equals_the_register(client, register, query):
    response = client.get(f"/partnerships/export.csv?{query}")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="agreements-')
    assert response["Content-Disposition"].endswith('.csv"')
    header, rows = read_csv(response)
    assert header == [str(label) for _name, label in AGREEMENT_COLUMNS]
    rows = [csv_row(cells) for cells in rows]
    assert [(row["title"], row["url"]) for row in rows] == register_rows(client, query)
    by_title = {agreement.title: agreement for agreement in Agreement.objects.all()}
    assert rows == [expected_row(by_title[row["title"]]) for row in rows]


@pytest.mark.parametrize("query", QUERIES)
def test_xlsx_round_trip_equals_the_register(client, register, query):
    response = client.get(f"/partnerships/export.xlsx?{query}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *cells = list(sheet.iter_rows(values_only=True))
    assert list(header) == [str(label) for _name, label in AGREEMENT_COLUMNS]
    rows = [csv_row([as_csv_cell(value) for value in values]) for values in cells]
    assert [(row["title"], row["url"]) for row in rows] == register_rows(client, query)
    by_title = {agreement.title: agreement for agreement in Agreement.objects.all()}
    assert rows == [expected_row(by_title[row["title"]]) for row in rows]


@pytest.mark.parametrize("query", QUERIES)
def test_json_round_trip_equals_the_register(client, register, query):
    response = client.get(f"/partnerships/export.json?{query}")

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.json"')
    data = json.loads(response.content)
    rows = data["agreements"]
    assert [(row["title"], row["url"]) for row in rows] == register_rows(client, query)
    by_title = {agreement.title: agreement for agreement in Agreement.objects.all()}
    for row in rows:
        expected = expected_row(by_title[row["title"]])
        for name in ("signed_on", "valid_from", "valid_until"):
            expected[name] = expected[name].isoformat() if expected[name] else None
        assert row == expected
    assert set(data["filters"]) <= {"status", "kind", "area", "partner", "year"}


def test_the_register_page_links_its_downloads_with_its_filters(client, register):
    tree = page(client.get("/partnerships/?status=in_force&area=kultura&page=1"))
    links = {
        link.get("href")
        for link in tree.xpath("//*[contains(@class, 'register__downloads')]//a[@download]")
    }
    assert links == {
        f"/partnerships/export.{extension}?status=in_force&area=kultura"
        for extension in ("csv", "xlsx", "json")
    }


def test_formulas_are_neutralised(client, make_agreement):
    make_agreement('=HYPERLINK("http://evil.example/","Нажмите")', signing_place="+7 звонок")

    _header, (cells,) = read_csv(client.get("/partnerships/export.csv"))
    assert cells[0] == '\'=HYPERLINK("http://evil.example/","Нажмите")'
    assert cells[5] == "'+7 звонок"
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get("/partnerships/export.xlsx").content)
    ).active
    cell = sheet["A2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil.example/","Нажмите")'


def test_the_exports_are_unaffected_by_the_page_number(client, register):
    whole = read_csv(client.get("/partnerships/export.csv"))
    assert read_csv(client.get("/partnerships/export.csv?page=2")) == whole


def test_events_csv_has_the_events_page_filters_and_dates_at_their_precision(
    client, register, make_event, torez
):
    agreement = Agreement.objects.get(kind=Agreement.Kind.TWINNING)
    make_event(
        "Выступления коллективов",
        agreement=agreement,
        partners=[torez],
        areas=[register["culture"]],
        starts_on=D(2017, 1, 1),
        ends_on=D(2018, 12, 31),
        precision=Event.Precision.YEAR,
        place="Торез",
    )
    make_event("Визит в Липецк", partners=[register["lipetsk"]], starts_on=D(2023, 5, 16))
    make_event("Скрытое событие", is_published=False)

    response = client.get("/events/export.csv")
    assert response["Content-Disposition"].startswith('attachment; filename="events-')
    header, rows = read_csv(response)
    assert header == [str(label) for _name, label in EVENT_COLUMNS]
    performances, visit = rows
    assert performances[0] == "Выступления коллективов"
    assert performances[2] == Event.objects.get(title="Выступления коллективов").dates_display
    assert performances[3:5] == ["2017-01-01", "2018-12-31"]
    assert performances[6:9] == ["Торез", "Торез", agreement.title]
    assert performances[10] == "http://testserver/events/vystupleniia-kollektivov-2017/"
    assert visit[4] == ""

    _header, filtered = read_csv(client.get("/events/export.csv?partner=lipetsk"))
    assert [row[0] for row in filtered] == ["Визит в Липецк"]
    _header, by_year = read_csv(client.get("/events/export.csv?year=2018"))
    assert [row[0] for row in by_year] == ["Выступления коллективов"]


@pytest.mark.parametrize(
    ("url", "stem"),
    [
        ("/partnerships/export.csv", "agreements"),
        ("/partnerships/export.xlsx", "agreements"),
        ("/partnerships/export.json", "agreements"),
        ("/events/export.csv", "events"),
    ],
)
def test_a_download_is_named_after_the_moscow_date(client, frozen_today, url, stem):
    """At 23:30 UTC and at 00:30 Moscow time the UTC date is still yesterday's."""
    response = client.get(url)

    assert response.status_code == 200
    expected = f'attachment; filename="{stem}-2024-05-15.{url.rsplit(".", 1)[1]}"'
    assert response["Content-Disposition"] == expected
