"""The events' list entries are rendered once per version of their event and kept, yet a
changed event shows its change at once and an event over yesterday loses its badge."""

import datetime

import lxml.html
import pytest

from partnerships.models import Event

pytestmark = pytest.mark.django_db(transaction=True)  # entries are kept outside transactions

NOON = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)  # 12:00 in Moscow


def entries(client, path="/events/"):
    """The titles of the page's event entries, each with whether it carries the badge."""
    answer = client.get(path)
    assert answer.status_code == 200
    tree = lxml.html.fromstring(answer.content.decode())
    return {
        item.findtext(".//a").strip(): "event-item--upcoming" in item.get("class")
        for item in tree.xpath("//li[contains(@class, 'event-item')]")
    }


def test_a_changed_event_shows_its_change_at_once_on_every_list(
    editor_client, make_agreement, make_event, time_machine
):
    time_machine.move_to(NOON)
    agreement = make_agreement()
    event = make_event("Визит делегации", agreement=agreement)
    make_event("Фестиваль побратимов", starts_on=datetime.date(2026, 12, 20))
    for _ in range(2):  # the second time from the kept entries
        assert entries(editor_client) == {"Визит делегации": False, "Фестиваль побратимов": True}
    assert "Визит делегации" in entries(editor_client, agreement.get_absolute_url())

    event.title = "Визит делегации Тореза"
    event.save()
    assert entries(editor_client) == {
        "Визит делегации Тореза": False,
        "Фестиваль побратимов": True,
    }
    assert set(entries(editor_client, agreement.get_absolute_url())) == {"Визит делегации Тореза"}

    Event.objects.filter(pk=event.pk).update(is_published=False)
    assert set(entries(editor_client)) == {"Фестиваль побратимов"}


def test_an_event_of_today_loses_its_badge_at_midnight_in_moscow(
    editor_client, make_event, time_machine
):
    make_event("День города", starts_on=datetime.date(2026, 12, 4))
    time_machine.move_to(datetime.datetime(2026, 12, 4, 20, 30, tzinfo=datetime.UTC))  # 23:30
    for _ in range(2):
        assert entries(editor_client) == {"День города": True}

    time_machine.move_to(datetime.datetime(2026, 12, 4, 21, 30, tzinfo=datetime.UTC))  # 00:30
    assert entries(editor_client) == {"День города": False}
