"""The article admin at 100,000 articles: its search goes through the search index, its lists
neither count nor skip through the whole table, and no page makes more queries as the archive
grows (portal.admin_lists, portal.search.admin_search)."""

from datetime import datetime, timedelta

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.models import Article, GalleryPhoto, Rubric, Tag
from portal import admin_lists, roles
from tests.news.conftest import MOSCOW
from tests.support import page

LIST_URL = reverse("admin:news_article_changelist")


@pytest.fixture(autouse=True)
def _postgres_only(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL full-text search expectation")


@pytest.fixture
def chief_client(client, django_user_model):
    """Logged in as a chief editor, as the office sets one up (a role, not a superuser)."""
    chief = django_user_model.objects.create_user("glavred", is_staff=True)
    chief.groups.add(roles.sync_roles()[roles.CHIEF_EDITOR])
    client.force_login(chief)
    return client


@pytest.fixture
def archive(rubric, make_article, library_image):
    """``add(count)`` more articles, newest last: every third a draft, each with a tag, every
    other one with an image and a photo, over several years."""
    second = Rubric.objects.create(name="Культура", slug="kultura")
    tags = [Tag.objects.create(name=f"тема {number}") for number in range(3)]
    made = []

    def add(count):
        for _ in range(count):
            number = len(made)
            fields = {}
            if number % 2 == 0:
                fields = {"lead_image": library_image(), "lead_image_alt": "Площадь"}
            article = make_article(
                f"Городские новости, выпуск {number}",
                body=f"<p>Побратимы встретились в {number}-й раз.</p>",
                rubric=(rubric, second)[number % 2],
                status=Article.Status.DRAFT if number % 3 == 0 else Article.Status.PUBLISHED,
                publish_at=datetime(2019, 10, 29, 12, tzinfo=MOSCOW) + timedelta(days=90 * number),
                **fields,
            )
            article.tags.set([tags[number % 3]])
            if number % 2 == 0:
                GalleryPhoto.objects.create(
                    article=article, image=library_image(), alt="Фото", order=1
                )
            made.append(article)
        return made

    return add


def titles(response) -> list[str]:
    tree = page(response)
    return [
        link.text_content()
        for link in tree.xpath("//table[@id='result_list']//*[contains(@class, 'field-title')]/a")
    ]


def queries_for(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    sql = [query["sql"] for query in context.captured_queries]  # before the next request
    return len(sql), sql


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of two articles, read ids first from the second page on: a deep page of 100,000
    articles, in miniature."""
    monkeypatch.setattr(admin.site._registry[Article], "list_per_page", 2)
    monkeypatch.setattr(admin_lists, "IDS_FIRST_FROM", 2)


LIST_PAGES = {
    "first page": "",
    "filtered by status": "?status__exact=draft",
    "filtered by the review queue": "?publication=returned",
    "searched": "?q=побратимы",
    "a deep page": "?p=3",
    "a year": "?publish_at__year=2020",
}


def test_the_article_list_makes_as_many_queries_for_three_times_the_articles(
    chief_client, archive, small_pages, subtests, django_assert_max_num_queries
):
    archive(10)
    few = {
        name: queries_for(chief_client, LIST_URL + query)[0] for name, query in LIST_PAGES.items()
    }

    archive(20)

    for name, query in LIST_PAGES.items():
        with subtests.test(page=name), django_assert_max_num_queries(few[name]):
            assert chief_client.get(LIST_URL + query).status_code == 200


def test_the_change_form_makes_as_many_queries_for_three_times_the_articles(
    chief_client, archive, django_assert_max_num_queries
):
    article = archive(5)[2]
    url = reverse("admin:news_article_change", args=[article.pk])
    few, _sql = queries_for(chief_client, url)

    archive(10)

    with django_assert_max_num_queries(few):
        assert chief_client.get(url).status_code == 200


def test_a_deep_page_shows_the_articles_an_offset_would(chief_client, archive, small_pages):
    made = archive(9)
    newest_first = [article.title for article in reversed(made)]

    _count, sql = queries_for(chief_client, LIST_URL + "?p=3")

    assert titles(chief_client.get(LIST_URL + "?p=3")) == newest_first[4:6]
    assert titles(chief_client.get(LIST_URL + "?p=5")) == newest_first[8:]
    # The ids of the page first (from an index), then its rows by id, never all columns
    # of the skipped rows.
    [skipping] = [query for query in sql if "OFFSET" in query]
    assert skipping.startswith('SELECT "news_article"."id" AS "pk" FROM')


def test_the_list_does_not_read_the_text_or_the_search_vector_of_its_rows(chief_client, archive):
    archive(3)

    _count, sql = queries_for(chief_client, LIST_URL)

    [rows] = [query for query in sql if query.startswith('SELECT "news_article"."id", ')]
    assert '"news_article"."body"' not in rows
    assert '"news_article"."search_vector"' not in rows


def test_the_list_counts_the_articles_once_and_not_again_unfiltered(chief_client, archive):
    archive(3)

    _count, sql = queries_for(chief_client, LIST_URL + "?status__exact=draft")

    assert len([query for query in sql if "COUNT(" in query]) == 1


def test_the_action_checkboxes_are_djangos(chief_client, archive):
    article = archive(1)[0]
    model_admin = admin.site._registry[Article]

    tree = page(chief_client.get(LIST_URL))

    [checkbox] = tree.xpath("//input[@name='_selected_action']")
    assert checkbox.attrib == {
        "type": "checkbox",
        "name": "_selected_action",
        "value": str(article.pk),
        "class": "action-select",
        "aria-label": f"Выбрать этот объект, чтобы применить к нему действие - {article.title}",
    }
    assert model_admin.action_checkbox(article) == admin.ModelAdmin.action_checkbox(
        model_admin, article
    )


# -- the date drill-down ----------------------------------------------------------------------


def date_choices(response) -> list[str]:
    return [link.text_content() for link in page(response).xpath("//nav[@class='toplinks']//a")]


def test_the_date_drill_down_offers_the_years_of_the_archive_without_a_distinct(
    chief_client, archive
):
    archive(8)  # 29 October 2019 to 2021, every 90 days

    _count, sql = queries_for(chief_client, LIST_URL)

    assert date_choices(chief_client.get(LIST_URL)) == ["2019", "2020", "2021"]
    assert not [query for query in sql if "DISTINCT" in query]


def test_the_date_drill_down_offers_a_years_months_and_a_months_days(chief_client, archive):
    archive(8)

    year = date_choices(chief_client.get(LIST_URL + "?publish_at__year=2019"))
    month = date_choices(
        chief_client.get(LIST_URL + "?publish_at__year=2019&publish_at__month=10")
    )

    assert year == ["‹ Все даты", "Октябрь 2019 г.", "Ноябрь 2019 г.", "Декабрь 2019 г."]
    # A month's days are Django's own: the days that have articles.
    assert month[0] == "‹ 2019"
    assert [day.split()[0] for day in month[1:]] == ["29"]
    assert titles(chief_client.get(LIST_URL + "?publish_at__year=2019&publish_at__month=10")) == [
        "Городские новости, выпуск 0"
    ]


# -- the search -------------------------------------------------------------------------------


def test_the_search_finds_an_article_by_a_word_of_its_title(chief_client, archive, make_article):
    archive(3)
    make_article("Театр кукол представил премьеру", status=Article.Status.DRAFT)

    assert titles(chief_client.get(LIST_URL, {"q": "театра"})) == [
        "Театр кукол представил премьеру"
    ]
    assert titles(chief_client.get(LIST_URL, {"q": "премьеру кукол"})) == [
        "Театр кукол представил премьеру"
    ]


def test_the_search_keeps_the_lists_order_newest_first(chief_client, archive):
    made = archive(4)

    assert titles(chief_client.get(LIST_URL, {"q": "новости"})) == [
        article.title for article in reversed(made)
    ]


def test_a_word_longer_than_any_real_one_finds_nothing(chief_client, archive):
    archive(2)

    assert titles(chief_client.get(LIST_URL, {"q": "а" * 60})) == []
    assert chief_client.get(LIST_URL, {"q": "«»!?"}).status_code == 200


def test_sqlite_searches_the_fts5_index_not_every_text(chief_client, archive):
    if connection.vendor != "sqlite":
        pytest.skip("the embedded database's search path")
    archive(2)

    _count, sql = queries_for(chief_client, LIST_URL + "?q=выпуск")

    searched = [query for query in sql if "portal_search_index" in query]
    assert searched
    assert not [query for query in sql if "LIKE" in query and "news_article" in query]


@pytest.mark.postgres
def test_postgresql_finds_a_stemmed_form_of_a_word_of_the_text_through_the_vector(
    chief_client, make_article
):
    """As the site search: «побратимы» (stem «побратим») finds «побратимских» (stem
    «побратимск») in the text, «соглашения» finds «соглашение»."""
    make_article(
        "Делегация из Тореза",
        lead="Гости приехали на праздник.",
        body="<p>Подписано соглашение об установлении побратимских связей.</p>",
    )
    make_article("Ремонт дорог", body="<p>Дорожники вышли на улицы.</p>")

    _count, sql = queries_for(chief_client, LIST_URL + "?q=побратимы")

    assert titles(chief_client.get(LIST_URL, {"q": "побратимы"})) == ["Делегация из Тореза"]
    assert titles(chief_client.get(LIST_URL, {"q": "соглашения"})) == ["Делегация из Тореза"]
    assert [query for query in sql if '"news_article"."search_vector" @@' in query]
    assert not [query for query in sql if "LIKE" in query and "news_article" in query]


@pytest.mark.postgres
def test_postgresql_estimates_a_long_list_instead_of_counting_it(
    chief_client, archive, monkeypatch
):
    archive(6)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE news_article")
    monkeypatch.setattr(admin_lists, "EXACT_COUNT_UP_TO", 3)

    _count, sql = queries_for(chief_client, LIST_URL)
    tree = page(chief_client.get(LIST_URL))

    assert not [query for query in sql if "COUNT(" in query]
    [paginator] = tree.xpath("//p[@class='paginator']")
    assert "≈ 6" in paginator.text_content()
    assert len(titles(chief_client.get(LIST_URL))) == 6


@pytest.mark.postgres
def test_postgresql_counts_a_short_list_exactly(chief_client, archive, monkeypatch):
    archive(6)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE news_article")
    monkeypatch.setattr(admin_lists, "EXACT_COUNT_UP_TO", 3)

    tree = page(chief_client.get(LIST_URL + "?publication=review"))

    [paginator] = tree.xpath("//p[@class='paginator']")
    assert "≈" not in paginator.text_content()


def test_the_article_autocomplete_of_other_forms_uses_the_same_search(chief_client, archive):
    """The agreement form's «articles» field asks the article admin's search."""
    archive(3)

    answer = chief_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "выпуска 1",
            "app_label": "partnerships",
            "model_name": "agreement",
            "field_name": "articles",
        },
    )

    assert answer.status_code == 200
    assert [result["text"] for result in answer.json()["results"]] == [
        "Городские новости, выпуск 1"
    ]
