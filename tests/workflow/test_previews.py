"""Preview links for an external approver: signed, expiring, never cached or indexed."""

from datetime import timedelta

import lxml.html
import pytest
from django.conf import settings
from django.core import signing
from django.urls import reverse

from news import previews
from news.models import Article
from news.services import archive_article
from tests.support import page


def share_link_in_the_admin(client, article) -> str | None:
    """The path of the share link the article's change form offers, if any."""
    tree = page(client.get(reverse("admin:news_article_change", args=[article.pk])))
    values = tree.xpath("//*[contains(@class, 'field-share_link')]//input/@value")
    if not values:
        return None
    assert values[0].startswith(settings.SITE_URL)
    return values[0].removeprefix(settings.SITE_URL.rstrip("/"))


@pytest.fixture
def draft(make_article, author, now):
    return make_article(
        "Проект решения о побратимстве", status=Article.Status.REVIEW, created_by=author
    )


def test_the_link_shows_the_draft_to_someone_without_an_account(client, login, chief, draft):
    link = share_link_in_the_admin(login(chief), draft)

    response = client.get(link)

    tree = page(response)
    assert tree.xpath("string(//h1)").strip() == draft.title
    assert tree.xpath("//*[contains(@class, 'preview-banner')]")
    assert tree.xpath("//meta[@name='robots']/@content") == ["noindex, nofollow"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    assert client.get(link).get("X-Cache") != "hit"


def test_the_link_expires(client, draft, time_machine, now):
    link = reverse("news:preview-shared", args=[previews.share_token(draft)])
    time_machine.move_to(now + timedelta(hours=settings.NEWS_PREVIEW_LINK_HOURS - 1), tick=False)
    assert client.get(link).status_code == 200

    time_machine.move_to(now + timedelta(hours=settings.NEWS_PREVIEW_LINK_HOURS + 1), tick=False)
    response = client.get(link)

    assert response.status_code == 403
    assert draft.title not in response.content.decode()
    tree = lxml.html.fromstring(response.content.decode())
    assert tree.xpath("string(//h1)").strip()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_how_long_a_link_lives_is_a_setting(client, settings, draft, time_machine, now):
    settings.NEWS_PREVIEW_LINK_HOURS = 1
    link = reverse("news:preview-shared", args=[previews.share_token(draft)])

    time_machine.move_to(now + timedelta(minutes=90), tick=False)

    assert client.get(link).status_code == 403


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(
            lambda token, other: token[:-1] + ("A" if token[-1] != "A" else "B"), id="signature"
        ),
        pytest.param(lambda token, other: f"{other.pk}{token[token.index(':') :]}", id="article"),
        pytest.param(
            lambda token, other: signing.TimestampSigner().sign(str(other.pk)), id="salt"
        ),
        pytest.param(lambda token, other: str(other.pk), id="unsigned"),
    ],
)
def test_a_changed_link_is_not_found(client, make_article, draft, forge):
    other = make_article("Другой черновик", status=Article.Status.DRAFT)
    token = forge(previews.share_token(draft), other)

    response = client.get(reverse("news:preview-shared", args=[token]))

    assert response.status_code == 404
    assert draft.title not in response.content.decode()
    assert other.title not in response.content.decode()


def test_the_link_of_a_deleted_article_is_not_found(client, draft):
    link = reverse("news:preview-shared", args=[previews.share_token(draft)])
    draft.delete()

    assert client.get(link).status_code == 404


def test_who_is_offered_the_link(login, author, chief, officer, make_article, draft):
    public = make_article("Опубликованная", created_by=author)

    assert share_link_in_the_admin(login(chief), draft)
    assert share_link_in_the_admin(login(author), draft)
    assert share_link_in_the_admin(login(officer), draft) is None
    assert share_link_in_the_admin(login(chief), public) is None  # public: the real address


def withdraw_links(client, *articles):
    return client.post(
        reverse("admin:news_article_changelist"),
        {
            "action": "withdraw_preview_links_selected",
            "_selected_action": [article.pk for article in articles],
            "index": 0,
        },
        follow=True,
    )


def test_the_chief_editor_withdraws_the_links(client, login, chief, draft):
    editor = login(chief)
    given_out = share_link_in_the_admin(editor, draft)
    assert client.get(given_out).status_code == 200

    withdraw_links(editor, draft)

    response = client.get(given_out)
    assert response.status_code == 403
    assert draft.title not in response.content.decode()
    assert lxml.html.fromstring(response.content.decode()).xpath("string(//h1)").strip()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    new_link = share_link_in_the_admin(editor, draft)
    assert new_link != given_out
    assert page(client.get(new_link)).xpath("string(//h1)").strip() == draft.title


def test_an_author_cannot_withdraw_the_links(client, login, author, draft):
    writer = login(author)
    given_out = share_link_in_the_admin(writer, draft)

    withdraw_links(writer, draft)

    assert client.get(given_out).status_code == 200


def test_the_link_of_an_archived_article_stops_working(client, login, chief, draft):
    link = share_link_in_the_admin(login(chief), draft)

    archive_article(draft, by=chief)

    response = client.get(link)
    assert response.status_code == 403
    assert draft.title not in response.content.decode()
    assert share_link_in_the_admin(login(chief), draft) is None


def test_links_made_before_links_could_be_withdrawn_still_work(client, draft):
    token = signing.TimestampSigner(salt=previews.SALT).sign(str(draft.pk))

    response = client.get(reverse("news:preview-shared", args=[token]))

    assert page(response).xpath("string(//h1)").strip() == draft.title
