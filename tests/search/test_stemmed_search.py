"""Russian word forms and typos on every database: SQLite's FTS5 index of Snowball stems,
PostgreSQL's ``russian`` configuration; «Возможно, вы имели в виду» on a typo."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from news.models import Article
from partnerships.models import Partner
from portal import search
from tests.search.test_search import SEARCH, found, snippets
from tests.support import page


def test_a_stem_finds_longer_forms_of_the_word(client, press_release, city_news):
    """«побратим» finds «побратимских» (in the text of the press release) on both databases."""
    titles, tree = found(client, q="побратим")

    assert titles == [press_release.title]
    assert any("<mark>побратимских</mark>" in snippet for snippet in snippets(tree))


@pytest.mark.parametrize("query", ["побратимы", "городом-побратимом", "Торезе", "подписали"])
def test_russian_word_forms_find_the_press_release(client, press_release, city_news, query):
    titles, _tree = found(client, q=query)

    assert titles[0] == press_release.title


def test_a_typo_finds_the_word_meant_and_says_so(client, press_release, city_news):
    titles, tree = found(client, q="побротим")

    assert titles[0] == press_release.title
    [suggestion] = tree.xpath("//p[@class='search-results__suggestion']")
    [link] = suggestion.xpath("a")
    assert link.text_content() == "побратим"
    assert "q=%D0%BF%D0%BE%D0%B1%D1%80%D0%B0%D1%82%D0%B8%D0%BC" in link.get("href")
    # Russian after the lead merges locale/pending/search.po:
    # «Возможно, вы имели в виду: побратим»


def test_no_suggestion_when_the_words_are_found(client, press_release):
    _titles, tree = found(client, q="побратим")

    assert not tree.xpath("//p[@class='search-results__suggestion']")


def test_the_index_follows_saves_and_deletions(client, make_article):
    article = make_article("Ярмарка мёда")
    assert found(client, q="ярмарки")[0] == ["Ярмарка мёда"]

    article.title = "Выставка цветов"
    article.save()
    assert found(client, q="ярмарки")[0] == []
    assert found(client, q="выставки")[0] == ["Выставка цветов"]

    article.delete()
    assert found(client, q="выставки")[0] == []


def test_a_partner_saved_is_found_by_a_form_of_its_name(client, twinning):
    krasnodon = Partner.objects.create(
        name="Краснодон", slug="krasnodon", description="<p>Шахтёрский</p>"
    )
    twinning["agreement"].partners.add(krasnodon)  # public: a party to a public agreement

    assert found(client, q="Краснодоне")[0] == ["Краснодон"]
    assert "Краснодон" in found(client, q="шахтёрского")[0]


def test_articles_written_in_bulk_are_indexed_by_the_command(client, press_release, rubric):
    Article.objects.bulk_create(
        [
            Article(
                title="Шахтёры Тореза получили награды",
                slug="nagrady",
                lead="Награды вручены.",
                body="<p>Торжественное собрание.</p>",
                rubric=rubric,
                status=Article.Status.PUBLISHED,
                publish_at=press_release.publish_at,
            )
        ]
    )
    assert found(client, q="торжественное собрание")[0] == []

    call_command("update_search_index", stdout=io.StringIO())

    assert found(client, q="торжественное собрание")[0] == ["Шахтёры Тореза получили награды"]


@pytest.mark.parametrize(
    "query", ['"побратим', "побратим*", "NEAR(побратим)", "a:b", "{a b}", "^побратим", "AND"]
)
def test_fts_syntax_in_the_query_is_only_words(client, press_release, query):
    response = client.get(SEARCH, {"q": query})

    assert response.status_code == 200
    page(response)


def test_on_sqlite_the_stemmed_index_answers(press_release):
    if connection.vendor != "sqlite":
        pytest.skip("the embedded database")

    results = search.search(search.SearchTerms.parse("побратим"))

    assert results.mode == search.STEMMED
    assert [hit.title for hit in results.hits] == [press_release.title]
