"""The kinds of partners, agreements and events are shown in Russian, as Django would show
them, by a display method that does not rebuild every label on each call."""

import pytest
from django.urls import reverse
from django.utils import translation

from partnerships.models import Agreement, Event, Partner


@pytest.mark.parametrize("model", [Partner, Agreement, Event])
def test_every_kind_is_shown_as_its_russian_label(model):
    field = model._meta.get_field("kind")
    with translation.override("ru"):
        expected = {value: str(label) for value, label in field.flatchoices}
        shown = {value: model(kind=value).get_kind_display() for value in expected}
    assert shown == expected
    assert not any(label.isascii() for label in shown.values())  # translated, every one


def test_a_kind_that_is_not_among_the_choices_is_shown_as_stored():
    assert Event(kind="festival-2019").get_kind_display() == "festival-2019"


def test_the_events_page_names_each_event_s_kind(client, make_event):
    make_event("Визит делегации из Тореза", kind=Event.Kind.DELEGATION)
    page = client.get(reverse("partnerships:event-list")).content.decode()
    assert "Визит делегации из Тореза" in page
    assert "Обмен делегациями" in page
