"""The home page's upcoming events and partner cities are read once per content version and
date in a process, yet a new event shows at once and a past one goes the next day."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import Event

pytestmark = pytest.mark.django_db(transaction=True)

NOON = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)  # 12:00 in Moscow


def home(client):
    with CaptureQueriesContext(connection) as captured:
        answer = client.get("/")
    assert answer.status_code == 200
    return answer.content.decode(), len(captured)


def test_the_upcoming_events_are_read_once_until_something_changes(
    editor_client, make_event, time_machine
):
    time_machine.move_to(NOON)
    make_event("Фестиваль побратимов", starts_on=datetime.date(2026, 12, 20))
    first, first_queries = home(editor_client)
    _second, second_queries = home(editor_client)
    assert "Фестиваль побратимов" in first
    assert second_queries <= first_queries - 2  # the events and the partner cities

    make_event("Дни Тореза", starts_on=datetime.date(2026, 12, 10))
    after, _queries = home(editor_client)
    assert "Дни Тореза" in after

    Event.objects.get(title="Дни Тореза").delete()
    assert "Дни Тореза" not in home(editor_client)[0]


def test_an_event_that_ended_yesterday_is_no_longer_upcoming_the_next_day(
    editor_client, make_event, time_machine
):
    time_machine.move_to(NOON)
    make_event("Визит делегации", starts_on=datetime.date(2026, 12, 4))
    assert "Визит делегации" in home(editor_client)[0]

    time_machine.move_to(datetime.datetime(2026, 12, 4, 21, 30, tzinfo=datetime.UTC))  # 00:30 MSK
    assert "Визит делегации" not in home(editor_client)[0]
