"""Who may read what is not public yet: the same people who may edit it.

An author previews only their own articles; the chief editor previews everyone's. Unpublished
agreements, events and partners are shown in place only to those who may change them; other
staff see the public site. A session that still owes its one-time code sees nothing either.
"""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from news.models import Article
from tests.partnerships.conftest import make_partner  # noqa: F401 (a fixture)
from tests.support import page


@pytest.fixture
def drafts(make_article, author, other_author):
    return {
        "own": make_article("Черновик автора", status=Article.Status.DRAFT, created_by=author),
        "other": make_article(
            "Черновик коллеги", status=Article.Status.REVIEW, created_by=other_author
        ),
    }


def preview(client, article):
    return client.get(reverse("news:preview", args=[article.pk]))


def test_an_author_previews_their_own_draft_only(login, author, drafts):
    client = login(author)

    assert page(preview(client, drafts["own"])).xpath("string(//h1)").strip() == "Черновик автора"
    response = preview(client, drafts["other"])
    assert response.status_code == 404
    assert "Черновик коллеги" not in response.content.decode()


def test_an_author_still_previews_their_scheduled_article(login, author, make_article):
    scheduled = make_article("Завтрашняя новость", created_by=author)
    scheduled.publish_at = scheduled.publish_at.replace(year=scheduled.publish_at.year + 1)
    scheduled.save()

    assert preview(login(author), scheduled).status_code == 200


def test_the_chief_editor_previews_every_draft(login, chief, drafts):
    client = login(chief)

    for draft in drafts.values():
        assert page(preview(client, draft)).xpath("string(//h1)").strip() == draft.title


def test_staff_who_cannot_edit_news_do_not_preview_them(login, officer, drafts):
    response = preview(login(officer), drafts["other"])

    assert response.status_code == 404
    assert "Черновик коллеги" not in response.content.decode()


def test_a_session_without_its_one_time_code_is_sent_to_the_login(login, chief, drafts):
    TOTPDevice.objects.create(user=chief, name="Телефон", confirmed=True)

    response = preview(login(chief), drafts["other"])

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.fixture
def unpublished(make_agreement, make_event, make_partner):  # noqa: F811
    agreement = make_agreement("Проект соглашения с Донецком", is_published=False)
    event = make_event("Закрытая встреча делегаций", is_published=False)
    partner = make_partner("Макеевка", slug="makeevka")
    return {"agreement": agreement, "event": event, "partner": partner}


@pytest.mark.parametrize("kind", ["agreement", "event", "partner"])
def test_unpublished_partnership_records_are_hidden_from_staff_who_cannot_change_them(
    login, author, unpublished, kind
):
    record = unpublished[kind]

    response = login(author).get(record.get_absolute_url())

    assert response.status_code == 404
    assert str(record) not in response.content.decode()


@pytest.mark.parametrize("kind", ["agreement", "event", "partner"])
def test_the_partnerships_officer_previews_unpublished_records_in_place(
    login, officer, unpublished, kind
):
    record = unpublished[kind]

    response = login(officer).get(record.get_absolute_url())

    assert response.status_code == 200
    assert page(response).xpath("//*[contains(@class, 'preview-banner')]")
    assert "no-cache" in response["Cache-Control"]
