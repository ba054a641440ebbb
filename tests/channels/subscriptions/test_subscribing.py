"""A resident subscribes on the site: double opt-in through a real SMTP server, friendly pages
for bad links, limits and a honeypot against mail-bombing."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from channels.subscriptions.models import DoNotMail, Frequency, Subscriber, Topic, address_hash
from tests.channels.conftest import run_tasks
from tests.channels.subscriptions.conftest import links, parts, site_path
from tests.support import page

pytestmark = pytest.mark.django_db(transaction=True)

FORM = "/subscribe/"


def ask(client, email="zhitel@example.ru", ip="198.51.100.7", **fields):
    data = {"email": email, "news": "on", "frequency": "immediate", "consent": "on", **fields}
    return client.post(FORM, data, REMOTE_ADDR=ip)


def confirm_link(inbox, email="zhitel@example.ru"):
    [message] = inbox.to(email)
    text, html = parts(message)
    [url] = [link for link in links(html) if "/subscribe/confirm/" in link]
    assert url in text
    return site_path(url)


def test_the_form_is_linked_from_every_page_and_from_feeds(client, rubric):
    home = page(client.get("/"))
    assert home.xpath(f"//footer//a[@href='{FORM}']")
    feeds = page(client.get("/feeds/"))
    [small_form] = feeds.xpath(f"//form[@action='{FORM}']")
    assert small_form.get("method") == "get"  # no token: /feeds/ stays in the page cache
    prefilled = page(client.get(FORM, {"news": "on"}))
    assert prefilled.xpath("//input[@name='news'][@checked]")
    by_rubric = page(client.get(FORM, {"rubric": rubric.slug}))
    assert by_rubric.xpath(f"//input[@name='rubric'][@value='{rubric.slug}'][@checked]")


def test_the_form_carries_the_consent_and_is_never_cached(client, settings):
    response = client.get(FORM)
    tree = page(response)
    assert "152-ФЗ" in tree.text_content()
    assert tree.xpath("//input[@name='csrfmiddlewaretoken']")
    assert tree.xpath("//input[@name='consent'][@type='checkbox']")
    assert "no-store" in response["Cache-Control"]
    assert "X-Cache" not in client.get(FORM)  # not served from, nor stored in, the page cache


def test_nothing_is_stored_or_sent_before_the_address_is_confirmed(smtp, client, rubric):
    answer = ask(client, rubric=rubric.slug, frequency="daily")
    assert answer.status_code == 200
    assert "zhitel@example.ru" in answer.content.decode()
    assert not Subscriber.objects.exists()
    run_tasks()
    assert not Subscriber.objects.exists()

    url = confirm_link(smtp)
    [message] = smtp.messages
    assert "List-Unsubscribe" not in message
    assert page(client.get(url)).xpath("//form[@method='post']//button")  # asks first
    assert not Subscriber.objects.exists()  # a link scanner's GET subscribes nobody
    done = client.post(url)
    assert done.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "zhitel@example.ru"
    assert subscriber.frequency == Frequency.DAILY
    assert "152-ФЗ" in subscriber.consent_text
    assert subscriber.consented_at <= subscriber.confirmed_at
    assert {(s.topic, s.rubric_id) for s in subscriber.subscriptions.all()} == {
        (Topic.NEWS, None),
        (Topic.RUBRIC, rubric.pk),
    }
    assert client.post(url).status_code == 200  # confirming twice is harmless
    assert Subscriber.objects.count() == 1


def test_expired_changed_and_unknown_links_get_a_friendly_page(smtp, client, time_machine):
    ask(client)
    run_tasks()
    url = confirm_link(smtp)
    token = url.rstrip("/").rsplit("/", 1)[-1]
    tampered = url.replace(token, token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"))
    unknown = [
        "/subscribe/confirm/nonsense/",
        "/subscribe/manage/x:y/",
        "/subscribe/unsubscribe/%00/",
    ]
    for bad in [tampered, *unknown]:
        response = client.get(bad)
        assert response.status_code == 404, bad
        assert "Ссылка не работает" in response.content.decode()
    time_machine.move_to(timezone.now() + timedelta(hours=49))
    for method in (client.get, client.post):
        expired = method(url)
        assert expired.status_code == 410
        assert "истёк" in expired.content.decode()
    assert not Subscriber.objects.exists()


def test_a_wrong_address_or_no_topic_gets_a_clear_message(client):
    wrong = ask(client, email="zhitel@example")
    assert wrong.status_code == 200
    assert "не похоже на адрес электронной почты" in wrong.content.decode()
    nothing = client.post(FORM, {"email": "a@example.ru", "consent": "on", "frequency": "daily"})
    assert "Выберите хотя бы" in nothing.content.decode()
    no_consent = ask(client, consent="")
    assert "Без согласия" in no_consent.content.decode()
    assert page(no_consent).xpath("//input[@name='email'][@value='zhitel@example.ru']")
    assert not DBTaskResult.objects.exists()


def test_three_mails_a_day_to_one_address_and_ten_an_hour_from_one_client(smtp, client):
    for _number in range(3):
        assert ask(client).status_code == 200
    limited = ask(client, ip="203.0.113.9")  # from elsewhere too
    assert limited.status_code == 429
    assert "Слишком много писем" in limited.content.decode()
    for number in range(7):
        assert ask(client, email=f"sosed{number}@example.ru").status_code == 200
    assert ask(client, email="eshche@example.ru").status_code == 429
    assert ask(client, email="eshche@example.ru", ip="192.0.2.1").status_code == 200
    run_tasks()
    assert len(smtp.to("zhitel@example.ru")) == 3
    assert len(smtp.messages) == 11


def test_the_honeypot_field_sends_nothing(smtp, client):
    answer = ask(client, website="http://spam.example")
    assert answer.status_code == 200  # the robot learns nothing
    run_tasks()
    assert smtp.messages == []


def test_an_address_that_unsubscribed_gets_one_confirmation_a_month(smtp, client):
    DoNotMail.objects.create(address_hash=address_hash("zhitel@example.ru"))
    assert ask(client).status_code == 200
    assert ask(client).status_code == 429
    run_tasks()
    client.post(confirm_link(smtp))
    assert Subscriber.objects.filter(email="zhitel@example.ru").exists()
    assert not DoNotMail.objects.exists()  # they came back themselves


def test_a_confirmation_mail_is_retried_while_smtp_is_down_and_sent_once(
    start_smtp, client, time_machine
):
    ask(client)
    run_tasks()  # nothing listens yet
    [row] = DBTaskResult.objects.all()
    assert row.status == TaskResultStatus.READY
    inbox = start_smtp()
    time_machine.move_to(row.run_after + timedelta(seconds=1))
    run_tasks()
    run_tasks()
    assert len(inbox.to("zhitel@example.ru")) == 1


def one_click(client, url):
    """What a mail program sends for RFC 8058's one-click unsubscribe."""
    body = "List-Unsubscribe=One-Click"
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


def test_the_one_click_post_needs_no_csrf_token_but_other_posts_do(smtp_settings, make_subscriber):
    from channels.subscriptions.links import unsubscribe_url

    subscriber = make_subscriber("zhitel@example.ru")
    url = site_path(unsubscribe_url(subscriber))
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(url, {"anything": "else"}).status_code == 403
    assert page(browser.get(url)).xpath("//form[@method='post']//button")
    assert Subscriber.objects.exists()
    answer = one_click(browser, url)
    assert answer.status_code == 200
    assert not Subscriber.objects.exists()
    assert DoNotMail.objects.filter(address_hash=address_hash("zhitel@example.ru")).exists()
    assert one_click(browser, url).status_code == 200  # twice: still fine


def test_the_manage_page_changes_what_is_followed(smtp_settings, client, make_subscriber, rubric):
    from channels.subscriptions.links import manage_url

    subscriber = make_subscriber("zhitel@example.ru")
    url = site_path(manage_url(subscriber))
    tree = page(client.get(url))
    assert tree.xpath("//input[@name='news'][@checked]")
    saved = client.post(url, {"rubric": rubric.slug, "frequency": "daily"})
    assert "сохранена" in saved.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.frequency == Frequency.DAILY
    assert [(s.topic, s.rubric) for s in subscriber.subscriptions.all()] == [
        (Topic.RUBRIC, rubric)
    ]
    [leave] = page(saved).xpath("//form[contains(@action, '/unsubscribe/')]")
    client.post(leave.get("action"))
    assert not Subscriber.objects.exists()
    assert "не подписан" in client.get(url).content.decode()
    assert reverse("subscriptions:form") in client.get(url).content.decode()
