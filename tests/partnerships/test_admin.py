import datetime

import lxml.html
import pytest
from django.urls import reverse

from partnerships.models import Agreement, AgreementDocument, Area, Event, PlanItem, Signatory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["agreement", "event", "cooperationplan", "partner", "area"])
def test_changelist_and_add_form_render(editor_client, model):
    assert editor_client.get(reverse(f"admin:partnerships_{model}_changelist")).status_code == 200
    assert editor_client.get(reverse(f"admin:partnerships_{model}_add")).status_code == 200


def test_agreement_change_page_has_its_inlines(
    editor_client, make_agreement, make_plan, home_city, pdf_upload
):
    agreement = make_agreement()
    Signatory.objects.create(
        agreement=agreement, name="Наталья Пяткова", position="Глава", side=home_city
    )
    AgreementDocument.objects.create(agreement=agreement, title="Скан", file=pdf_upload())
    make_plan(agreement, [PlanItem.Status.DONE, PlanItem.Status.PLANNED])
    page = editor_client.get(
        reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    ).content.decode()
    for text in ("Наталья Пяткова", "Скан", "План сотрудничества на 2020 год", "50%"):
        assert text in page, text
    assert 'type="checkbox" name="areas"' in page or "areas" in page


def test_a_signatory_is_asked_for_a_full_name_not_a_title(editor_client):
    tree = lxml.html.fromstring(
        editor_client.get(reverse("admin:partnerships_agreement_add")).content.decode()
    )
    headers = [th.text_content().strip() for th in tree.xpath("//*[@id='signatories-group']//th")]
    assert "ФИО" in headers
    assert "Название" not in headers


def test_plan_changelist_shows_progress(editor_client, make_agreement, make_plan):
    make_plan(make_agreement(), [PlanItem.Status.DONE, PlanItem.Status.CANCELLED])
    page = editor_client.get(reverse("admin:partnerships_cooperationplan_changelist"))
    assert "100%" in page.content.decode()


def test_event_changelist_shows_dates_at_precision(editor_client, make_event):
    make_event("Фестиваль", starts_on=datetime.date(2016, 1, 1), precision=Event.Precision.YEAR)
    page = editor_client.get(reverse("admin:partnerships_event_changelist")).content.decode()
    assert "2016 год" in page


def test_article_change_page_shows_linked_agreements_and_events(
    editor_client, make_article, make_agreement, make_event
):
    article = make_article("Алчевск стал городом-побратимом Тореза")
    make_agreement("Побратимство с Торезом").articles.add(article)
    make_event("Подписание соглашения").articles.add(article)
    page = editor_client.get(
        reverse("admin:news_article_change", args=[article.pk])
    ).content.decode()
    assert "Побратимство с Торезом" in page
    assert "Подписание соглашения" in page


def test_article_change_page_titles_each_linked_row_by_its_agreement_or_event(
    editor_client, make_article, make_agreement, make_event
):
    article = make_article("Алчевск стал городом-побратимом Тореза")
    make_agreement("Побратимство с Торезом").articles.add(article)
    make_event("Подписание соглашения").articles.add(article)
    page = editor_client.get(reverse("admin:news_article_change", args=[article.pk]))
    html = page.content.decode()

    titles = [
        cell.text_content().strip()
        for cell in lxml.html.fromstring(html).xpath("//td[contains(@class, 'original')]/p")
    ]
    assert titles == ["Побратимство с Торезом", "Подписание соглашения"]
    assert "object (" not in html


def test_article_change_page_heads_the_link_columns_in_russian(
    editor_client, make_article, make_agreement
):
    article = make_article("Алчевск стал городом-побратимом Тореза")
    make_agreement("Побратимство с Торезом").articles.add(article)
    tree = lxml.html.fromstring(
        editor_client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    )
    for group, column in (
        ("Agreement_articles-group", "Соглашение"),
        ("Event_articles-group", "Мероприятие"),
    ):
        headers = [
            th.text_content().strip() for th in tree.get_element_by_id(group).xpath(".//thead//th")
        ]
        assert column in headers, (group, headers)


def test_deleting_an_article_lists_its_links_by_their_agreement(
    editor_client, make_article, make_agreement
):
    article = make_article("Алчевск стал городом-побратимом Тореза")
    make_agreement("Побратимство с Торезом").articles.add(article)
    page = editor_client.get(reverse("admin:news_article_delete", args=[article.pk]))
    deleted = lxml.html.fromstring(page.content.decode()).get_element_by_id("deleted-objects")

    assert "Побратимство с Торезом" in deleted.text_content()
    assert "object (" not in deleted.text_content()
    assert "agreement-article" not in page.content.decode()


def test_adding_an_agreement_with_expiry_before_signing_is_refused(editor_client, torez):
    area = Area.objects.create(name="Культура")
    data = {
        "title": "Соглашение",
        "slug": "",
        "kind": Agreement.Kind.TWINNING,
        "status": Agreement.Status.IN_FORCE,
        "is_published": "on",
        "partners": [torez.pk],
        "signed_on": "29.10.2019",
        "valid_until": "01.10.2019",
        "areas": [area.pk],
        "summary": "Кратко.",
        "body": "",
    }
    for prefix in ("signatories", "documents", "plans"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    response = editor_client.post(reverse("admin:partnerships_agreement_add"), data)
    assert response.status_code == 200
    assert not Agreement.objects.exists()
    assert 'class="errorlist' in response.content.decode()
