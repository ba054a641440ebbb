"""No vector of the XSS corpus survives the sanitiser, an article save or the public page."""

import json

import lxml.html
import pytest
from django.urls import reverse

from news.models import Article
from portal.cache import invalidate_content
from portal.sanitize import sanitize_html
from tests.security import xss_corpus
from tests.security.inert import problems
from tests.support import form_data, page

VECTORS = xss_corpus.load()


def test_the_corpus_is_large_and_current():
    assert len(VECTORS) >= 500
    expected = [xss_corpus.decode(vector) for vector in xss_corpus.corpus()]
    assert expected == VECTORS, "run: python -m tests.security.xss_corpus"


def test_no_vector_survives_the_sanitiser():
    survivors = {}
    for vector in VECTORS:
        cleaned = sanitize_html(vector)
        found = problems(cleaned)
        if found:
            survivors[vector] = (cleaned, found)
    assert not survivors, "\n".join(f"{v!r} -> {c!r}: {f}" for v, (c, f) in survivors.items())


def test_sanitising_is_stable():
    """Cleaning clean output changes nothing: no markup that mutates when parsed again."""
    unstable = [v for v in VECTORS if sanitize_html(sanitize_html(v)) != sanitize_html(v)]
    assert not unstable, unstable[:10]


@pytest.mark.django_db
def test_no_vector_survives_saving_an_article(make_article):
    article = make_article("Статья для проверки", body="<p>x</p>")
    survivors = {}
    for vector in VECTORS:
        article.body = f"<p>Начало</p>{vector}<p>Конец</p>"
        article.save(update_fields=["body"])
        stored = Article.objects.values_list("body", flat=True).get(pk=article.pk)
        found = problems(stored)
        if found:
            survivors[vector] = found
    assert not survivors, survivors


@pytest.mark.django_db
def test_the_public_page_shows_pasted_vectors_inert(client, make_article):
    """Every 10th vector rendered on the article page: the body holds nothing executable."""
    article = make_article("Вставленный код", body="<p>x</p>")
    for vector in VECTORS[::10]:
        Article.objects.filter(pk=article.pk).update(body=sanitize_html(vector))
        invalidate_content()
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        tree = lxml.html.fromstring(response.content)
        (body,) = tree.xpath("//div[contains(@class, 'article__body')]")
        assert not problems(lxml.html.tostring(body, encoding="unicode")), vector


@pytest.mark.django_db
def test_hostile_titles_cannot_break_out_of_json_ld(client, make_article):
    hostile = '</script><script>alert(1)</script><!--<script>"\u2028'
    article = make_article(hostile, lead=hostile, body=f"<p>{hostile}</p>")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content)
    scripts = tree.xpath("//script")
    assert scripts, "the article page has its JSON-LD"
    for script in scripts:
        assert script.get("type") == "application/ld+json" or script.get("src"), (
            lxml.html.tostring(script)
        )
        if script.get("type") == "application/ld+json":
            json.loads(script.text)


@pytest.mark.django_db
def test_the_admin_form_stores_a_pasted_vector_inert(editor_client, rubric):
    vector = (
        '<p>Текст</p><img src=x alt="Фото" onerror=alert(1)><a href="javascript:alert(1)">x</a>'
    )
    url = reverse("admin:news_article_add")
    data = form_data(page(editor_client.get(url)), "article_form")
    data.update(
        title="Новость админки",
        lead="Описание.",
        body=vector,
        rubric=str(rubric.pk),
        status=Article.Status.DRAFT,
        publish_at_0="01.05.2024",
        publish_at_1="10:00:00",
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    body = Article.objects.get(title="Новость админки").body
    assert not problems(body)
    assert "Текст" in body
