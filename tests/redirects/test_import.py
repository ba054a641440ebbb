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
