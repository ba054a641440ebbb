"""Agreements and events appear at their ``publish_at`` (when published) and disappear at their
``expire_at`` by themselves: pages, the register, feeds, calendars, exports, the API, open data,
search and the sitemap, cached pages included, with no save and no cron."""

import datetime
from datetime import timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from opendata.sets import agreement_rows
from partnerships.hooks import next_publication_change
from partnerships.models import Event
from tests.support import feed, page, sitemap_locations

pytestmark = pytest.mark.usefixtures("near_midnight")


def surfaces(client, agreement, event) -> dict[str, bool]:
    """Where each of the two records can be seen by an anonymous reader."""
    calendar = Calendar.from_ical(client.get(reverse("partnerships:event-ics")).content)
    sitemap = sitemap_locations(client.get(reverse("sitemap")))
    export = client.get("/partnerships/export.json").content.decode()
    events_api = client.get("/api/events/").json()["results"]
    agreements_api = client.get("/api/agreements/").json()["results"]
    search = client.get(reverse("portal:search"), {"q": "фестиваль"}).content.decode()
    return {
        "agreement page": client.get(agreement.get_absolute_url()).status_code == 200,
        "register": agreement.title
        in client.get(reverse("partnerships:register")).content.decode(),
        "agreement export": agreement.title in export,
        "agreements API": any(item["slug"] == agreement.slug for item in agreements_api),
        "agreement in sitemap": f"http://testserver{agreement.get_absolute_url()}" in sitemap,
        "event page": client.get(event.get_absolute_url()).status_code == 200,
        "event list": event.title
        in client.get(reverse("partnerships:event-list")).content.decode(),
        "events RSS": any(
            event.title in entry.title
            for entry in feed(client.get(reverse("partnerships:event-rss"))).entries
        ),
        "events.ics": event.title in [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")],
        "event .ics": client.get(f"/events/{event.slug}.ics").status_code == 200,
        "events API": any(item["slug"] == event.slug for item in events_api),
        "event in sitemap": f"http://testserver{event.get_absolute_url()}" in sitemap,
        "search": event.title in search,
    }


@pytest.fixture
def upcoming_day(near_midnight):
    return (near_midnight + timedelta(days=10)).date()


def test_a_scheduled_agreement_and_event_appear_at_their_time_and_go_at_their_removal(
    client, subtests, make_agreement, make_event, time_machine, near_midnight, upcoming_day
):
    appears = near_midnight + timedelta(minutes=20)
    goes = near_midnight + timedelta(hours=2)
    agreement = make_agreement(
        "Соглашение с Торезом о фестивалях", publish_at=appears, expire_at=goes
    )
    event = make_event(
        "Фестиваль детского творчества",
        starts_on=upcoming_day,
        agreement=agreement,
        publish_at=appears,
    )
    other = make_event("Фестиваль другой", starts_on=upcoming_day)  # keeps every list non-empty
    assert other.is_public

    moments = {
        "before": near_midnight,
        "after publication": appears + timedelta(seconds=1),
        "after removal": goes,  # the removal time itself: gone
    }
    expected = {"before": False, "after publication": True, "after removal": False}
    for name, moment in moments.items():
        time_machine.move_to(moment, tick=False)
        seen = surfaces(client, agreement, event)
        with subtests.test(moment=name):
            assert seen == dict.fromkeys(seen, expected[name])


def test_the_cached_register_flips_at_the_removal_time_without_a_save(
    client, make_agreement, time_machine, near_midnight
):
    agreement = make_agreement(
        "Соглашение с Торезом о фестивалях", expire_at=near_midnight + timedelta(minutes=5)
    )
    url = reverse("partnerships:register")
    assert agreement.title in client.get(url).content.decode()
    assert client.get(url)["X-Cache"] == "hit"

    time_machine.move_to(near_midnight + timedelta(minutes=5), tick=False)

    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert agreement.title not in response.content.decode()


def test_an_events_window_is_inside_its_agreements(
    client, make_agreement, make_event, time_machine, near_midnight, upcoming_day
):
    agreement = make_agreement(expire_at=near_midnight + timedelta(minutes=5))
    event = make_event("Фестиваль", starts_on=upcoming_day, agreement=agreement)
    assert Event.objects.public().filter(pk=event.pk).exists()

    time_machine.move_to(near_midnight + timedelta(minutes=6), tick=False)

    assert not Event.objects.public().filter(pk=event.pk).exists()
    assert client.get(event.get_absolute_url()).status_code == 404


def test_open_data_follows_the_window(make_agreement, make_event, time_machine, near_midnight):
    agreement = make_agreement(expire_at=near_midnight + timedelta(minutes=5))
    assert agreement.title in str(agreement_rows())

    time_machine.move_to(near_midnight + timedelta(minutes=5), tick=False)

    assert agreement.title not in str(agreement_rows())


def test_the_schedule_names_the_next_appearance_or_removal(
    make_agreement, make_event, near_midnight
):
    assert next_publication_change() is None
    removal = near_midnight + timedelta(hours=3)
    make_agreement(expire_at=removal)
    assert next_publication_change() == removal
    appearance = near_midnight + timedelta(hours=1)
    make_event(publish_at=appearance)
    assert next_publication_change() == appearance
    make_event("Черновик", is_published=False, publish_at=near_midnight + timedelta(minutes=1))
    assert next_publication_change() == appearance


def test_the_admin_lists_and_filters_by_window(
    editor_client, make_agreement, time_machine, near_midnight
):
    gone = make_agreement("Снятое соглашение", expire_at=near_midnight + timedelta(minutes=1))
    make_agreement("Действующее соглашение")
    time_machine.move_to(near_midnight + timedelta(minutes=2), tick=False)

    tree = page(
        editor_client.get(
            reverse("admin:partnerships_agreement_changelist"), {"window": "expired"}
        )
    )

    titles = [cell.text_content() for cell in tree.xpath("//*[contains(@class, 'field-title')]")]
    assert titles == [gone.title]
    assert "Снято с публикации по сроку" in tree.xpath("string(//td[@class='field-window'])")


def test_the_register_costs_no_more_queries_with_more_scheduled_agreements(
    client, make_agreement, near_midnight, django_assert_max_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("partnerships:register")
    make_agreement("Соглашение 0", expire_at=near_midnight + timedelta(days=1))
    cache.clear()
    with CaptureQueriesContext(connection) as counted:
        client.get(url)
    for number in range(1, 8):
        make_agreement(
            f"Соглашение {number}",
            publish_at=near_midnight - timedelta(days=1),
            expire_at=near_midnight + timedelta(days=number),
            signed_on=datetime.date(2019, 10, number),
        )
    cache.clear()
    with django_assert_max_num_queries(len(counted)):
        assert client.get(url).status_code == 200
