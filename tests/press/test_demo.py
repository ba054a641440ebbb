"""The demo's press section: the seed press release, an upcoming announcement, contacts."""

import pytest
from django.urls import reverse

from news.models import Article
from press.models import Announcement, PressContact
from tests.support import card_titles, feed, page

pytestmark = pytest.mark.django_db


def test_the_seed_press_release_is_a_press_release(client, demo_content):
    [release] = Article.objects.published().press_releases()
    assert release.department.name == "Управление информационной политики"
    assert card_titles(page(client.get(reverse("press:releases")))) == [release.title]
    assert [e.title for e in feed(client.get(reverse("press:releases-rss"))).entries] == [
        release.title
    ]


def test_an_upcoming_announcement_takes_requests_and_the_contacts_are_shown(client, demo_content):
    announcement = Announcement.objects.public().accrediting().get()
    assert announcement.accreditation_until < announcement.starts_at
    text = page(client.get(reverse("press:section"))).text_content()
    assert announcement.title in text
    assert "Пресс-секретарь" in text
    assert PressContact.objects.filter(email="press@alchevsk.example").exists()
    form = page(client.get(reverse("press:accreditation")))
    assert form.xpath(f"//option[@value='{announcement.pk}']")
