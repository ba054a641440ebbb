"""The partnerships officer is reminded of agreements that expire, plan items past their due
date and anniversaries of signing: through a real SMTP server, once, on the Moscow date."""

import datetime
import re

import pytest
from django.urls import reverse

from channels import reminders
from channels.models import Kind, NotificationPreference, SentMessage
from partnerships.models import Agreement, CooperationPlan, PlanItem
from portal import roles
from tests.channels.conftest import SITE, admin_link, check_on, daily_checks, links, parts

pytestmark = pytest.mark.django_db(transaction=True)

NEW_YEAR = datetime.date(2027, 1, 1)  # the Moscow date at both near_midnight instants


def test_the_officer_is_mailed_90_30_and_7_days_before_an_agreement_ends(
    smtp, officer, make_agreement, time_machine
):
    until = datetime.date(2027, 6, 30)
    agreement = make_agreement("Соглашение о дружбе & сотрудничестве", valid_until=until)
    mailed_on = {}
    for before in (91, 90, 89, 31, 30, 29, 8, 7, 6, 1, 0, -1):
        count = len(smtp.messages)
        check_on(time_machine, until - datetime.timedelta(days=before))
        mailed_on[before] = len(smtp.messages) - count

    assert {before for before, count in mailed_on.items() if count} == {90, 30, 7}
    assert sum(mailed_on.values()) == 3
    assert {m["To"] for m in smtp.messages} == {"partnery@example.ru"}
    assert [re.search(r"\b(\d+)\b", m["Subject"])[1] for m in smtp.messages] == ["90", "30", "7"]
    message = smtp.messages[1]
    assert "Соглашение о дружбе & сотрудничестве" in message["Subject"]
    text, html = parts(message)
    url = admin_link("admin:partnerships_agreement_change", agreement.pk)
    assert url in text
    assert url in links(html)
    assert "30 июня 2027" in text  # the end date, in Russian
    assert "Алчевск, Торез" in text
    assert "«Соглашение о дружбе & сотрудничестве»" in text  # plain text is not escaped
    assert "дружбе &amp; сотрудничестве" in html
    assert f"{SITE}{reverse('channels:preferences')}" in links(html)
    assert not re.search(r"<img|https?://(?!vestnik\.example\.ru)", html)


def test_a_late_entered_agreement_gets_the_latest_notice_it_has_reached(
    smtp, officer, make_agreement, time_machine
):
    today = datetime.date(2026, 5, 4)
    agreement = make_agreement(valid_until=today + datetime.timedelta(days=20))
    check_on(time_machine, today)
    check_on(time_machine, today + datetime.timedelta(days=1))

    [message] = smtp.messages
    assert "20" in message["Subject"]
    assert SentMessage.objects.get().occasion == f"agreement:{agreement.pk}:expires:2026-05-24:30"


def test_no_expiry_notice_for_agreements_without_an_end_or_no_longer_in_force(
    smtp, officer, make_agreement, time_machine
):
    today = datetime.date(2026, 5, 4)
    soon = today + datetime.timedelta(days=30)
    make_agreement("Бессрочное", valid_until=None)
    make_agreement("Расторгнутое", status=Agreement.Status.TERMINATED, valid_until=soon)
    make_agreement("На переговорах", status=Agreement.Status.NEGOTIATION, valid_until=soon)
    make_agreement("Продлевается", valid_until=soon, extends_automatically=True)
    check_on(time_machine, today)
    assert smtp.messages == []


def test_expiry_is_counted_from_the_moscow_date(
    smtp, officer, make_agreement, near_midnight, time_machine
):
    make_agreement(valid_until=NEW_YEAR + datetime.timedelta(days=30))
    daily_checks()

    [message] = smtp.messages
    assert re.search(r"\b30\b", message["Subject"])  # the UTC date would make it 31 days


def test_an_undone_plan_item_is_reported_the_day_after_its_due_date(
    smtp, officer, make_agreement, make_plan, time_machine
):
    agreement = make_agreement("Соглашение с Торезом")
    plan = make_plan(agreement)
    late = PlanItem.objects.create(
        plan=plan,
        activity="Фестиваль детского творчества",
        due_on=datetime.date(2020, 6, 30),
        responsible="Отдел культуры",
    )
    PlanItem.objects.create(
        plan=plan, activity="Сделано", due_on=late.due_on, status=PlanItem.Status.DONE
    )
    PlanItem.objects.create(
        plan=plan, activity="Отменено", due_on=late.due_on, status=PlanItem.Status.CANCELLED
    )
    draft = make_plan(agreement, title="Черновик", status=CooperationPlan.Status.DRAFT)
    PlanItem.objects.create(plan=draft, activity="В черновике", due_on=late.due_on)

    check_on(time_machine, datetime.date(2020, 6, 30))
    assert smtp.messages == []
    check_on(time_machine, datetime.date(2020, 7, 1))
    check_on(time_machine, datetime.date(2020, 7, 2))

    [message] = smtp.messages
    assert "Фестиваль детского творчества" in message["Subject"]
    text, html = parts(message)
    assert "30 июня 2020" in text
    assert "Отдел культуры" in text
    assert "План сотрудничества на 2020 год" in text
    url = admin_link("admin:partnerships_cooperationplan_change", plan.pk)
    assert url in text
    assert url in links(html)


def test_an_item_without_a_due_date_is_due_at_the_end_of_its_plan_by_the_moscow_date(
    smtp, officer, make_agreement, make_plan, near_midnight
):
    plan = make_plan(
        make_agreement(),
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    PlanItem.objects.create(plan=plan, activity="Обмен делегациями")
    daily_checks()

    [message] = smtp.messages
    assert "Обмен делегациями" in message["Subject"]


def test_the_officer_is_reminded_of_the_anniversary_of_a_twinning(
    smtp, officer, make_agreement, near_midnight
):
    agreement = make_agreement(
        "Соглашение об установлении побратимских связей",
        kind=Agreement.Kind.TWINNING,
        signed_on=datetime.date(2022, 1, 1),
    )
    # Seven days ago in Moscow, past the catch-up: by the UTC date it would still be sent.
    make_agreement("Подписано 25 декабря", signed_on=datetime.date(2021, 12, 25))
    make_agreement(
        "Расторгнуто", status=Agreement.Status.TERMINATED, signed_on=agreement.signed_on
    )
    daily_checks()

    [message] = smtp.messages  # by the UTC date, 31 December, the twinning would wait
    assert "5" in message["Subject"]
    assert "побратимских связей" in message["Subject"]
    text, html = parts(message)
    assert "1 января 2027" in text
    assert "1 января 2022" in text
    assert f"{SITE}{reverse('admin:news_article_add')}" in links(html)
    assert admin_link("admin:partnerships_agreement_change", agreement.pk) in links(html)
    assert SentMessage.objects.get().occasion == f"agreement:{agreement.pk}:anniversary:5"


@pytest.mark.parametrize(
    ("day", "years"),
    [
        (datetime.date(2025, 2, 27), None),
        (datetime.date(2025, 2, 28), 1),  # not a leap year: the last day of February
        (datetime.date(2025, 3, 1), 1),  # a day late, still sent (once)
        (datetime.date(2028, 2, 28), None),
        (datetime.date(2028, 2, 29), 4),
    ],
)
def test_an_agreement_signed_on_29_february_has_its_anniversary_on_28_february(
    make_agreement, day, years
):
    make_agreement(signed_on=datetime.date(2024, 2, 29))
    found = [r.context["years"] for r in reminders.anniversaries(day)]
    assert found == ([years] if years else [])
    if years == 1 and day.day == 1:
        assert next(reminders.anniversaries(day)).context["anniversary"] == datetime.date(
            2025, 2, 28
        )


def test_29_february_anniversary_is_mailed_once(smtp, officer, make_agreement, time_machine):
    make_agreement(signed_on=datetime.date(2024, 2, 29))
    for day in (27, 28):
        check_on(time_machine, datetime.date(2025, 2, day))
    check_on(time_machine, datetime.date(2025, 3, 1))
    [message] = smtp.messages
    assert "28 февраля 2025" in parts(message)[0]


def test_only_active_officers_who_want_the_kind_are_mailed_and_each_once(
    smtp, officer, make_officer, make_staff, make_agreement, time_machine
):
    today = datetime.date(2026, 10, 29)
    make_officer("uvolen", is_active=False)
    make_officer("bezpochty", email="")
    NotificationPreference.objects.create(
        user=make_officer("otpisalsya"), kind=Kind.AGREEMENT_EXPIRES, enabled=False
    )
    chief = make_staff("glavred", roles.CHIEF_EDITOR)
    chief.email = "glavred@example.ru"
    chief.save()
    make_agreement("Юбилейное", signed_on=datetime.date(2019, 10, 29))
    make_agreement(
        "Истекающее",
        signed_on=datetime.date(2020, 3, 3),
        valid_until=today + datetime.timedelta(days=30),
    )

    check_on(time_machine, today)
    daily_checks()  # a second worker, or cron, the same day
    reminders.send_due(today)  # the day's task run again (a retry)
    check_on(time_machine, today + datetime.timedelta(days=1))

    received = sorted((m["To"], "Истекающее" in m["Subject"]) for m in smtp.messages)
    assert received == [
        ("otpisalsya@example.ru", False),  # the anniversary, not the expiry
        ("partnery@example.ru", False),
        ("partnery@example.ru", True),
    ]


def test_the_officers_admin_front_page_lists_the_upcoming_reminders(
    client,
    officer,
    make_staff,
    make_agreement,
    make_plan,
    time_machine,
    django_assert_max_num_queries,
):
    today = datetime.date(2026, 10, 20)
    time_machine.move_to(datetime.datetime(2026, 10, 20, 10, tzinfo=datetime.UTC), tick=False)
    ending = make_agreement(
        "Истекающее & срочное",
        signed_on=datetime.date(2020, 3, 3),
        valid_until=datetime.date(2026, 12, 1),
    )
    plan = make_plan(ending)  # the 2020 plan: its items are long overdue
    PlanItem.objects.create(plan=plan, activity="Выставка", due_on=datetime.date(2020, 5, 1))
    jubilee = make_agreement("Юбилейное", signed_on=datetime.date(2016, 11, 3))
    make_agreement("Не скоро", signed_on=datetime.date(2016, 12, 25))

    with django_assert_max_num_queries(4):
        entries = reminders.upcoming(today)
    assert [entry.date for entry in entries] == [
        datetime.date(2020, 5, 1),
        datetime.date(2026, 11, 3),
        datetime.date(2026, 12, 1),
    ]
    for month in (1, 2):  # as many queries with more records
        make_agreement(
            valid_until=datetime.date(2027, month, 1), signed_on=datetime.date(2020, 3, 3)
        )
    with django_assert_max_num_queries(4):
        assert len(reminders.upcoming(today)) == 4  # February is beyond the 90 days

    client.force_login(officer)
    page = client.get(reverse("admin:index")).content.decode()
    block = page[page.index('id="upcoming-reminders"') :]
    assert "Истекающее &amp; срочное" in block
    assert "1 декабря 2026" in block
    assert "Выставка" in block
    assert "Юбилейное" in block
    assert "Не скоро" not in block
    assert reverse("admin:partnerships_agreement_change", args=[jubilee.pk]) in block
    assert reverse("admin:partnerships_cooperationplan_change", args=[plan.pk]) in block

    client.force_login(make_staff("avtor", roles.AUTHOR))
    assert 'id="upcoming-reminders"' not in client.get(reverse("admin:index")).content.decode()
