"""Subscribers are personal data: in the admin for the chief editor only, exported whole,
erased into the do-not-mail list."""

import json

import pytest
from django.urls import reverse

from channels.subscriptions.models import DoNotMail, Subscriber, Topic, address_hash

pytestmark = pytest.mark.django_db

LIST = reverse("admin:channels_subscriber_changelist")


@pytest.fixture
def subscriber(make_subscriber, rubric):
    return make_subscriber("zhitel@example.ru", (Topic.RUBRIC, rubric))


def test_only_the_chief_editor_sees_the_subscribers(login, chief, author, officer, subscriber):
    assert "zhitel@example.ru" in login(chief).get(LIST).content.decode()
    for user in (author, officer):
        assert login(user).get(LIST).status_code == 403
        assert "Подписчики" not in login(user).get(reverse("admin:index")).content.decode()


def test_the_chief_editor_exports_one_persons_data(login, chief, subscriber):
    response = login(chief).post(
        LIST, {"action": "export_personal_data", "_selected_action": [subscriber.pk]}
    )
    assert response["Content-Type"].startswith("application/json")
    [data] = json.loads(response.content)
    assert data["email"] == "zhitel@example.ru"
    assert "152-ФЗ" in data["consent_text"]
    assert data["consented_at"] and data["confirmed_at"]
    assert data["subscriptions"] == [{"topic": "rubric", "about": "Общество"}]


def test_deleting_a_subscriber_keeps_only_the_hash(login, chief, subscriber):
    url = reverse("admin:channels_subscriber_delete", args=[subscriber.pk])
    response = login(chief).post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert DoNotMail.objects.get().address_hash == address_hash("zhitel@example.ru")
    assert "zhitel" not in DoNotMail.objects.get().address_hash
