"""The press section in the admin: announcements and contacts for the chief editor; the
journalists' requests (personal data) for the chief editor only, exported and erased whole;
the article's kind as a field and a filter."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from press.forms import consent_text
from press.models import AccreditationRequest

pytestmark = pytest.mark.django_db

REQUESTS = reverse("admin:press_accreditationrequest_changelist")


@pytest.fixture
def make_request(make_announcement):
    announcement = make_announcement()

    def build(email="smirnova@vestnik.example", name="Анна Смирнова", **fields):
        return AccreditationRequest.objects.create(
            announcement=announcement,
            name=name,
            outlet="Алчевский вестник",
            position="корреспондент",
            phone="+7 959 123-45-67",
            email=email,
            consent_text=consent_text(),
            consented_at=timezone.now(),
            client_hash="x" * 64,
            **fields,
        )

    return build


def test_only_the_chief_editor_sees_the_requests(login, chief, author, officer, make_request):
    make_request()
    assert "smirnova@vestnik.example" in login(chief).get(REQUESTS).content.decode()
    for user in (author, officer):
        assert login(user).get(REQUESTS).status_code == 403
        index = login(user).get(reverse("admin:index")).content.decode()
        assert "Заявки на аккредитацию" not in index


def test_the_chief_editor_keeps_announcements_and_contacts(login, chief, make_announcement):
    announcement = make_announcement("Брифинг <главы>")
    client = login(chief)
    for name in ("press_announcement_changelist", "press_presscontact_changelist"):
        assert client.get(reverse(f"admin:{name}")).status_code == 200
    change = client.get(reverse("admin:press_announcement_change", args=[announcement.pk]))
    assert change.status_code == 200
    assert "Брифинг &lt;главы&gt;" in change.content.decode()
    assert client.get(reverse("admin:press_announcement_add")).status_code == 200


def test_requests_cannot_be_added_or_changed(login, chief, make_request):
    request = make_request()
    client = login(chief)
    assert client.get(reverse("admin:press_accreditationrequest_add")).status_code == 403
    page = client.get(reverse("admin:press_accreditationrequest_change", args=[request.pk]))
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()  # read only


def test_export_gives_every_request_of_the_person(login, chief, make_request):
    first = make_request()
    make_request(name="Анна Смирнова (второй раз)")
    make_request(email="drugoy@example.ru", name="Другой журналист")
    response = login(chief).post(
        REQUESTS, {"action": "export_personal_data", "_selected_action": [first.pk]}
    )
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert {item["name"] for item in data} == {"Анна Смирнова", "Анна Смирнова (второй раз)"}
    assert all("152-ФЗ" in item["consent_text"] and item["consented_at"] for item in data)


def test_erase_deletes_every_request_of_the_person_and_no_one_else(login, chief, make_request):
    first = make_request()
    make_request(name="Анна Смирнова (второй раз)")
    other = make_request(email="drugoy@example.ru", name="Другой журналист")
    response = login(chief).post(
        REQUESTS,
        {"action": "erase_personal_data", "_selected_action": [first.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Удалены 2 заявки на аккредитацию." in response.content.decode()
    assert list(AccreditationRequest.objects.all()) == [other]


def test_the_requests_list_asks_the_same_queries_for_many(
    login, chief, make_request, django_assert_max_num_queries
):
    client = login(chief)
    make_request()
    with django_assert_max_num_queries(40) as few:
        client.get(REQUESTS)
    for number in range(10):
        make_request(email=f"j{number}@example.ru")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(REQUESTS).status_code == 200


def test_the_article_admin_has_the_kind_as_a_field_and_a_filter(
    login, chief, make_article, make_release
):
    news, release = make_article("Открыт сквер"), make_release("Официальное заявление")
    client = login(chief)
    listed = client.get(reverse("admin:news_article_changelist"), {"kind__exact": "press_release"})
    text = listed.content.decode()
    assert release.title in text and news.title not in text
    change = client.get(reverse("admin:news_article_change", args=[news.pk]))
    assert 'name="kind"' in change.content.decode()
    assert Article.Kind.PRESS_RELEASE.label == "Пресс-релиз"
