import zoneinfo
from datetime import datetime

import pytest
from django.test import Client

from portal import roles
from tests.partnerships.conftest import (  # noqa: F401 (fixtures shared with these tests)
    home_city,
    make_agreement,
    make_event,
    make_plan,
    torez,
)
from tests.support import form_data, page

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
# A Tuesday morning in the newsroom: a fixed "now" for everything about publication times.
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=MOSCOW)


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def role_groups(db):
    """The role groups as the migration made them, brought up to date with portal.roles
    (a test that flushes the database may have removed them)."""
    return roles.sync_roles()


@pytest.fixture
def make_staff(django_user_model, role_groups):
    def build(username, role):
        user = django_user_model.objects.create_user(
            username, first_name=username.capitalize(), is_staff=True
        )
        user.groups.add(role_groups[role])
        return user

    return build


@pytest.fixture
def author(make_staff):
    return make_staff("avtor", roles.AUTHOR)


@pytest.fixture
def other_author(make_staff):
    return make_staff("vtoroi", roles.AUTHOR)


@pytest.fixture
def chief(make_staff):
    return make_staff("glavred", roles.CHIEF_EDITOR)


@pytest.fixture
def officer(make_staff):
    return make_staff("partnery", roles.PARTNERSHIPS_OFFICER)


@pytest.fixture
def login():
    """A separate browser (test client) logged in as ``user``."""

    def build(user):
        client = Client()
        client.force_login(user)
        return client

    return build


def change_form(client, url, form_id):
    """The data of an admin form as the browser would post it unchanged."""
    return form_data(page(client.get(url)), form_id)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def errors_of(response) -> str:
    """The text of every error an admin form shows."""
    tree = page(response)
    return " ".join(
        element.text_content() for element in tree.xpath("//*[contains(@class, 'errorlist')]")
    )
