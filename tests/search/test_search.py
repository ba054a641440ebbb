"""The search page: Russian word forms, ranking, snippets, filters, pages, and what stays hidden."""

import datetime
import io

import lxml.html
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.models import Article
from partnerships.models import Agreement, Event
from portal import search
from tests.clock import MOSCOW
from tests.support import page

SEARCH = reverse("portal:search")


def found(client, **params):
    """The titles of the results, in order, and the parsed page."""
    tree = page(client.get(SEARCH, params))
    titles = [
        title.text_content().strip() for title in tree.xpath("//*[@class='search-hit__title']")
    ]
    return titles, tree


def snippets(tree) -> list[str]:
    return [
        lxml.html.tostring(snippet, encoding="unicode")
        for snippet in tree.xpath("//*[@class='search-hit__snippet']")
    ]


# -- PostgreSQL: stemming, ranking, headlines, typos ----------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize(
    "query", ["побратим", "побратимы", "городом-побратимом", "Торезе", "подписали"]
)
def test_russian_word_forms_find_the_press_release(client, press_release, city_news, query):
    titles, _tree = found(client, q=query)

    assert titles[0] == press_release.title


@pytest.mark.postgres
def test_a_stem_matches_longer_forms_of_the_word(client, press_release, city_news):
    """«побратим» finds «побратимских» (stem «побратимск») as well as «побратимом»."""
    _titles, tree = found(client, q="побратим")

    [snippet] = snippets(tree)
    assert "<mark>побратимских</mark>" in snippet


@pytest.mark.postgres
def test_a_title_match_ranks_above_a_lead_match_above_a_text_match(
    client, press_release, make_article
):
    # A real paragraph of the press release that names Torez, in the text of a newer article.
    paragraph = next(
        text.removeprefix("<p>")
        for text in press_release.body.split("</p>")
        if text.startswith("<p>Большое желание")
    )
    assert "Тореза" in paragraph
    in_text = make_article("Делегации обменялись опытом", body=f"<p>{paragraph}</p>")
    in_lead = make_article(
        "Итоги инвестиционного форума", lead="Делегация Тореза посетила предприятия города."
    )

    titles, _tree = found(client, q="Торез")

    assert titles == [press_release.title, in_lead.title, in_text.title]


@pytest.mark.postgres
def test_snippets_quote_the_text_around_the_match_with_the_match_marked(client, make_article):
    make_article(
        "Фестиваль в Торезе",
        lead="Коллективы выступили на фестивале.",
        body='<p>Первый <a href="/x/">творческий</a> фестиваль &amp; конкурс.</p>'
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; Вокалисты из Алчевска приняли участие.</p>",
    )

    _titles, tree = found(client, q="вокалист")

    [snippet] = snippets(tree)
    assert "<mark>Вокалисты</mark>" in snippet
    assert "фестиваль &amp; конкурс" in snippet
    assert "&lt;script&gt;" in snippet
    assert "<script" not in snippet and "<a " not in snippet


@pytest.mark.postgres
def test_a_typo_falls_back_to_titles_spelled_alike(client, press_release, city_news):
    titles, tree = found(client, q="побротим")

    assert titles[0] == press_release.title
    assert tree.xpath("//p[@class='search-results__note']")


@pytest.mark.postgres
def test_no_typo_fallback_for_phrases_and_exclusions(press_release):
    terms = search.SearchTerms.parse("торез -алчевск")

    results = search.search(terms)

    assert results.mode == search.FULLTEXT
    assert results.total == 0


@pytest.mark.postgres
def test_the_search_vector_follows_every_save(press_release):
    def finds(query):
        return [hit.title for hit in search.search(search.SearchTerms.parse(query)).hits]

    press_release.title = "Алчевск и Торез подписали соглашение о дружбе"
    press_release.save()
    assert finds("дружба") == [press_release.title]

    press_release.featured = True
    press_release.save(update_fields=["featured"])
    assert finds("дружба") == [press_release.title]


@pytest.mark.postgres
def test_articles_written_in_bulk_are_indexed_by_the_command(press_release, rubric):
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
    terms = search.SearchTerms.parse("торжественное собрание")  # words of the text only
    assert search.search(terms).total == 0

    call_command("update_search_index", stdout=io.StringIO())

    results = search.search(terms)
    assert results.mode == search.FULLTEXT
    assert [hit.title for hit in results.hits] == ["Шахтёры Тореза получили награды"]


@pytest.mark.postgres
def test_the_demo_content_is_found_by_any_form_of_the_word(client, demo_content):
    _titles, tree = found(client, q="побратимских")

    facets = {
        facet.kind: facet.count
        for facet in search.search(search.SearchTerms.parse("побратимских")).facets
    }
    assert all(facets[kind] for kind in ("news", "agreements", "events")), facets
    assert any("<mark>" in snippet for snippet in snippets(tree))


# -- every database -------------------------------------------------------------------------


def test_finds_news_agreements_events_and_partners_by_their_words(client, press_release, twinning):
    titles, tree = found(client, q="Торез")

    assert press_release.title in titles
    assert twinning["agreement"].title in titles
    assert twinning["event"].title in titles
    assert "Торез" in titles
    kinds = {kind.text_content() for kind in tree.xpath("//*[@class='search-hit__kind']")}
    assert len(kinds) == 4


def test_title_matches_come_first_in_every_database(client, make_article):
    in_text = make_article("Городские новости", body="<p>Ярмарка мёда открылась.</p>")
    in_title = make_article("Ярмарка мёда", publish_at=in_text.publish_at.replace(year=2019))

    titles, _tree = found(client, q="ярмарка")

    assert titles == [in_title.title, in_text.title]


def test_the_plain_search_without_full_text_still_works(press_release, city_news, twinning):
    """The SQLite way, which also runs on PostgreSQL: every word, any case, title first."""
    terms = search.SearchTerms.parse("ПОБРАТИМ торез")

    results = search._search(
        mode=search.PLAIN,
        terms=terms,
        providers=search.registry.providers(),
        date_from=None,
        date_to=None,
        kinds=set(),
        page=1,
    )

    titles = [hit.title for hit in results.hits]
    assert set(titles) == {press_release.title, twinning["agreement"].title, "Торез"}
    assert titles[-1] == "Торез"  # «побратим» only in its description
    assert any("<mark>" in hit.snippet for hit in results.hits)


def test_on_sqlite_the_page_uses_the_plain_search(client, press_release):
    if connection.vendor != "sqlite":
        pytest.skip("the embedded database")
    titles, _tree = found(client, q="побратимских")

    assert titles == [press_release.title]


def test_drafts_scheduled_and_unpublished_content_are_never_found(
    client, make_article, twinning, press_release
):
    make_article("Черновик о побратимах", status=Article.Status.DRAFT)
    make_article(
        "Будущая новость о побратимах",
        publish_at=press_release.publish_at.replace(year=2999),
    )
    hidden = Agreement.objects.create(
        title="Проект соглашения с побратимами",
        slug="hidden",
        summary="Побратимы.",
        is_published=False,
    )
    Event.objects.create(
        title="Визит побратимов",
        slug="hidden-visit",
        agreement=hidden,
        starts_on=datetime.date(2020, 1, 1),
        is_published=True,
    )

    titles, _tree = found(client, q="побратим")

    assert press_release.title in titles
    assert not [title for title in titles if "Черновик" in title or "Будущая" in title]
    assert hidden.title not in titles
    assert "Визит побратимов" not in titles


def test_filter_by_kind(client, press_release, twinning):
    titles, tree = found(client, q="Торез", type="agreements")

    assert titles == [twinning["agreement"].title]
    facet_links = tree.xpath("//nav[@class='search-facets']//a/text()")
    assert any("(1)" in text for text in facet_links)


def test_asking_for_an_undated_kind_within_a_period_still_counts_the_others(
    client, press_release, twinning
):
    """Partners have no date: with a period they are not searched, and the other kinds'
    counts are still offered."""
    titles, tree = found(client, q="Торез", type="partners", date_from="2016-01-01")

    assert titles == []
    facet_links = tree.xpath("//nav[@class='search-facets']//a/text()")
    assert any("(1)" in text for text in facet_links)


def test_filter_by_period_includes_events_spanning_it(
    client, press_release, twinning, make_article
):
    make_article("Торез принимает гостей")  # published an hour ago

    titles, _tree = found(client, q="Торез", date_from="2016-01-01", date_to="2019-12-31")

    assert set(titles) == {
        press_release.title,
        twinning["agreement"].title,
        twinning["event"].title,
    }  # partners have no date, so a period leaves them out


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "вчера"},
        {"date_from": "2019-02-30"},
        {"date_from": "0001-01-01"},
        {"date_to": "99999-12-31"},
        {"date_from": "2019-01-01", "date_to": "2018-01-01"},
        {"type": "'; DROP TABLE news_article; --"},
    ],
)
def test_a_wrong_filter_is_explained_and_ignored(client, press_release, params):
    titles, tree = found(client, q="побратимом", **params)

    assert titles == [press_release.title]
    assert tree.xpath("//*[@class='field-error']")


def test_pages_are_bounded_and_keep_the_query(client, make_article, monkeypatch):
    monkeypatch.setattr(search.limits, "PAGE_SIZE", 3)
    monkeypatch.setattr(search.limits, "MAX_PAGES", 2)
    for number in range(8):
        make_article(f"Ярмарка номер {number}")

    first, tree = found(client, q="ярмарка")
    second, second_tree = found(client, q="ярмарка", page="2")
    beyond, _tree = found(client, q="ярмарка", page="999")
    nonsense, _tree = found(client, q="ярмарка", page="два")

    assert len(first) == len(second) == 3 and not set(first) & set(second)
    assert beyond == second and nonsense == first
    [next_link] = tree.xpath("//a[@rel='next']/@href")
    assert "q=" in next_link and "page=2" in next_link
    assert not second_tree.xpath("//a[@rel='next']")
    assert "8" in tree.xpath("string(//*[@class='search-results__summary'])")
    assert tree.xpath("//p[@class='search-results__note']")  # only 6 of 8 reachable


def test_the_number_of_queries_does_not_grow_with_the_results(
    client, make_article, twinning, django_assert_max_num_queries
):
    def queries_for(query):
        client.get(SEARCH, {"q": query})  # site settings are cached from the first request on
        with CaptureQueriesContext(connection) as context:
            assert client.get(SEARCH, {"q": query}).status_code == 200
        return len(context)

    make_article("Ярмарка мёда")
    few = queries_for("ярмарка")
    for number in range(30):
        make_article(f"Ярмарка номер {number}", lead="Ярмарка в Торезе.")
    many = queries_for("ярмарка")

    assert few == many
    with django_assert_max_num_queries(11):  # the alert banners shown on every page: one
        client.get(SEARCH, {"q": "Торез"})


def test_search_pages_stay_out_of_the_shared_cache_and_search_engines(client, press_release):
    response = client.get(SEARCH, {"q": "побратимом"})

    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert "X-Cache" not in client.get(SEARCH, {"q": "побратимом"})
    assert "Disallow: /search/" in client.get("/robots.txt").content.decode()


def test_every_page_has_a_labelled_search_form_in_its_header(client, press_release):
    tree = page(client.get(press_release.get_absolute_url()))

    [form] = tree.xpath("//header//form[@role='search']")
    assert form.get("action") == SEARCH and form.get("method") == "get"
    [field] = form.xpath(".//input[@name='q']")
    assert form.xpath(f".//label[@for='{field.get('id')}']/text()")


def test_the_search_page_form_works_without_javascript(client, press_release):
    tree = page(client.get(SEARCH))

    [form] = tree.xpath("//main//form[@role='search']")
    assert form.get("method") == "get"
    for name in ("q", "type", "date_from", "date_to"):
        [control] = form.xpath(f".//*[@name='{name}']")
        assert form.xpath(f".//label[@for='{control.get('id')}']"), name
    assert tree.xpath("//script[not(@type='application/ld+json')]") == []


def test_a_very_common_word_ranks_only_the_newest_matches(client, make_article, monkeypatch):
    monkeypatch.setattr(search.limits, "CANDIDATES", 3)
    articles = [make_article(f"Ярмарка номер {number}") for number in range(5)]
    for days, article in enumerate(articles):
        article.publish_at -= datetime.timedelta(days=days)
        article.save()

    titles, tree = found(client, q="ярмарка")

    assert titles == [article.title for article in articles[:3]]
    summary = tree.xpath("string(//*[@class='search-results__summary'])")
    assert "3" in summary and "5" not in summary
    assert "(3+)" in tree.xpath("string(//nav[@class='search-facets'])")


@pytest.mark.postgres
@pytest.mark.parametrize("walk_share", [0.0, float("inf")], ids=["date-index", "gin-bitmap"])
def test_both_plans_find_the_same_newest_matches(client, make_article, monkeypatch, walk_share):
    """Whichever way the newest matches are found (walking the date index for common words,
    a GIN bitmap for rarer ones), the reader gets the same, newest, results."""
    monkeypatch.setattr(search.limits, "CANDIDATES", 3)
    monkeypatch.setattr(search.limits, "INDEX_WALK_SHARE", walk_share)
    articles = [make_article(f"Ярмарка номер {number}") for number in range(5)]
    make_article("Совсем другая новость")
    for days, article in enumerate(articles):
        article.publish_at -= datetime.timedelta(days=days)
        article.save()

    titles, tree = found(client, q="ярмарки")

    assert titles == [article.title for article in articles[:3]]
    assert "(3+)" in tree.xpath("string(//nav[@class='search-facets'])")


@pytest.mark.postgres
@pytest.mark.parametrize("matches_are_newest", [True, False], ids=["in-window", "older"])
def test_a_bitmap_tried_on_the_newest_rows_first_still_finds_the_newest_matches(
    client, make_article, monkeypatch, matches_are_newest
):
    """The planner's estimates (faked here) size a window of newest rows; whether the
    matches fall inside it or not, the newest of them are found."""
    monkeypatch.setattr(search.limits, "CANDIDATES", 3)
    monkeypatch.setattr(search.limits, "INDEX_WALK_SHARE", float("inf"))
    monkeypatch.setattr(search.limits, "WINDOW_MARGIN", 1)
    estimates = iter([100, 60])  # rows in scope, matching rows: a window of the newest 7
    monkeypatch.setattr(search.planning, "_estimated_rows", lambda queryset: next(estimates))
    matching = [make_article(f"Ярмарка номер {number}") for number in range(5)]
    others = [make_article(f"Другая новость {number}") for number in range(8)]
    for days, article in enumerate(matching + others if matches_are_newest else others + matching):
        article.publish_at -= datetime.timedelta(days=days)
        article.save()

    titles, _tree = found(client, q="ярмарка")

    assert titles == [article.title for article in matching[:3]]


@pytest.mark.postgres
def test_the_bitmap_plan_leaves_the_rest_of_the_search_its_scans(db, make_article, monkeypatch):
    """The bitmap plan switches index and sequential scans off for its own query only: the
    search runs in one transaction, where the plan's block is a savepoint whose SET LOCAL
    outlived it, and the ranking query after it took 0.8 s instead of 10 ms at 100,000
    articles."""
    from django.db import connection, transaction

    from portal.search.planning import newest_fulltext_matches

    monkeypatch.setattr(search.limits, "INDEX_WALK_SHARE", float("inf"))
    make_article("Ярмарка побратимов")
    articles = Article.objects.all()

    with transaction.atomic(), connection.cursor() as cursor:
        newest_fulltext_matches(articles, articles.filter(title__icontains="ярмарка"), ["-id"])
        cursor.execute("SHOW enable_indexscan")
        indexscan = cursor.fetchone()[0]
        cursor.execute("SHOW enable_seqscan")
        seqscan = cursor.fetchone()[0]

    assert (indexscan, seqscan) == ("on", "on")


def test_a_page_beyond_the_last_shows_the_last(client, make_article):
    for number in range(12):
        make_article(f"Субботник номер {number}")

    titles, tree = found(client, q="субботник", page=99)

    assert len(titles) == 2
    assert "2" in tree.xpath("string(//*[@aria-current='page'])")


def test_snippet_html_escapes_everything_but_the_marks():
    raw = "\ue000<b>Торез</b>\ue001 &amp; &lt;script&gt;alert(1)&lt;/script&gt; <i>x</i> \ue001"

    html = search.headline_html(raw)

    assert html == (
        "<mark>&lt;b&gt;Торез&lt;/b&gt;</mark> &amp; &lt;script&gt;alert(1)&lt;/script&gt; "
        "&lt;i&gt;x&lt;/i&gt;"
    )
    assert search.highlight("Город <Торез> и торезские", ["торез"]) == (
        "Город &lt;<mark>Торез</mark>&gt; и <mark>торез</mark>ские"
    )


def test_a_period_and_the_dates_shown_follow_the_moscow_calendar(
    near_midnight, client, make_article
):
    """New Year's night: news of 00:10 on 1 January in Moscow (21:10 UTC on 31 December)
    belongs to the period from 1 January and is dated «1 января 2027»."""
    make_article(
        "Торез поздравляет Алчевск", publish_at=datetime.datetime(2027, 1, 1, 0, 10, tzinfo=MOSCOW)
    )
    make_article(
        "Торез подводит итоги года",
        publish_at=datetime.datetime(2026, 12, 31, 23, 50, tzinfo=MOSCOW),
    )

    new_year, tree = found(client, q="Торез", date_from="2027-01-01", date_to="2027-01-01")
    old_year, _tree = found(client, q="Торез", date_from="2026-12-31", date_to="2026-12-31")

    assert new_year == ["Торез поздравляет Алчевск"]
    assert old_year == ["Торез подводит итоги года"]
    [shown] = tree.xpath("//*[@class='search-hit__meta']/time")
    assert shown.text_content() == "1 января 2027"
    assert shown.get("datetime") == "2027-01-01T00:10:00+03:00"
