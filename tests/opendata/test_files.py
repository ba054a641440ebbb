"""/opendata/: the registry, passports, structures and data files as machines read them."""

import csv
import datetime
import io
import zoneinfo
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opendata.models import OpenDataVersion
from opendata.sets import SETS
from opendata.tasks import record_versions
from partnerships.models import Agreement, CooperationPlan, PlanItem
from tests.opendata.conftest import parse

pytestmark = pytest.mark.django_db

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
META_PROPERTIES = {
    "standardversion",
    "identifier",
    "title",
    "description",
    "creator",
    "created",
    "modified",
    "subject",
    "format",
    "publishername",
    "publisherphone",
    "publishermbox",
    "valid",
    "provenance",
    "license",
}
TRICKY_TITLE = '=HYPERLINK("http://evil"), «Соглашение», "в кавычках"; и запятые, да'


def path_of(url):
    return urlsplit(url).path


def meta(client, name="agreements"):
    rows = parse(client.get(f"/opendata/{name}/meta.csv"))
    assert rows[0] == ["property", "value"]
    assert all(len(row) == 2 for row in rows)
    return rows[1:]


def data_links(meta_rows):
    return [(name, url) for name, url in meta_rows if name.startswith("data-")]


def latest_data(client, name="agreements"):
    _name, url = data_links(meta(client, name))[0]
    return client.get(path_of(url))


def test_list_csv_names_every_set_with_its_passport(client, settings):
    settings.SITE_URL = "https://alchevsk.example"
    rows = parse(client.get("/opendata/list.csv"))

    assert rows[0] == ["property", "title", "value", "format"]
    assert rows[1][0] == "standardversion"
    assert rows[1][2] == "http://opendata.gosmonitor.ru/standard/3.0"
    sets = {row[0]: row for row in rows[2:]}
    assert set(sets) == {"agreements", "partners", "events", "plans", "documents"}
    for identifier, (_id, title, value, file_format) in sets.items():
        assert title
        assert value == f"https://alchevsk.example/opendata/{identifier}/meta.csv"
        assert file_format == "csv"


def test_identifiers_start_with_the_publishers_inn(client, settings):
    settings.OPENDATA_PUBLISHER_INN = "9402000000"
    rows = parse(client.get("/opendata/list.csv"))

    assert rows[2][0] == "9402000000-agreements"
    assert client.get("/opendata/9402000000-agreements/meta.csv").status_code == 200
    assert client.get("/opendata/agreements/meta.csv").status_code == 404


def test_meta_csv_holds_the_passport_of_version_3(client, publisher, make_agreement):
    make_agreement()
    rows = meta(client)
    properties = dict(rows)

    assert set(properties) >= META_PROPERTIES
    assert [name for name, _value in rows[:2]] == ["standardversion", "identifier"]
    assert properties["identifier"] == "agreements"
    assert properties["creator"] == publisher.office_name
    assert properties["publishername"] == publisher.office_name
    assert properties["publisherphone"] == "+7 (857) 000-00-00"
    assert properties["publishermbox"] == "press@example.org"
    assert properties["format"] == "csv"
    assert properties["license"].startswith("https://creativecommons.org/licenses/by/4.0/")
    ((version_name, version_url),) = data_links(rows)
    assert version_url.endswith(f"/opendata/agreements/{version_name}.csv")
    structures = [(name, url) for name, url in rows if name.startswith("structure-")]
    assert len(structures) == 1
    assert version_name.endswith(structures[0][0])


def test_dates_are_moscow_dates(client, near_midnight, make_agreement):
    make_agreement()
    properties = dict(meta(client))

    assert properties["created"] == properties["modified"] == "20270101"
    ((version_name, _url),) = data_links(meta(client))
    assert version_name.startswith("data-20270101-structure-")


@pytest.mark.parametrize("data_set", SETS, ids=lambda data_set: data_set.name)
def test_structure_describes_every_column_of_the_data(client, data_set):
    rows = meta(client, data_set.name)
    ((_name, structure_url),) = [(n, u) for n, u in rows if n.startswith("structure-")]
    structure = parse(client.get(path_of(structure_url)))
    header = parse(latest_data(client, data_set.name))[0]

    assert structure[0] == ["field name", "english description", "russian description", "format"]
    assert [row[0] for row in structure[1:]] == header
    for name, english, russian, file_format in structure[1:]:
        assert name.isascii() and english.isascii()
        assert russian
        assert file_format in {"string", "integer", "decimal", "date", "boolean"}


def test_data_round_trips_exactly(client, make_agreement, make_area):
    summary = 'Первая строка,\r\nвторая «строка» с "кавычками"\n+7 и @упоминание'
    agreement = make_agreement(
        title=TRICKY_TITLE,
        summary=summary,
        areas=[make_area("Культура, спорт")],
        signing_place="-минус в начале",
    )
    response = latest_data(client)
    rows = parse(response)

    header, row = rows
    record = dict(zip(header, row, strict=True))
    assert record["title"] == TRICKY_TITLE
    assert record["summary"] == Agreement.objects.get(pk=agreement.pk).summary
    assert "\n" in record["summary"] and '"кавычками"' in record["summary"]
    assert record["signing_place"] == "-минус в начале"
    assert record["areas"] == "Культура, спорт"
    assert record["parties"] == "Алчевск; Торез"
    assert record["signed_on"] == "2019-10-29"
    assert record["status"] == "in_force"
    assert record["id"] == str(agreement.pk)
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    assert buffer.getvalue().encode() == response.content


def test_drafts_are_never_in_the_data(client, make_agreement, make_event, make_plan, make_partner):
    public = make_agreement(title="Опубликованное соглашение")
    draft = make_agreement(
        title="Черновик соглашения", is_published=False, partners=[make_partner("Тайный город")]
    )
    make_event(title="Черновик события", is_published=False)
    make_event(title="Событие черновика соглашения", agreement=draft)
    make_event(title="Открытое событие")
    make_plan(public, title="Черновик плана", status=CooperationPlan.Status.DRAFT)
    make_plan(draft, title="План черновика соглашения")
    make_plan(public, title="Утверждённый план", statuses=[PlanItem.Status.DONE])

    everything = b"".join(latest_data(client, data_set.name).content for data_set in SETS)
    text = everything.decode()

    assert "Опубликованное соглашение" in text
    assert "Открытое событие" in text
    assert "Утверждённый план" in text
    for hidden in (
        "Черновик соглашения",
        "Тайный город",
        "Черновик события",
        "Событие черновика соглашения",
        "Черновик плана",
        "План черновика соглашения",
    ):
        assert hidden not in text


def test_a_change_makes_a_new_version_and_the_old_file_stays(client, time_machine, make_agreement):
    time_machine.move_to(datetime.datetime(2026, 3, 10, 12, 0, tzinfo=MOSCOW), tick=False)
    agreement = make_agreement(title="Соглашение о побратимстве")
    ((old_name, old_url),) = data_links(meta(client))
    old_content = client.get(path_of(old_url)).content
    assert old_name.startswith("data-20260310-")

    time_machine.move_to(datetime.datetime(2026, 4, 2, 9, 15, tzinfo=MOSCOW), tick=False)
    assert len(data_links(meta(client))) == 1  # nothing changed, no new version
    agreement.title = "Соглашение о побратимстве и дружбе"
    agreement.save()
    links = data_links(meta(client))

    assert [name[:13] for name, _url in links] == ["data-20260402", "data-20260310"]
    new = parse(client.get(path_of(links[0][1])))
    assert new[1][1] == "Соглашение о побратимстве и дружбе"
    old = client.get(path_of(old_url))
    assert old.status_code == 200
    assert old.content == old_content
    assert "Соглашение о побратимстве" in old.content.decode()
    properties = dict(meta(client))
    assert properties["created"] == "20260310"
    assert properties["modified"] == "20260402"


def test_a_second_change_the_same_day_gets_the_time_in_its_name(
    client, time_machine, make_agreement
):
    time_machine.move_to(datetime.datetime(2026, 3, 10, 12, 0, tzinfo=MOSCOW), tick=False)
    agreement = make_agreement(title="Первое название")
    meta(client)
    time_machine.move_to(datetime.datetime(2026, 3, 10, 16, 45, tzinfo=MOSCOW), tick=False)
    Agreement.objects.filter(pk=agreement.pk).update(title="Второе название")
    links = data_links(meta(client))

    assert [name.split("-structure-")[0] for name, _url in links] == [
        "data-20260310T1645",
        "data-20260310",
    ]
    assert "Первое название" in client.get(path_of(links[1][1])).content.decode()


def test_the_daily_task_records_changes_nobody_looked_at(make_event):
    assert record_versions.call("2026-03-10") == len(SETS)  # the first, empty versions
    assert record_versions.call("2026-03-11") == 0
    make_event(title="Новое событие")

    assert record_versions.call("2026-03-12") == 1
    assert OpenDataVersion.objects.of("events").count() == 2


def test_the_command_records_versions_by_hand(make_agreement):
    make_agreement()
    out = io.StringIO()
    call_command("record_opendata_versions", stdout=out)

    assert "agreements: data-" in out.getvalue()
    assert OpenDataVersion.objects.of("agreements").count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/opendata/nonexistent/",
        "/opendata/nonexistent/meta.csv",
        "/opendata/agreements/structure-19990101.csv",
        "/opendata/agreements/data-19990101-structure-20261202.csv",
        "/opendata/agreements/data-%27%3B--structure-x.csv",
        "/opendata/partners/data-garbage.csv",
    ],
)
def test_unknown_sets_and_versions_are_404(client, path):
    meta(client)  # there is a version of the agreements
    assert client.get(path).status_code == 404


PAGES = ("/opendata/", "/opendata/agreements/", "/opendata/plans/meta.csv", "/opendata/list.csv")


def test_query_counts_do_not_grow_with_the_register(
    client, make_agreement, make_event, make_plan, make_area
):
    def fill(first, count):
        for number in range(first, first + count):
            area = make_area(f"Направление {number}")
            agreement = make_agreement(title=f"Соглашение {number}", areas=[area])
            make_event(title=f"Событие {number}", agreement=agreement, areas=[area])
            make_plan(agreement, statuses=[PlanItem.Status.PLANNED, PlanItem.Status.DONE])

    def counts():
        client.get("/opendata/")  # records the versions of what changed
        found = {}
        for path in PAGES:
            cache.clear()  # render every page, not the page cache's copy
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            found[path] = len(queries)
        return found

    fill(0, 1)
    small = counts()
    fill(1, 6)
    assert counts() == small


def test_a_version_file_is_one_query(client, make_agreement, django_assert_max_num_queries):
    make_agreement()
    ((_name, url),) = data_links(meta(client))
    with django_assert_max_num_queries(1):
        response = client.get(path_of(url))
    assert response.status_code == 200
    assert response["ETag"]
    assert "max-age" in response["Cache-Control"]
