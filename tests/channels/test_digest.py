"""The daily digest: notifications collected into one mail a day, sent once, then cleared;
chosen on the preferences page with the kinds to switch off."""

import datetime
import re

import pytest
from django.urls import reverse

from channels import reminders
from channels.models import DigestChoice, DigestItem, Kind, NotificationPreference
from news import services
from news.models import Article
from partnerships.models import PlanItem
from tests.channels.conftest import SITE, admin_link, check_on, links, parts

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = datetime.date(2026, 10, 29)


@pytest.fixture
def three_reminders(make_agreement, make_plan):
    """An expiry notice, an overdue item and an anniversary, all due on TODAY."""
    expiring = make_agreement(
        "Истекающее",
        signed_on=datetime.date(2020, 3, 3),
        valid_until=TODAY + datetime.timedelta(days=7),
    )
    plan = make_plan(
        expiring,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    PlanItem.objects.create(plan=plan, activity="Просроченный пункт", due_on=TODAY.replace(day=28))
    jubilee = make_agreement("Юбилейное", signed_on=TODAY.replace(year=2016))
    return expiring, plan, jubilee


def test_a_digest_collects_three_reminders_into_one_mail_sent_once(
    smtp, officer, three_reminders, time_machine
):
    expiring, plan, jubilee = three_reminders
    DigestChoice.objects.create(user=officer, daily=True)

    check_on(time_machine, TODAY)
    check_on(time_machine, TODAY)  # run again the same day
    check_on(time_machine, TODAY + datetime.timedelta(days=1))

    [message] = smtp.messages
    assert message["To"] == "partnery@example.ru"
    assert "3" in message["Subject"]
    text, html = parts(message)
    for title in ("«Истекающее»", "«Просроченный пункт»", "«Юбилейное»"):
        assert title in text
        assert title in html
    for url in (
        admin_link("admin:partnerships_agreement_change", expiring.pk),
        admin_link("admin:partnerships_cooperationplan_change", plan.pk),
        admin_link("admin:partnerships_agreement_change", jubilee.pk),
    ):
        assert url in text
        assert url in links(html)
    assert text.count(f"{SITE}{reverse('channels:preferences')}") == 1  # one footer
    assert not re.search(r"<img|https?://(?!vestnik\.example\.ru)", html)
    assert not DigestItem.objects.exists()


def test_a_review_request_waits_for_the_next_morning_digest(
    smtp, make_chief, author, make_article, time_machine
):
    chief = make_chief("glavred")
    DigestChoice.objects.create(user=chief, daily=True)
    make_chief("redaktor")  # takes separate mails
    article = make_article("Побратимы & соседи", status=Article.Status.DRAFT, created_by=author)

    check_on(time_machine, TODAY)  # the day's digest is sent, empty: nothing
    services.submit_for_review(article, by=author)
    check_on(time_machine, TODAY)  # the worker's next round the same day
    assert [m["To"] for m in smtp.messages] == ["redaktor@example.ru"]

    check_on(time_machine, TODAY + datetime.timedelta(days=1))
    assert [m["To"] for m in smtp.messages] == ["redaktor@example.ru", "glavred@example.ru"]
    text, html = parts(smtp.messages[1])
    assert "«Побратимы & соседи»" in text
    assert "Побратимы &amp; соседи" in html
    assert admin_link("admin:news_article_change", article.pk) in links(html)


def test_no_digest_for_a_user_who_left_and_none_of_kinds_switched_off_since(
    smtp, officer, make_officer, three_reminders, time_machine
):
    leaving = make_officer("uhodit")
    for user in (officer, leaving):
        DigestChoice.objects.create(user=user, daily=True)
    time_machine.move_to(datetime.datetime(2026, 10, 28, 12, tzinfo=datetime.UTC))
    reminders.send_due(TODAY)  # collected, the digest not yet sent
    assert DigestItem.objects.filter(user=officer).count() == 3
    leaving.is_active = False
    leaving.save()
    NotificationPreference.objects.create(
        user=officer, kind=Kind.AGREEMENT_ANNIVERSARY, enabled=False
    )

    check_on(time_machine, TODAY)
    [message] = smtp.messages
    assert message["To"] == "partnery@example.ru"
    assert "«Юбилейное»" not in parts(message)[0]
    assert not DigestItem.objects.exists()


def test_staff_choose_the_digest_and_switch_reminders_off_on_the_preferences_page(client, officer):
    client.force_login(officer)
    url = reverse("channels:preferences")
    page = client.get(url)
    assert page.status_code == 200
    for kind in (Kind.AGREEMENT_EXPIRES, Kind.PLAN_ITEM_OVERDUE, Kind.AGREEMENT_ANNIVERSARY):
        assert str(kind.label) in page.content.decode()

    kept = [Kind.AGREEMENT_EXPIRES.value, Kind.PLAN_ITEM_OVERDUE.value]
    saved = client.post(url, {**dict.fromkeys(kept, "on"), "daily_digest": "on"})
    assert saved.status_code == 302
    assert DigestChoice.objects.get(user=officer).daily
    assert not NotificationPreference.objects.get(
        user=officer, kind=Kind.AGREEMENT_ANNIVERSARY
    ).enabled
    form = client.get(url).context["form"]
    assert form["daily_digest"].initial is True
    assert form[Kind.AGREEMENT_EXPIRES.value].initial is True

    client.post(url, dict.fromkeys(kept, "on"))
    assert not DigestChoice.objects.get(user=officer).daily
