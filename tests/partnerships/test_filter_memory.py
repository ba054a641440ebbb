"""The register's and the events list's filters count their choices and facets once per
content version and date: a reader's page does not run them again, yet a change shows at once
and so does the next day."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Partner
from tests.support import page

pytestmark = pytest.mark.django_db


def options(client, url, name):
    """The labels of the filter ``name``'s options on the page at ``url``."""
    tree = page(client.get(url))
    return [
        option.text_content().strip() for option in tree.xpath(f"//select[@name='{name}']/option")
    ]


def test_a_new_partner_is_offered_by_the_events_filter_at_once(editor_client, make_event):
    url = reverse("partnerships:event-list")
    make_event("Визит в Торез")
    assert "Енакиево" not in options(editor_client, url, "partner")

    yenakiieve = Partner.objects.create(name="Енакиево", kind=Partner.Kind.CITY)
    make_event("Визит в Енакиево", partners=[yenakiieve])

    assert "Енакиево" in options(editor_client, url, "partner")


def test_the_register_counts_its_facets_once_until_something_changes(
    editor_client, make_agreement
):
    url = reverse("partnerships:register")
    make_agreement("Соглашение о побратимстве")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(url).status_code == 200
        return len(captured)

    first, second = queries(), queries()
    assert second <= first - 5  # the grouped counts of every facet and the choices: remembered
    make_agreement("Соглашение о сотрудничестве в культуре")
    assert queries() >= second + 5  # counted again after the change
    assert any("(2)" in label for label in options(editor_client, url, "kind"))


def test_an_agreement_whose_term_ended_yesterday_counts_as_expired_the_next_day(
    editor_client, make_agreement, time_machine
):
    url = reverse("partnerships:register")
    time_machine.move_to(datetime.datetime(2026, 12, 4, 12, 0, tzinfo=datetime.UTC))
    make_agreement(valid_from=datetime.date(2019, 10, 29), valid_until=datetime.date(2026, 12, 4))
    assert "Действует (1)" in options(editor_client, url, "status")

    time_machine.move_to(datetime.datetime(2026, 12, 4, 21, 30, tzinfo=datetime.UTC))  # 00:30 MSK
    status = options(editor_client, url, "status")

    assert "Истёк срок действия (1)" in status
    assert "Действует (0)" in status
