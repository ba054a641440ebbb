"""The review: an author submits, the chief editor approves or sends back with a comment."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from news import services
from news.forms import ONLY_THE_CHIEF_EDITOR_PUBLISHES
from news.models import Article
from portal.models import AuditEvent
from tests.support import form_data, page
from tests.workflow.conftest import errors_of, messages_of


def change_url(article) -> str:
    return reverse("admin:news_article_change", args=[article.pk])


def review_buttons(tree) -> list[str]:
    return tree.xpath("//form[@id='article_form']//button[@name='review_action']/@value")


def post_review(client, article, action, **changes):
    url = change_url(article)
    data = form_data(page(client.get(url)), "article_form")
    data.update(review_action=action, **changes)
    return client.post(url, data, follow=True)


def audit(article) -> list[tuple[str, str, str]]:
    return [
        (event.action, event.actor_name, event.note)
        for event in AuditEvent.objects.for_object(article).order_by("id")
    ]


@pytest.fixture
def draft(make_article, author, now):
    return make_article("Ремонт дворов", status=Article.Status.DRAFT, created_by=author)


def test_an_author_submits_a_draft_for_review(login, author, draft):
    client = login(author)
    assert review_buttons(page(client.get(change_url(draft)))) == ["submit"]

    response = post_review(client, draft, "submit")

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW
    assert not draft.is_public
    assert audit(draft) == [("submitted", "avtor", "")]
    assert review_buttons(page(client.get(change_url(draft)))) == []


def test_an_author_only_chooses_between_draft_and_review(login, author):
    tree = page(login(author).get(reverse("admin:news_article_add")))

    options = tree.xpath("//select[@name='status']/option/@value")

    assert options == [Article.Status.DRAFT, Article.Status.REVIEW]


def test_an_author_cannot_post_a_published_status_into_being(login, author, chief, rubric):
    chief_form = form_data(
        page(login(chief).get(reverse("admin:news_article_add"))), "article_form"
    )
    chief_form.update(
        title="Самовольная публикация", lead="Коротко.", rubric=rubric.pk, status="published"
    )

    response = login(author).post(reverse("admin:news_article_add"), chief_form)

    assert response.status_code == 200
    assert str(ONLY_THE_CHIEF_EDITOR_PUBLISHES) in errors_of(response)
    assert not Article.objects.filter(title="Самовольная публикация").exists()


def test_the_chief_editor_sees_the_queue_on_the_front_page(
    login, chief, author, officer, make_article, now
):
    make_article("На проверке", status=Article.Status.REVIEW, created_by=author)
    make_article("Ещё черновик", status=Article.Status.DRAFT, created_by=author)

    def queue(user) -> dict[str, str]:
        """``{link: count}`` of the editorial queue on the admin's front page."""
        tree = page(login(user).get(reverse("admin:index")))
        rows = tree.xpath("//*[@id='editorial-queue']//tr")
        return {row.xpath("string(th/a/@href)"): row.xpath("string(td)").strip() for row in rows}

    changelist = reverse("admin:news_article_changelist")
    assert queue(chief) == {
        f"{changelist}?publication=review": "1",
        f"{changelist}?publication=scheduled": "0",
    }
    assert queue(author) == {
        f"{changelist}?status__exact=draft": "1",
        f"{changelist}?publication=review": "1",
        f"{changelist}?publication=returned": "0",
        f"{changelist}?publication=public": "0",
    }
    assert queue(officer) == {}


def test_the_waiting_for_review_list(login, chief, author, make_article, now):
    waiting = make_article("На проверке", status=Article.Status.REVIEW, created_by=author)
    make_article("Черновик", status=Article.Status.DRAFT, created_by=author)
    make_article("Опубликованная")

    tree = page(login(chief).get(reverse("admin:news_article_changelist") + "?publication=review"))

    titles = tree.xpath("//table[@id='result_list']//*[contains(@class, 'field-title')]/a/text()")
    assert titles == [waiting.title]


def test_sending_back_needs_a_comment(login, chief, author, make_article, now):
    article = make_article("На проверке", status=Article.Status.REVIEW, created_by=author)

    response = post_review(login(chief), article, "send_back", review_comment="  ")

    field_errors = page(response).xpath(
        "//*[contains(@class, 'field-review_comment')]//ul[contains(@class, 'errorlist')]"
    )
    assert field_errors
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert audit(article) == []


def test_sent_back_with_a_comment_the_author_reads_it(login, chief, author, make_article, now):
    article = make_article("На проверке", status=Article.Status.REVIEW, created_by=author)
    chief_client = login(chief)
    assert review_buttons(page(chief_client.get(change_url(article)))) == [
        "approve",
        "send_back",
    ]
    comment = "Уточните адреса дворов и добавьте сроки работ."

    post_review(chief_client, article, "send_back", review_comment=comment)

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert audit(article) == [("sent_back", "glavred", comment)]
    tree = page(login(author).get(change_url(article)))
    assert comment in tree.xpath("string(//*[contains(@class, 'review-note')])")
    assert comment in tree.xpath("string(//*[contains(@class, 'field-review_notes')])")
    assert review_buttons(tree) == ["submit"]


def test_approve_and_publish(client, login, chief, author, make_article, now):
    article = make_article("На проверке", status=Article.Status.REVIEW, created_by=author)

    response = post_review(login(chief), article, "approve")

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.is_public
    assert article.publish_at == now
    assert audit(article) == [("published", "glavred", "")]
    assert client.get(article.get_absolute_url()).status_code == 200


def test_an_author_cannot_change_an_article_once_it_is_published(login, author, make_article):
    article = make_article("Опубликованная", created_by=author)
    client = login(author)

    tree = page(client.get(change_url(article)))
    response = client.post(change_url(article), {"title": "Другой заголовок"})

    assert not tree.xpath("//form[@id='article_form']//input[@name='title']")
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Опубликованная"


@pytest.mark.parametrize(
    "service",
    [
        services.publish_article,
        services.unpublish_article,
        services.archive_article,
        lambda article, by: services.send_back(article, by=by, note="Переделать"),
    ],
)
def test_the_services_refuse_whoever_may_not_publish(author, officer, make_article, service):
    for user in (author, officer):
        article = make_article("Статья", status=Article.Status.REVIEW, created_by=author)
        with pytest.raises(PermissionDenied):
            service(article, by=user)
        article.refresh_from_db()
        assert article.status == Article.Status.REVIEW


def test_an_author_may_not_submit_someone_elses_article(author, other_author, make_article):
    article = make_article("Чужая", status=Article.Status.DRAFT, created_by=other_author)

    with pytest.raises(PermissionDenied):
        services.submit_for_review(article, by=author)


def test_bulk_submission_skips_what_the_author_may_not_change(login, author, make_article, now):
    draft = make_article("Черновик", status=Article.Status.DRAFT, created_by=author)
    published = make_article("Опубликованная", created_by=author)

    response = login(author).post(
        reverse("admin:news_article_changelist"),
        {"action": "submit_selected", "_selected_action": [draft.pk, published.pk], "index": 0},
        follow=True,
    )

    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == Article.Status.REVIEW
    assert published.is_public
    assert len(messages_of(response)) == 2
