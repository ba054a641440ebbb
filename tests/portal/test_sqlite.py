"""The embedded SQLite database matches text case-insensitively in Russian too (its own LIKE
folds only ASCII letters)."""

import pytest
from django.db import connection
from django.urls import reverse

from news.models import Article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded database"),
]


def test_contains_ignores_the_case_of_cyrillic_letters(make_article):
    make_article("Делегация из ТОРЕЗА")
    make_article("Новости спорта")

    found = Article.objects.filter(title__icontains="торез").values_list("title", flat=True)

    assert list(found) == ["Делегация из ТОРЕЗА"]


def test_the_admin_search_finds_any_case(editor_client, make_article):
    make_article("Город-побратим Торез")

    page = editor_client.get(reverse("admin:news_article_changelist"), {"q": "ТОРЕЗ"})

    assert "Город-побратим Торез" in page.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [("100%", ["План выполнен на 100%"]), ("a_b", ["Файл a_b"]), ("%", ["План выполнен на 100%"])],
)
def test_wildcards_typed_by_a_reader_are_literal(make_article, query, expected):
    for title in ("План выполнен на 100%", "План выполнен на 1000", "Файл a_b", "Файл axb"):
        make_article(title)

    found = Article.objects.filter(title__icontains=query).values_list("title", flat=True)

    assert sorted(found) == expected
