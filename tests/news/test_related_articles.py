"""Related articles under an article: chosen by hand, in the editor's order, when the editor
chose any; found by tags and rubric otherwise; the page's queries do not grow with them."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from news.models import Article, RelatedArticle
from news.views import MAX_CHOSEN_RELATED
from tests.news.test_queries import queries_for
from tests.support import card_titles, form_data, page


def related_titles(client, article):
    tree = page(client.get(article.get_absolute_url()))
    sections = tree.xpath("//section[@aria-labelledby='related-title']")
    return card_titles(sections[0]) if sections else []


def choose(article, *others):
    for order, other in enumerate(others):
        RelatedArticle.objects.create(article=article, related=other, order=order)


@pytest.fixture
def news(make_article, signing_day):
    """An article and six older ones of its rubric, newest first."""
    article = make_article("Визит делегации Тореза", publish_at=signing_day)
    others = [
        make_article(f"Старая новость {number}", publish_at=signing_day - timedelta(days=number))
        for number in range(1, 7)
    ]
    return article, others


def test_without_a_choice_the_related_are_found_automatically(client, news):
    article, others = news

    assert related_titles(client, article) == [other.title for other in others[:4]]


def test_the_chosen_ones_are_shown_in_the_editors_order_instead(client, news):
    article, others = news
    choose(article, others[5], others[2], others[4])

    assert related_titles(client, article) == [others[5].title, others[2].title, others[4].title]


def test_chosen_articles_that_are_not_public_are_left_out(client, news, make_article):
    article, others = news
    draft = make_article("Черновик рядом", status=Article.Status.DRAFT)
    choose(article, draft, others[3])

    assert related_titles(client, article) == [others[3].title]


def test_when_none_of_the_chosen_is_public_the_automatic_ones_are_shown(
    client, news, make_article
):
    article, others = news
    choose(article, make_article("Снятая с публикации", status=Article.Status.ARCHIVED))

    assert related_titles(client, article) == [other.title for other in others[:4]]


def test_the_query_count_does_not_grow_with_the_chosen_articles(
    client, news, django_assert_max_num_queries
):
    article, others = news
    choose(article, others[0])
    one = queries_for(client, article.get_absolute_url())

    RelatedArticle.objects.all().delete()
    choose(article, *others)
    cache.clear()

    with django_assert_max_num_queries(one):
        assert len(related_titles(client, article)) == len(others)


def test_an_article_cannot_be_related_to_itself_or_twice(news):
    article, others = news
    with pytest.raises(ValidationError):
        RelatedArticle(article=article, related=article).full_clean()
    choose(article, others[0])
    with pytest.raises(ValidationError):
        RelatedArticle(article=article, related=others[0], order=5).full_clean()


def test_the_editor_chooses_them_in_the_article_form(editor_client, news):
    article, others = news
    url = reverse("admin:news_article_change", args=[article.pk])
    tree = page(editor_client.get(url))
    group = tree.xpath("//*[@id='chosen_related-group']")
    assert group, "the inline of related articles"
    assert tree.xpath("//input[@name='chosen_related-MAX_NUM_FORMS']/@value") == [
        str(MAX_CHOSEN_RELATED)
    ]
    data = form_data(tree, "article_form")
    data.update(
        {
            "chosen_related-TOTAL_FORMS": "2",
            "chosen_related-0-related": str(others[4].pk),
            "chosen_related-0-order": "2",
            "chosen_related-1-related": str(others[1].pk),
            "chosen_related-1-order": "1",
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302, page(response).xpath("string(//*[@class='errornote'])")
    editor_client.logout()
    assert related_titles(editor_client, article) == [others[1].title, others[4].title]
