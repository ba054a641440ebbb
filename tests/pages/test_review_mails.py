"""Editors are mailed as a page moves through review, as for articles: a real SMTP server."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from channels.models import Kind, NotificationPreference
from pages import services
from pages.models import Page
from tests.channels.conftest import SITE, links, parts, run_tasks

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def writer(author):
    author.email = "avtor@example.ru"
    author.save()
    return author


@pytest.fixture
def draft(make_page, writer):
    return make_page("Контакты & часы приёма", status=Page.Status.DRAFT, created_by=writer)


def review_link(record) -> str:
    return f"{SITE}{reverse('admin:pages_page_change', args=[record.pk])}"


def test_submitting_a_page_mails_the_chief_editors_a_link_to_its_review(
    smtp, make_chief, writer, draft
):
    make_chief("glavred")
    make_chief("redaktor")
    NotificationPreference.objects.create(
        user=make_chief("otpisalsya"), kind=Kind.REVIEW_REQUESTED, enabled=False
    )

    services.submit_for_review(draft, by=writer)
    run_tasks()

    assert sorted(m["To"] for m in smtp.messages) == ["glavred@example.ru", "redaktor@example.ru"]
    message = smtp.to("glavred@example.ru")[0]
    assert message["Subject"].strip() == "Страница на проверку: «Контакты & часы приёма»"
    text, html = parts(message)
    assert "Avtor отправляет на проверку страницу «Контакты & часы приёма»." in text
    assert f"Проверить страницу: {review_link(draft)}" in text
    assert review_link(draft) in links(html)
    assert "Контакты &amp; часы приёма" in html


def test_the_author_gets_the_comment_when_the_page_is_sent_back(smtp, make_chief, writer, draft):
    chief = make_chief("glavred")
    services.submit_for_review(draft, by=writer)
    services.send_back(draft, by=chief, note="Уточните часы <приёма>.")
    run_tasks()

    [message] = smtp.to("avtor@example.ru")
    assert (
        message["Subject"].strip()
        == "Ваша страница «Контакты & часы приёма» возвращена на доработку"
    )
    text, html = parts(message)
    assert "возвращает вам страницу «Контакты & часы приёма» с замечаниями:" in text
    assert "Уточните часы <приёма>." in text
    assert "Уточните часы &lt;приёма&gt;." in html
    assert review_link(draft) in links(html)


def test_the_author_is_told_when_the_page_is_published(smtp, make_chief, writer, draft):
    services.publish_page(draft, by=make_chief("glavred"))
    run_tasks()

    [message] = smtp.to("avtor@example.ru")
    assert message["Subject"].strip() == "Ваша страница «Контакты & часы приёма» опубликована"
    text, html = parts(message)
    public = f"{SITE}{Page.objects.get(pk=draft.pk).get_absolute_url()}"
    assert "Ваша страница «Контакты & часы приёма» опубликована." in text
    assert public in text
    assert public in links(html)


def test_the_author_is_told_when_the_page_is_scheduled(smtp, make_chief, writer, draft):
    at = timezone.now() + timedelta(days=2)
    services.publish_page(draft, by=make_chief("glavred"), at=at)
    run_tasks()

    [message] = smtp.to("avtor@example.ru")
    assert (
        message["Subject"].strip()
        == "Публикация вашей страницы «Контакты & часы приёма» запланирована"
    )
    text, html = parts(message)
    with translation.override("ru"):
        when = formats.date_format(timezone.localtime(at), "j E Y, H:i")
    assert when in text
    assert when in html


def test_a_chief_editor_is_not_mailed_about_their_own_page(smtp, make_chief, make_page):
    chief = make_chief("glavred")
    own = make_page("Своя", status=Page.Status.DRAFT, created_by=chief)
    services.submit_for_review(own, by=chief)
    services.publish_page(own, by=chief)
    run_tasks()

    assert smtp.messages == []
