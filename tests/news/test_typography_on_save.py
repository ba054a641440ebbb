"""Russian typography on save (site setting, on by default): the article admin typesets the
title, the lead and the text; the agreement and event admins their title, summary and text."""

import pytest
from django.urls import reverse

from news.models import Article
from partnerships.models import Agreement, Event
from portal.models import SiteSettings
from tests.support import form_data, page

TITLE = 'Алчевск и Торез - "города-побратимы"'
LEAD = "Соглашение подписали 29 октября в Донецке."
BODY = (
    '<p>Глава города: "Это начало" - и в <a href="https://alchevsk.example/a-b?x=&quot;y&quot;">'
    "программе</a> 5 км.</p><pre>a - b</pre>"
)


def post_article(client, **fields):
    url = reverse("admin:news_article_add")
    data = form_data(page(client.get(url)), "article_form")
    data.update(fields)
    return client.post(url, data)


def test_the_article_admin_typesets_title_lead_and_text(editor_client, rubric):
    assert SiteSettings.get_solo().typography, "on by default"

    response = post_article(editor_client, title=TITLE, lead=LEAD, body=BODY, rubric=rubric.pk)

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.title == "Алчевск и\u00a0Торез\u00a0— «города-побратимы»"
    assert article.lead == "Соглашение подписали 29\u00a0октября в\u00a0Донецке."
    assert article.body == (
        "<p>Глава города: «Это начало»&nbsp;— и&nbsp;в&nbsp;"
        '<a href="https://alchevsk.example/a-b?x=&quot;y&quot;" rel="noopener noreferrer">'
        "программе</a> 5&nbsp;км.</p><pre>a - b</pre>"
    )
    assert article.slug == "alchevsk-i-torez-goroda-pobratimy"


def test_saving_again_changes_nothing(editor_client, rubric):
    post_article(editor_client, title=TITLE, lead=LEAD, body=BODY, rubric=rubric.pk)
    article = Article.objects.get()
    stored = (article.title, article.lead, article.body)
    url = reverse("admin:news_article_change", args=[article.pk])

    response = editor_client.post(url, form_data(page(editor_client.get(url)), "article_form"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.lead, article.body) == stored


def test_with_the_setting_off_the_text_is_kept_as_typed(editor_client, rubric):
    settings = SiteSettings.get_solo()
    settings.typography = False
    settings.save()

    post_article(editor_client, title=TITLE, lead=LEAD, body=BODY, rubric=rubric.pk)

    article = Article.objects.get()
    assert (article.title, article.lead) == (TITLE, LEAD)


def test_the_setting_is_in_the_site_settings_admin(editor_client):
    tree = page(editor_client.get(reverse("admin:portal_sitesettings_change")))

    checkbox = tree.xpath("//input[@name='typography']")
    assert checkbox and checkbox[0].get("checked") is not None
    assert "Типограф при сохранении" in tree.xpath("string(//label[@for='id_typography'])")


@pytest.mark.parametrize(
    ("model", "form_id", "rich_text"),
    [(Agreement, "agreement_form", "body"), (Event, "event_form", "description")],
)
def test_agreements_and_events_are_typeset_too(
    editor_client, make_agreement, make_event, model, form_id, rich_text
):
    record = make_agreement() if model is Agreement else make_event()
    url = reverse(f"admin:partnerships_{model._meta.model_name}_change", args=[record.pk])
    data = form_data(page(editor_client.get(url)), form_id)
    data.update(
        {
            "title": "Соглашение о дружбе",
            "summary": 'Проект "Дружба"',
            rich_text: "<p>в городе</p>",
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302, page(response).xpath("string(//*[@class='errornote'])")
    record.refresh_from_db()
    assert record.title == "Соглашение о\u00a0дружбе"
    assert record.summary == "Проект «Дружба»"
    assert getattr(record, rich_text) == "<p>в&nbsp;городе</p>"
