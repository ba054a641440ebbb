"""import_news: the old site's address of every imported article keeps working (301)."""

import pytest

from news.models import Article
from portal.models import Redirect
from tests.news.test_import import run_import

pytestmark = pytest.mark.django_db


def test_every_imported_articles_old_address_redirects_to_it(client, sample, rubric):
    run_import(sample("rss.xml"))

    signing = Article.objects.get(import_guid="old-site-news-1001")
    response = client.get("/news/2019/10/29/pobratimstvo")
    assert response.status_code == 301
    assert response.headers["Location"] == signing.get_absolute_url()
    assert client.get(response.headers["Location"]).status_code == 200
    assert Redirect.objects.count() == Article.objects.count() == 3
    assert set(Redirect.objects.values_list("source", flat=True)) == {Redirect.Source.IMPORTED}


def test_importing_again_makes_no_second_redirect(sample, rubric):
    run_import(sample("rss.xml"))
    run_import(sample("rss.xml"), "--update")

    assert Redirect.objects.count() == 3


def test_a_dry_run_makes_no_redirect(sample, rubric):
    run_import(sample("rss.xml"), "--dry-run")

    assert not Redirect.objects.exists()


def test_an_editors_redirect_of_an_old_address_is_kept_and_reported(sample, rubric):
    Redirect.objects.create(old_path="/news/2019/09/01/turnir", new_path="/news/")

    out, err = run_import(sample("rss.xml"))

    assert Redirect.objects.get(old_path="/news/2019/09/01/turnir").new_path == "/news/"
    assert "/news/2019/09/01/turnir" in out + err


def test_articles_imported_before_redirects_existed_get_theirs(make_article):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module(
        "news.migrations.0013_redirect_old_addresses_of_imported_articles"
    )
    article = make_article(source_url="https://old.example.test/novosti/park.html?id=5&a=1")
    make_article("Главная старого сайта", source_url="https://old.example.test/")
    make_article("Написанная здесь")
    Redirect.objects.all().delete()

    migration.redirect_imported(apps, SimpleNamespace(connection=connection))

    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/novosti/park.html?a=1&id=5": article.get_absolute_url()
    }
