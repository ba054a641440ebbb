"""Who may do what: every role against every editorial action, through the admin.

Each action is done the way an editor does it — a real request to an admin form, action or
page with the role's own session — and judged by what is in the database afterwards and by
what the admin answered (a refusal, never a silent no-op that looks like success).
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import AbstractUser
from django.urls import reverse
from django.utils import timezone

from news.forms import ONLY_THE_CHIEF_EDITOR_PUBLISHES
from news.models import Article
from partnerships.models import Agreement, CooperationPlan, Event
from tests.support import form_data, page
from tests.workflow.conftest import errors_of

ROLES = ("author", "chief", "officer")

# What each role may do (True) or must be refused (False).
MATRIX = {
    "see the article list": {"author": True, "chief": True, "officer": True},
    "write an article": {"author": True, "chief": True, "officer": False},
    "edit an own draft": {"author": True, "chief": True, "officer": False},
    "edit another author's draft": {"author": False, "chief": True, "officer": False},
    "submit an own draft for review": {"author": True, "chief": True, "officer": False},
    "send back with a comment": {"author": False, "chief": True, "officer": False},
    "publish with the action": {"author": False, "chief": True, "officer": False},
    "publish in the form": {"author": False, "chief": True, "officer": False},
    "approve and publish": {"author": False, "chief": True, "officer": False},
    "schedule": {"author": False, "chief": True, "officer": False},
    "move the time of a published article": {"author": False, "chief": True, "officer": False},
    "unpublish": {"author": False, "chief": True, "officer": False},
    "archive": {"author": False, "chief": True, "officer": False},
    "delete an article": {"author": False, "chief": True, "officer": False},
    "edit an agreement": {"author": False, "chief": False, "officer": True},
    "edit an event": {"author": False, "chief": False, "officer": True},
    "edit a cooperation plan": {"author": False, "chief": False, "officer": True},
    "see the audit trail": {"author": False, "chief": True, "officer": False},
}


@dataclass
class Newsroom:
    users: dict[str, AbstractUser]
    rubric: object
    make_article: object
    author_article: object
    chief_client: object
    officer_client: object
    agreement: Agreement
    event: Event
    plan: CooperationPlan


@pytest.fixture
def newsroom(
    author,
    chief,
    officer,
    other_author,
    login,
    rubric,
    make_article,
    make_agreement,
    make_event,
    make_plan,
):
    agreement = make_agreement("Соглашение о побратимстве")
    return Newsroom(
        users={"author": author, "chief": chief, "officer": officer, "other": other_author},
        rubric=rubric,
        make_article=make_article,
        author_article=lambda **fields: make_article(created_by=author, **fields),
        chief_client=login(chief),
        officer_client=login(officer),
        agreement=agreement,
        event=make_event("Визит делегации Тореза", agreement=agreement),
        plan=make_plan(agreement),
    )


def change_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def article_form(newsroom, article=None) -> dict:
    """The article form as the chief editor sees it (every field and inline there is)."""
    url = change_url(article) if article else reverse("admin:news_article_add")
    return form_data(page(newsroom.chief_client.get(url)), "article_form")


def split_datetime(moment) -> dict[str, str]:
    local = timezone.localtime(moment)
    return {"publish_at_0": local.strftime("%d.%m.%Y"), "publish_at_1": local.strftime("%H:%M")}


def changelist_titles(response) -> set[str]:
    cells = page(response).xpath("//table[@id='result_list']//*[contains(@class, 'field-title')]")
    return {cell.text_content().strip() for cell in cells}


def refused_as_unknown(response) -> bool:
    """The admin's answer to a record the user may not see: back to the index, with a note."""
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def run_action(client, action, article):
    return client.post(
        reverse("admin:news_article_changelist"),
        {"action": action, "_selected_action": [article.pk], "index": 0},
        follow=True,
    )


def action_refused(response, action) -> bool:
    """An action the user does not have is not offered, and posting it anyway does nothing."""
    offered = page(response).xpath("//select[@name='action']/option/@value")
    return response.status_code == 200 and action not in offered


# --- the actions --------------------------------------------------------------------------


def see_the_article_list(newsroom, client, user, allowed):
    own = newsroom.make_article("Моя заметка", created_by=user)
    others = newsroom.make_article("Чужая заметка", created_by=newsroom.users["other"])
    response = client.get(reverse("admin:news_article_changelist"))
    assert response.status_code == 200
    titles = changelist_titles(response)
    assert own.title in titles
    # Authors see their own articles only; everyone else sees all.
    assert (others.title in titles) == (user != newsroom.users["author"])
    return True


def write_an_article(newsroom, client, user, allowed):
    data = article_form(newsroom)
    data.update(
        title="Новость сотрудника",
        lead="Коротко.",
        body="<p>Текст.</p>",
        rubric=newsroom.rubric.pk,
    )
    response = client.post(reverse("admin:news_article_add"), data)
    created = Article.objects.filter(title="Новость сотрудника").first()
    if not allowed:
        assert response.status_code == 403
        return created is not None
    assert response.status_code == 302, errors_of(response)
    assert created.created_by == user
    return True


def edit_an_own_draft(newsroom, client, user, allowed):
    draft = newsroom.make_article(
        "Черновик сотрудника", status=Article.Status.DRAFT, created_by=user
    )
    data = article_form(newsroom, draft)
    data["title"] = "Исправленный черновик"
    response = client.post(change_url(draft), data)
    draft.refresh_from_db()
    if not allowed:
        assert response.status_code == 403
    return draft.title == "Исправленный черновик"


def edit_another_authors_draft(newsroom, client, user, allowed):
    draft = newsroom.make_article(
        "Черновик коллеги", status=Article.Status.DRAFT, created_by=newsroom.users["other"]
    )
    data = article_form(newsroom, draft)
    data["title"] = "Переписанный черновик"
    response = client.post(change_url(draft), data)
    draft.refresh_from_db()
    if not allowed:
        assert refused_as_unknown(response) or response.status_code == 403
    return draft.title == "Переписанный черновик"


def submit_an_own_draft_for_review(newsroom, client, user, allowed):
    draft = newsroom.make_article("Готовый черновик", status=Article.Status.DRAFT, created_by=user)
    data = {**article_form(newsroom, draft), "review_action": "submit"}
    response = client.post(change_url(draft), data)
    draft.refresh_from_db()
    if not allowed:
        assert response.status_code == 403
    return draft.status == Article.Status.REVIEW


def send_back_with_a_comment(newsroom, client, user, allowed):
    article = newsroom.author_article(status=Article.Status.REVIEW)
    data = {
        **article_form(newsroom, article),
        "review_action": "send_back",
        "review_comment": "Добавьте адрес.",
    }
    response = client.post(change_url(article), data)
    article.refresh_from_db()
    if not allowed:
        assert response.status_code in (200, 403)
        if response.status_code == 200:
            assert str(ONLY_THE_CHIEF_EDITOR_PUBLISHES) in errors_of(response)
    return article.status == Article.Status.DRAFT


def publish_with_the_action(newsroom, client, user, allowed):
    article = newsroom.author_article(status=Article.Status.REVIEW)
    response = run_action(client, "publish_selected", article)
    article.refresh_from_db()
    if not allowed:
        assert action_refused(response, "publish_selected")
    return article.is_public


def publish_in_the_form(newsroom, client, user, allowed):
    article = newsroom.author_article(status=Article.Status.REVIEW)
    data = article_form(newsroom, article)
    data["status"] = Article.Status.PUBLISHED
    response = client.post(change_url(article), data)
    article.refresh_from_db()
    if not allowed:
        assert response.status_code in (200, 403)
        if response.status_code == 200:
            assert str(ONLY_THE_CHIEF_EDITOR_PUBLISHES) in errors_of(response)
    return article.is_public


def approve_and_publish(newsroom, client, user, allowed):
    article = newsroom.author_article(status=Article.Status.REVIEW)
    data = {**article_form(newsroom, article), "review_action": "approve"}
    response = client.post(change_url(article), data)
    article.refresh_from_db()
    if not allowed:
        assert response.status_code in (200, 403)
        if response.status_code == 200:
            assert str(ONLY_THE_CHIEF_EDITOR_PUBLISHES) in errors_of(response)
    return article.is_public


def schedule(newsroom, client, user, allowed):
    article = newsroom.author_article(status=Article.Status.DRAFT)
    tomorrow = timezone.now() + timedelta(days=1)
    data = {**article_form(newsroom, article), "status": Article.Status.PUBLISHED}
    data.update(split_datetime(tomorrow))
    response = client.post(change_url(article), data)
    article.refresh_from_db()
    if not allowed:
        assert response.status_code in (200, 403)
        return article.status == Article.Status.PUBLISHED
    assert response.status_code == 302, errors_of(response)
    assert not article.is_public
    assert list(Article.objects.scheduled()) == [article]
    return True


def move_the_time_of_a_published_article(newsroom, client, user, allowed):
    article = newsroom.author_article()
    earlier = article.publish_at - timedelta(days=3)
    data = {**article_form(newsroom, article), **split_datetime(earlier)}
    response = client.post(change_url(article), data)
    article.refresh_from_db()
    if not allowed:
        assert response.status_code == 403
    return article.publish_at == earlier.replace(second=0, microsecond=0)


def unpublish(newsroom, client, user, allowed):
    article = newsroom.author_article()
    response = run_action(client, "unpublish_selected", article)
    article.refresh_from_db()
    if not allowed:
        assert action_refused(response, "unpublish_selected")
    return not article.is_public


def archive(newsroom, client, user, allowed):
    article = newsroom.author_article()
    response = run_action(client, "archive_selected", article)
    article.refresh_from_db()
    if not allowed:
        assert action_refused(response, "archive_selected")
    return article.status == Article.Status.ARCHIVED


def delete_an_article(newsroom, client, user, allowed):
    article = newsroom.make_article("Лишняя заметка", created_by=user)
    response = client.post(
        reverse("admin:news_article_delete", args=[article.pk]), {"post": "yes"}
    )
    if not allowed:
        assert response.status_code == 403
    return not Article.objects.filter(pk=article.pk).exists()


def edit_a_partnership_record(record, field, value):
    def edit(newsroom, client, user, allowed):
        url = change_url(record(newsroom))
        form_id = f"{record(newsroom)._meta.model_name}_form"
        data = form_data(page(newsroom.officer_client.get(url)), form_id)
        data[field] = value
        response = client.post(url, data)
        if not allowed:
            assert response.status_code == 403
        else:
            assert response.status_code == 302, errors_of(response)
        stored = type(record(newsroom)).objects.get(pk=record(newsroom).pk)
        return getattr(stored, field) == value

    return edit


def see_the_audit_trail(newsroom, client, user, allowed):
    response = client.get(reverse("admin:portal_auditevent_changelist"))
    if not allowed:
        assert response.status_code == 403
    return response.status_code == 200


ACTIONS = {
    "see the article list": see_the_article_list,
    "write an article": write_an_article,
    "edit an own draft": edit_an_own_draft,
    "edit another author's draft": edit_another_authors_draft,
    "submit an own draft for review": submit_an_own_draft_for_review,
    "send back with a comment": send_back_with_a_comment,
    "publish with the action": publish_with_the_action,
    "publish in the form": publish_in_the_form,
    "approve and publish": approve_and_publish,
    "schedule": schedule,
    "move the time of a published article": move_the_time_of_a_published_article,
    "unpublish": unpublish,
    "archive": archive,
    "delete an article": delete_an_article,
    "edit an agreement": edit_a_partnership_record(
        lambda n: n.agreement, "title", "Соглашение дружбы"
    ),
    "edit an event": edit_a_partnership_record(lambda n: n.event, "place", "Дворец культуры"),
    "edit a cooperation plan": edit_a_partnership_record(
        lambda n: n.plan, "title", "План на 2021 год"
    ),
    "see the audit trail": see_the_audit_trail,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", MATRIX)
def test_the_permission_matrix(newsroom, login, now, action, role):
    user = newsroom.users[role]
    allowed = MATRIX[action][role]

    happened = ACTIONS[action](newsroom, login(user), user, allowed)

    assert happened == allowed


def test_the_matrix_covers_every_action():
    assert set(ACTIONS) == set(MATRIX)
    assert all(set(roles) == set(ROLES) for roles in MATRIX.values())
