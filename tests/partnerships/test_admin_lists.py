"""The register's admin lists (agreements, events) make as many queries however long they are,
and the events list is not held up by a filter of every agreement."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import roles
from tests.support import page

AGREEMENTS_URL = reverse("admin:partnerships_agreement_changelist")
EVENTS_URL = reverse("admin:partnerships_event_changelist")


@pytest.fixture
def chief_client(client, django_user_model):
    chief = django_user_model.objects.create_user("glavred", is_staff=True)
    chief.groups.add(roles.sync_roles()[roles.CHIEF_EDITOR])
    client.force_login(chief)
    return client


@pytest.fixture
def register(make_agreement, make_event, make_partner, home_city, torez):
    """``add(count)`` more agreements, each with two partners and two events (one of them
    under the agreement), and a partner of its own."""
    made = []

    def add(count):
        for _ in range(count):
            number = len(made)
            partner = make_partner(f"Город {number}", slug=f"gorod-{number}")
            agreement = make_agreement(
                f"Соглашение номер {number}",
                partners=[home_city, partner],
                signed_on=datetime.date(2015, 1, 1) + datetime.timedelta(days=200 * number),
            )
            make_event(f"Визит номер {number}", agreement=agreement, partners=[partner, torez])
            make_event(f"Выставка номер {number}", partners=[partner])
            made.append(agreement)
        return made

    return add


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


LISTS = {
    "agreements": AGREEMENTS_URL,
    "agreements, searched": AGREEMENTS_URL + "?q=номер",
    "agreements of a year": AGREEMENTS_URL + "?signed_on__year=2016",
    "agreements needing attention": AGREEMENTS_URL + "?attention=yes",
    "events": EVENTS_URL,
    "events under an agreement": EVENTS_URL + "?agreement__isnull=False",
    "events, searched": EVENTS_URL + "?q=номер",
    "events needing attention": EVENTS_URL + "?attention=yes",
}


def test_the_register_lists_make_as_many_queries_for_three_times_the_records(
    chief_client, register, subtests, django_assert_max_num_queries
):
    register(4)
    few = {name: query_count(chief_client, url) for name, url in LISTS.items()}

    register(8)

    for name, url in LISTS.items():
        with subtests.test(page=name), django_assert_max_num_queries(few[name]):
            assert chief_client.get(url).status_code == 200


def event_titles(response) -> list[str]:
    return [
        link.text_content()
        for link in page(response).xpath(
            "//table[@id='result_list']//*[contains(@class, 'field-title')]/a"
        )
    ]


def test_the_events_list_filters_by_having_an_agreement_not_by_each_one(chief_client, register):
    register(3)

    tree = page(chief_client.get(EVENTS_URL))
    under = event_titles(chief_client.get(EVENTS_URL + "?agreement__isnull=False"))
    alone = event_titles(chief_client.get(EVENTS_URL + "?agreement__isnull=True"))

    assert not tree.xpath("//a[contains(@href, 'agreement__id__exact')]")
    assert sorted(under) == ["Визит номер 0", "Визит номер 1", "Визит номер 2"]
    assert sorted(alone) == ["Выставка номер 0", "Выставка номер 1", "Выставка номер 2"]


def test_the_events_list_finds_an_agreements_events_by_its_title(chief_client, register):
    register(2)

    assert event_titles(chief_client.get(EVENTS_URL, {"q": "Соглашение номер 1"})) == [
        "Визит номер 1"
    ]
