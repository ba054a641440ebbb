"""Editors are mailed as an article moves through review: through a real SMTP server."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from channels.models import Kind, NotificationPreference
from news import services
from news.models import Article
from tests.channels.conftest import SITE, links, parts, run_tasks

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def writer(author):
    author.email = "avtor@example.ru"
    author.save()
    return author


@pytest.fixture
def draft(make_article, writer):
    return make_article("Побратимы & соседи", status=Article.Status.DRAFT, created_by=writer)


def test_submitting_mails_the_active_chief_editors_a_link_to_the_review(
    smtp, make_chief, writer, draft
):
    make_chief("glavred")
    make_chief("redaktor")
    make_chief("uvolen", is_active=False)
    make_chief("bezpochty", email="")
    NotificationPreference.objects.create(
        user=make_chief("otpisalsya"), kind=Kind.REVIEW_REQUESTED, enabled=False
    )

    services.submit_for_review(draft, by=writer)
    run_tasks()

    assert sorted(m["To"] for m in smtp.messages) == [
        "glavred@example.ru",
        "redaktor@example.ru",
    ]
    message = smtp.to("glavred@example.ru")[0]
    assert "Побратимы & соседи" in message["Subject"]
    assert "vestnik@example.ru" in message["From"]
    text, html = parts(message)
    review = f"{SITE}{reverse('admin:news_article_change', args=[draft.pk])}"
    assert review in text
    assert "«Побратимы & соседи»" in text  # plain text is not HTML-escaped
    assert review in links(html)
    assert "Побратимы &amp; соседи" in html
    assert f"{SITE}{reverse('channels:preferences')}" in links(html)
    assert not re.search(r"<img|https?://(?!vestnik\.example\.ru)", html)


def test_the_author_gets_the_chief_editors_comment_when_sent_back(smtp, make_chief, writer, draft):
    chief = make_chief("glavred")
    services.submit_for_review(draft, by=writer)
    services.send_back(draft, by=chief, note="Уточните даты визита <делегации>.")
    run_tasks()

    [message] = smtp.to("avtor@example.ru")
    assert "Побратимы & соседи" in message["Subject"]
    text, html = parts(message)
    assert "Уточните даты визита <делегации>." in text
    assert "Уточните даты визита &lt;делегации&gt;." in html
    assert f"{SITE}{reverse('admin:news_article_change', args=[draft.pk])}" in links(html)


def test_the_author_is_told_when_the_article_is_published(smtp, make_chief, writer, draft):
    services.publish_article(draft, by=make_chief("glavred"))
    run_tasks()

    [message] = smtp.to("avtor@example.ru")
    text, html = parts(message)
    public = f"{SITE}{Article.objects.get(pk=draft.pk).get_absolute_url()}"
    assert public in text
    assert public in links(html)


def test_the_author_is_told_when_the_article_is_scheduled(smtp, make_chief, writer, draft):
    at = timezone.now() + timedelta(days=2)
    services.publish_article(draft, by=make_chief("glavred"), at=at)
    run_tasks()

    [message] = smtp.to("avtor@example.ru")
    text, html = parts(message)
    with translation.override("ru"):
        when = formats.date_format(timezone.localtime(at), "j E Y, H:i")
    assert when in text
    assert when in html


def test_nothing_is_mailed_to_an_author_who_switched_it_off_or_left(
    smtp, make_chief, writer, draft, make_article
):
    NotificationPreference.objects.create(user=writer, kind=Kind.PUBLISHED, enabled=False)
    services.publish_article(draft, by=make_chief("glavred"))
    run_tasks()
    assert smtp.messages == []

    NotificationPreference.objects.filter(user=writer).delete()
    writer.is_active = False
    writer.save()
    services.publish_article(
        make_article("Вторая", status=Article.Status.DRAFT, created_by=writer),
        by=make_chief("redaktor"),
    )
    run_tasks()
    assert smtp.messages == []


def test_a_chief_editor_is_not_mailed_about_their_own_action(smtp, make_chief, make_article):
    chief = make_chief("glavred")
    own = make_article("Своя", status=Article.Status.DRAFT, created_by=chief)
    services.submit_for_review(own, by=chief)
    services.publish_article(own, by=chief)
    run_tasks()

    assert smtp.messages == []


def test_staff_switch_kinds_off_on_their_preferences_page(smtp, make_chief, writer, draft, client):
    client.force_login(writer)
    url = reverse("channels:preferences")
    page = client.get(url)
    assert page.status_code == 200
    assert "avtor@example.ru" in page.content.decode()

    saved = client.post(url, {Kind.SENT_BACK.value: "on"})
    assert saved.status_code == 302
    assert not NotificationPreference.objects.get(user=writer, kind=Kind.PUBLISHED).enabled
    assert client.get(url).context["form"][Kind.PUBLISHED.value].initial is False

    chief = make_chief("glavred")
    services.publish_article(draft, by=chief)
    services.unpublish_article(draft, by=chief)
    services.send_back(draft, by=chief, note="Ещё раз, пожалуйста.")
    run_tasks()
    [message] = smtp.to("avtor@example.ru")
    assert "Ещё раз, пожалуйста." in parts(message)[0]


def test_the_preferences_page_is_for_staff_only(client, django_user_model):
    reader = django_user_model.objects.create_user("chitatel", password="x" * 12)
    client.force_login(reader)
    response = client.get(reverse("channels:preferences"))
    assert response.status_code == 302
    assert "login" in response["Location"]
