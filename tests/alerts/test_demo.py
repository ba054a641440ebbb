"""The demo shows no banner until someone publishes the example, and has a duty officer."""

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.urls import reverse

from alerts import demo
from alerts.models import Banner
from portal import demo as portal_demo
from portal import roles


@pytest.mark.django_db
def test_the_demo_has_one_unpublished_example_and_no_banner_on_the_site(client):
    demo.load()
    demo.load()

    assert Banner.objects.count() == 1
    assert not Banner.objects.live().exists()
    assert "site-alerts" not in client.get("/").content.decode()


def test_the_demo_duty_officer_publishes_the_example(client, settings, demo_content):
    duty = get_user_model().objects.get(username="dezhurny")
    assert [group.name for group in duty.groups.all()] == [roles.DUTY_OFFICER]
    assert client.login(
        request=HttpRequest(), username="dezhurny", password=portal_demo.DEMO_PASSWORD
    )
    banner = Banner.objects.get()

    response = client.post(
        reverse("admin:alerts_banner_changelist"),
        {"action": "publish", "_selected_action": [banner.pk]},
    )

    assert response.status_code == 302
    client.logout()
    assert "Плановое отключение холодной воды" in client.get("/").content.decode()
