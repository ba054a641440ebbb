"""The review of pages, as of articles: an author submits, the chief editor approves (publishes
or schedules) or sends back with a comment; who may do what goes by the editorial roles."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pages import services
from pages.admin import ONLY_THE_CHIEF_EDITOR_PUBLISHES
from pages.models import Page
from portal.models import AuditEvent
from tests.support import form_data, page
from tests.workflow.conftest import errors_of, messages_of

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def change_url(record) -> str:
    return reverse("admin:pages_page_change", args=[record.pk])


def review_buttons(tree) -> list[str]:
    return tree.xpath("//form[@id='page_form']//button[@name='review_action']/@value")


def post_review(client, record, action, **changes):
    url = change_url(record)
    data = form_data(page(client.get(url)), "page_form")
    data.update(review_action=action, **changes)
    return client.post(url, data, follow=True)


def audit(record) -> list[tuple[str, str, str]]:
    return [
        (event.action, event.actor_name, event.note)
        for event in AuditEvent.objects.for_object(record).order_by("id")
    ]


@pytest.fixture
def draft(make_page, author, now):
    return make_page("Контакты", status=Page.Status.DRAFT, created_by=author)


@pytest.fixture
def in_review(make_page, author, now):
    return make_page("Контакты", status=Page.Status.REVIEW, created_by=author)


def test_an_author_submits_a_draft_page_for_review(client, login, author, draft):
    author_client = login(author)
    assert review_buttons(page(author_client.get(change_url(draft)))) == ["submit"]

    response = post_review(author_client, draft, "submit")

    assert messages_of(response) == ["Страница «Контакты» отправлена на согласование."]
    draft.refresh_from_db()
    assert draft.status == Page.Status.REVIEW
    assert audit(draft) == [("submitted", "avtor", "")]
    assert review_buttons(page(author_client.get(change_url(draft)))) == []
    assert client.get("/kontakty/").status_code == 404


def test_an_author_writes_a_new_page_and_submits_it_at_once(login, author, chief, now):
    client = login(author)
    add = reverse("admin:pages_page_add")
    data = form_data(page(client.get(add)), "page_form")
    data.update(title="Приёмная", lead="Часы приёма граждан.", review_action="submit")

    response = client.post(add, data, follow=True)

    created = Page.objects.get(title="Приёмная")
    assert created.status == Page.Status.REVIEW
    assert created.created_by == author
    assert messages_of(response) == ["Страница «Приёмная» отправлена на согласование."]
    assert review_buttons(page(login(chief).get(change_url(created)))) == ["approve", "send_back"]


def test_an_author_only_chooses_between_draft_and_review(login, author):
    tree = page(login(author).get(reverse("admin:pages_page_add")))

    options = tree.xpath("//select[@name='status']/option/@value")

    assert options == [Page.Status.DRAFT, Page.Status.REVIEW]


def test_an_author_cannot_post_a_published_page_into_being(login, author, chief):
    add = reverse("admin:pages_page_add")
    data = form_data(page(login(chief).get(add)), "page_form")
    data.update(title="Самовольная страница", lead="Коротко.", status="published")

    response = login(author).post(add, data)

    assert response.status_code == 200
    assert str(ONLY_THE_CHIEF_EDITOR_PUBLISHES) in errors_of(response)
    assert not Page.objects.filter(title="Самовольная страница").exists()


def test_an_author_cannot_approve_their_own_page(login, author, in_review):
    response = post_review(login(author), in_review, "approve")

    in_review.refresh_from_db()
    assert in_review.status == Page.Status.REVIEW
    assert audit(in_review) == []
    assert response.status_code in (200, 403)


def test_the_chief_editor_approves_and_publishes(client, login, chief, in_review, now):
    response = post_review(login(chief), in_review, "approve")

    assert messages_of(response) == [
        'Страница «Контакты» опубликована — <a href="/kontakty/">открыть на сайте</a>.'
    ]
    in_review.refresh_from_db()
    assert in_review.is_public
    assert in_review.publish_at == now
    assert audit(in_review) == [("published", "glavred", "")]
    assert client.get("/kontakty/").status_code == 200


@pytest.mark.django_db(transaction=True)  # the schedule reaches the cache on commit
def test_approving_a_page_with_a_future_time_schedules_it(
    client, login, chief, in_review, now, time_machine
):
    chief_client = login(chief)
    data = form_data(page(chief_client.get(change_url(in_review))), "page_form")
    data.update(review_action="approve", publish_at_0="12.03.2026", publish_at_1="10:00:00")

    response = chief_client.post(change_url(in_review), data, follow=True)

    assert messages_of(response) == ["Страница «Контакты» запланирована на 12 марта, 10:00."]
    assert audit(in_review) == [("scheduled", "glavred", "")]
    assert client.get("/kontakty/").status_code == 404
    time_machine.move_to(now + datetime.timedelta(days=2), tick=False)
    assert client.get("/kontakty/").status_code == 200


def test_sending_back_needs_a_comment(login, chief, in_review):
    response = post_review(login(chief), in_review, "send_back", review_comment="  ")

    assert page(response).xpath(
        "//*[contains(@class, 'field-review_comment')]//ul[contains(@class, 'errorlist')]"
    )
    in_review.refresh_from_db()
    assert in_review.status == Page.Status.REVIEW
    assert audit(in_review) == []


def test_sent_back_with_a_comment_the_author_reads_it(login, chief, author, in_review):
    comment = "Добавьте часы приёма и адрес электронной почты."

    response = post_review(login(chief), in_review, "send_back", review_comment=comment)

    assert messages_of(response) == ["Страница «Контакты» возвращена автору."]
    in_review.refresh_from_db()
    assert in_review.status == Page.Status.DRAFT
    assert audit(in_review) == [("sent_back", "glavred", comment)]
    tree = page(login(author).get(change_url(in_review)))
    assert comment in tree.xpath("string(//*[contains(@class, 'review-note')])")
    assert comment in tree.xpath("string(//*[contains(@class, 'field-review_notes')])")
    assert review_buttons(tree) == ["submit"]


def test_unpublishing_is_said_in_the_feminine(login, chief, make_page):
    contacts = make_page("Контакты")
    client = login(chief)
    data = form_data(page(client.get(change_url(contacts))), "page_form")
    data["status"] = Page.Status.DRAFT

    response = client.post(change_url(contacts), data, follow=True)

    assert messages_of(response) == ["Страница «Контакты» снята с публикации."]


def test_a_page_with_content_errors_is_not_submitted(login, author, make_page, now):
    long_title = "Контакты администрации города, её управлений, отделов и служб, часы приёма " * 2
    draft = make_page(long_title, slug="kontakty", status=Page.Status.DRAFT, created_by=author)

    response = post_review(login(author), draft, "submit")

    assert "Страницу нельзя отправить на согласование" in errors_of(response)
    draft.refresh_from_db()
    assert draft.status == Page.Status.DRAFT


def test_an_author_sees_and_changes_only_their_own_drafts(
    login, author, other_author, make_page, now
):
    own = make_page("Своя", status=Page.Status.DRAFT, created_by=author)
    theirs = make_page("Чужая", status=Page.Status.DRAFT, created_by=other_author)
    published = make_page("Опубликованная", created_by=author)
    client = login(author)

    listed = page(client.get(reverse("admin:pages_page_changelist")))
    titles = listed.xpath(
        "//table[@id='result_list']//th[contains(@class, 'field-title')]//a/text()"
    )
    assert sorted(titles) == ["Опубликованная", "Своя"]
    assert client.get(change_url(theirs)).status_code == 302  # not found for them: to the list
    assert client.post(change_url(published), {"title": "Другая"}).status_code == 403
    published.refresh_from_db()
    assert published.title == "Опубликованная"
    assert client.get(change_url(own)).status_code == 200


def test_an_author_puts_a_page_under_any_page_of_the_tree(login, author, chief, make_page):
    make_page("О городе", created_by=chief)
    response = login(author).get(
        reverse("admin:autocomplete"),
        {"term": "город", "app_label": "pages", "model_name": "page", "field_name": "parent"},
    )

    assert [result["text"] for result in response.json()["results"]] == ["О городе"]


@pytest.mark.parametrize(
    "service",
    [
        services.publish_page,
        services.unpublish_page,
        lambda record, by: services.send_back(record, by=by, note="Переделать"),
    ],
)
def test_the_services_refuse_whoever_may_not_publish(author, officer, make_page, service):
    for user in (author, officer):
        record = make_page("Страница", status=Page.Status.REVIEW, created_by=author)
        with pytest.raises(PermissionDenied):
            service(record, by=user)
        record.refresh_from_db()
        assert record.status == Page.Status.REVIEW
        record.delete()


def test_an_author_may_not_submit_someone_elses_page(author, other_author, make_page):
    record = make_page("Чужая", status=Page.Status.DRAFT, created_by=other_author)

    with pytest.raises(PermissionDenied) as refusal:
        services.submit_for_review(record, by=author)
    assert str(refusal.value) == "У вас нет прав на изменение этой страницы."


def test_the_partnerships_officer_has_no_pages(login, officer):
    assert login(officer).get(reverse("admin:pages_page_changelist")).status_code == 403


def test_bulk_submission_skips_what_the_author_may_not_change(login, author, make_page, now):
    draft = make_page("Черновик", status=Page.Status.DRAFT, created_by=author)
    published = make_page("Опубликованная", created_by=author)

    response = login(author).post(
        reverse("admin:pages_page_changelist"),
        {"action": "submit_selected", "_selected_action": [draft.pk, published.pk], "index": 0},
        follow=True,
    )

    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == Page.Status.REVIEW
    assert published.is_public
    assert messages_of(response) == [
        "1 страница отправлена на согласование.",
        "1 страница осталась без изменений: вы не можете её менять или её только что "
        "изменил кто-то другой.",
    ]


def test_every_transition_keeps_a_revision_with_its_comment(chief, author, draft):
    from reversion.models import Version

    services.submit_for_review(draft, by=author)
    services.send_back(draft, by=chief, note="Уточните телефоны.")
    services.submit_for_review(draft, by=author)
    services.publish_page(draft, by=chief)
    services.unpublish_page(draft, by=chief)

    comments = [
        version.revision.comment
        for version in Version.objects.get_for_object(draft).order_by("pk")
    ]
    assert comments == [
        "Отправлено на согласование",
        "Возвращено с замечанием: Уточните телефоны.",
        "Отправлено на согласование",
        "Опубликовано",
        "Снято с публикации",
    ]
    assert [event.action for event in AuditEvent.objects.for_object(draft).order_by("id")] == [
        "submitted",
        "sent_back",
        "submitted",
        "published",
        "unpublished",
    ]


def test_the_chief_editor_sees_the_pages_waiting_on_the_front_page(
    login, chief, author, in_review
):
    def waiting(user) -> list[str]:
        tree = page(login(user).get(reverse("admin:index")))
        return tree.xpath("//*[@id='pages-waiting']//th/a/text()")

    assert waiting(chief) == ["Контакты"]
    assert waiting(author) == []


def test_the_chief_editor_previews_a_page_in_review_in_the_site_design(
    client, login, chief, author, other_author, make_page, in_review
):
    url = reverse("admin:pages_page_preview", args=[in_review.pk])
    response = login(chief).get(url)

    assert response.status_code == 200
    tree = page(response)
    assert tree.xpath("string(//h1[@class='article__title'])") == "Контакты"
    assert "ещё не опубликована" in tree.xpath("string(//*[@class='preview-banner'])")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"]
    assert login(author).get(url).status_code == 200  # their own
    assert login(other_author).get(url).status_code == 404
    assert client.get(url).status_code == 302  # to the admin's login


def test_the_form_links_a_draft_to_its_preview_and_a_public_page_to_the_site(
    login, chief, make_page, in_review
):
    client = login(chief)
    public = make_page("О городе")
    draft_link = page(client.get(change_url(in_review))).xpath(
        "//a[contains(@class, 'viewsitelink')]/@href"
    )
    public_link = page(client.get(change_url(public))).xpath(
        "//a[contains(@class, 'viewsitelink')]/@href"
    )
    assert draft_link == [reverse("admin:pages_page_preview", args=[in_review.pk])]
    assert public_link == ["/o-gorode/"]
