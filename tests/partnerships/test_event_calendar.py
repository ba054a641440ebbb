"""«Add to calendar» on an event page: one event as an .ics file, the same entry as in the feed."""

import datetime

import pytest
from icalendar import Calendar

from partnerships.models import Agreement, Event
from tests.support import page

D = datetime.date
pytestmark = pytest.mark.django_db


def test_an_event_known_to_the_day_downloads_as_one_calendar_entry(client, make_event):
    event = make_event("Дни культуры Тореза", starts_on=D(2019, 6, 1), ends_on=D(2019, 6, 3))

    response = client.get(f"/events/{event.slug}.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    (entry,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Дни культуры Тореза"
    assert entry.decoded("DTSTART") == D(2019, 6, 1)
    assert entry.decoded("DTEND") == D(2019, 6, 4)
    # The same UID as in /events.ics: adding it twice does not double it.
    assert str(entry["UID"]) == f"event-{event.pk}@testserver"


def test_the_event_page_links_to_its_calendar_file(client, make_event):
    event = make_event("Визит делегации")

    tree = page(client.get(event.get_absolute_url()))

    assert tree.xpath(f"//a[@href='/events/{event.slug}.ics']")


@pytest.mark.parametrize(
    "fields",
    [
        {"precision": Event.Precision.MONTH},
        {"precision": Event.Precision.YEAR},
        {"is_published": False},
    ],
    ids=["month precision", "year precision", "unpublished"],
)
def test_no_calendar_file_for_events_a_calendar_cannot_place_or_the_public_cannot_see(
    client, make_event, fields
):
    event = make_event("Фестиваль", **fields)

    assert client.get(f"/events/{event.slug}.ics").status_code == 404


def test_no_calendar_link_for_an_event_known_only_to_the_month(client, make_event):
    event = make_event("Турнир", precision=Event.Precision.MONTH)

    tree = page(client.get(event.get_absolute_url()))

    assert not tree.xpath("//a[contains(@href, '.ics') and contains(@href, '/events/')]")


def test_events_of_an_unpublished_agreement_have_no_calendar_file(
    client, make_event, make_agreement
):
    draft = make_agreement(
        "Проект соглашения", status=Agreement.Status.NEGOTIATION, is_published=False
    )
    event = make_event("Переговоры", agreement=draft)

    assert client.get(f"/events/{event.slug}.ics").status_code == 404
