"""The banners in the admin: the duty officer keeps them (and only them) without the chief
editor, the chief editor may too, authors and the partnerships officer may not; the form
speaks Russian and refuses bad input."""

import datetime

import pytest
from django.urls import reverse

from alerts.models import Banner
from tests.support import form_data, page
from tests.workflow.conftest import MOSCOW, errors_of, messages_of

CHANGELIST = "admin:alerts_banner_changelist"
ADD = "admin:alerts_banner_add"


def text(tree, xpath) -> str:
    return " ".join(tree.xpath(f"string({xpath})").split())


def add_form(client) -> dict:
    data = form_data(page(client.get(reverse(ADD))), "banner_form")
    data.update(
        {
            "severity": Banner.Severity.EMERGENCY,
            "text": "Воздушная тревога. Пройдите в укрытие.",
            "is_published": "on",
        }
    )
    return data


@pytest.mark.parametrize(
    ("role", "status"),
    [("duty", 200), ("chief", 200), ("author", 403), ("officer", 403)],
)
@pytest.mark.django_db
def test_who_opens_the_banners(request, login, role, status):
    client = login(request.getfixturevalue(role))

    assert client.get(reverse(CHANGELIST)).status_code == status
    assert client.get(reverse(ADD)).status_code == status


@pytest.mark.parametrize(
    "url",
    [
        "admin:news_article_changelist",
        "admin:news_article_add",
        "admin:partnerships_partner_changelist",
        "admin:portal_sitesettings_change",
        "admin:auth_user_changelist",
    ],
)
def test_the_duty_officer_sees_nothing_but_the_banners(login, duty, url):
    assert login(duty).get(reverse(url)).status_code == 403


def test_the_duty_officers_admin_front_page_lists_only_the_banners(login, duty):
    tree = page(login(duty).get(reverse("admin:index")))

    models = tree.xpath("//*[@id='content-main']//tr[contains(@class, 'model-')]/@class")
    assert [name.split()[0] for name in models] == ["model-banner"]


def test_the_duty_officer_publishes_an_emergency_seen_at_once(login, duty, client):
    client.get("/")
    duty_client = login(duty)

    response = duty_client.post(reverse(ADD), add_form(duty_client), follow=True)

    assert response.status_code == 200
    banner = Banner.objects.get()
    assert banner.created_by == duty and banner.is_published
    assert messages_of(response)[0].startswith("Объявление «Воздушная тревога")
    assert "добавлено" in messages_of(response)[0]
    assert "Воздушная тревога. Пройдите в укрытие." in client.get("/").content.decode()


def test_the_add_page_speaks_russian(login, duty):
    tree = page(login(duty).get(reverse(ADD)))

    assert text(tree, "//h1") == "Добавить объявление"
    labels = tree.xpath("//input[@name='sections']/../text()")
    assert [label.strip() for label in labels] == [
        "Главная страница",
        "Новости",
        "Партнёрство и партнёры",
        "Мероприятия",
    ]


def test_times_are_entered_in_moscow_time(login, duty):
    client = login(duty)
    data = add_form(client)
    data.update(
        {
            "starts_at_0": "05.12.2026",
            "starts_at_1": "09:00",
            "ends_at_0": "05.12.2026",
            "ends_at_1": "17:00",
            "sections": ["news", "home"],
        }
    )

    client.post(reverse(ADD), data)

    banner = Banner.objects.get()
    assert banner.starts_at == datetime.datetime(2026, 12, 5, 9, 0, tzinfo=MOSCOW)
    assert banner.ends_at == datetime.datetime(2026, 12, 5, 14, 0, tzinfo=datetime.UTC)
    assert banner.sections == ["news", "home"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"link_url": "javascript:alert(1)"}, "link_url"),
        ({"link_url": "ftp://alchevsk.example/"}, "link_url"),
        ({"link_text": "Подробнее", "link_url": ""}, "link_url"),
        (
            {
                "starts_at_0": "05.12.2026",
                "starts_at_1": "17:00",
                "ends_at_0": "05.12.2026",
                "ends_at_1": "09:00",
            },
            "ends_at",
        ),
        ({"sections": ["everywhere"]}, "sections"),
        ({"text": ""}, "text"),
        ({"text": "а" * 301}, "text"),
        ({"severity": "panic"}, "severity"),
    ],
    ids=[
        "javascript",
        "ftp",
        "text-without-link",
        "ends-first",
        "section",
        "empty",
        "long",
        "kind",
    ],
)
def test_bad_input_is_refused_with_a_message(login, duty, fields, field):
    client = login(duty)
    data = {**add_form(client), **fields}

    response = client.post(reverse(ADD), data)

    assert response.status_code == 200
    assert not Banner.objects.exists()
    assert errors_of(response)
    assert page(response).xpath(
        f"//*[contains(@class, 'field-{field}')]//*[contains(@class, 'errorlist')]"
    )


def test_the_publish_actions_save_each_banner(login, chief, client):
    banner = Banner.objects.create(text="Отключение электроэнергии", is_published=False)
    client.get("/")
    chief_client = login(chief)

    response = chief_client.post(
        reverse(CHANGELIST),
        {"action": "publish", "_selected_action": [banner.pk]},
        follow=True,
    )

    assert messages_of(response) == ["1 объявление опубликовано."]
    banner.refresh_from_db()
    assert banner.is_published and banner.updated_by == chief
    assert "Отключение электроэнергии" in client.get("/").content.decode()

    chief_client.post(
        reverse(CHANGELIST), {"action": "unpublish", "_selected_action": [banner.pk]}
    )
    assert "Отключение электроэнергии" not in client.get("/").content.decode()


def test_the_list_says_where_and_whether_each_banner_is_shown(login, duty):
    Banner.objects.create(text="Везде", is_published=True)
    Banner.objects.create(text="В новостях", sections=["news"], is_published=False)

    tree = page(login(duty).get(reverse(CHANGELIST)))

    rows = {
        text(row, ".//th"): (
            text(row, ".//td[contains(@class, 'field-where')]"),
            text(row, ".//td[contains(@class, 'field-state')]"),
        )
        for row in tree.xpath("//table[@id='result_list']/tbody/tr")
    }
    assert rows == {
        "Везде": ("все страницы", "показывается"),
        "В новостях": ("Новости", "не опубликовано"),
    }
