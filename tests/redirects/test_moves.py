"""A public address that changes leaves a 301 behind: articles, rubrics, agreements, events,
partners. Chains collapse, and no change makes a loop."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import Article, Rubric
from news.services import publish_article
from portal.models import Redirect
from portal.redirects.services import save_redirect

pytestmark = pytest.mark.django_db


def redirects() -> dict[str, str]:
    return dict(Redirect.objects.values_list("old_path", "new_path"))


def move(record, slug):
    record.slug = slug
    record.save()
    return record


def test_a_published_articles_new_address_leaves_a_301_at_the_old_one(client, make_article):
    article = make_article("Парк открыт")
    old_url = article.get_absolute_url()

    move(article, "park-otkryt-posle-remonta")

    response = client.get(old_url)
    assert response.status_code == 301
    assert response.headers["Location"] == "/news/park-otkryt-posle-remonta/"
    assert Redirect.objects.get().source == Redirect.Source.MOVED


def test_a_cached_page_at_the_old_address_is_not_served_after_the_move(client, make_article):
    article = make_article("Кэшированная новость")
    old_url = article.get_absolute_url()
    client.get(old_url)
    assert client.get(old_url).headers["X-Cache"] == "hit"

    move(article, "novyi-adres-novosti")

    assert client.get(old_url).status_code == 301


def test_a_draft_never_published_moves_without_a_redirect(make_article):
    draft = make_article("Черновик", status=Article.Status.DRAFT)

    move(draft, "drugoi-adres")

    assert redirects() == {}


def test_an_article_unpublished_after_it_was_public_still_redirects(make_article):
    article = make_article("Снятая новость")
    old_url = article.get_absolute_url()
    article.status = Article.Status.DRAFT
    article.save()

    move(article, "novyi-adres")

    assert redirects() == {old_url: "/news/novyi-adres/"}


def test_a_draft_published_for_the_first_time_frees_its_address(make_article):
    draft = make_article("Свежая новость", status=Article.Status.DRAFT)
    Redirect.objects.create(old_path=draft.get_absolute_url(), new_path="/news/")

    publish_article(draft)

    assert redirects() == {}


def test_moves_collapse_into_one_step(client, make_article):
    article = make_article("Адрес один", slug="adres-1")

    move(article, "adres-2")
    move(article, "adres-3")

    assert redirects() == {"/news/adres-1/": "/news/adres-3/", "/news/adres-2/": "/news/adres-3/"}
    assert client.get("/news/adres-1/").headers["Location"] == "/news/adres-3/"


def test_an_address_changed_back_makes_no_loop(client, make_article):
    article = make_article("Туда и обратно", slug="tuda")

    move(article, "obratno")
    move(article, "tuda")

    assert redirects() == {"/news/obratno/": "/news/tuda/"}
    assert client.get("/news/tuda/").status_code == 200
    assert client.get("/news/obratno/").headers["Location"] == "/news/tuda/"


def test_a_redirect_to_an_address_that_redirects_leads_to_the_end(make_article):
    save_redirect(Redirect(old_path="/b/", new_path="/c/"))

    save_redirect(Redirect(old_path="/a/", new_path="/b/"))

    assert redirects() == {"/a/": "/c/", "/b/": "/c/"}


def test_a_new_step_carries_the_redirects_that_led_to_it(make_article):
    save_redirect(Redirect(old_path="/a/", new_path="/b/"))

    save_redirect(Redirect(old_path="/b/", new_path="/c/"))

    assert redirects() == {"/a/": "/c/", "/b/": "/c/"}


@pytest.mark.parametrize(
    ("existing", "added"),
    [
        ([("/a/", "/b/")], ("/b/", "/a/")),
        ([("/a/", "/b/"), ("/c/", "/b/")], ("/b/", "/c/")),
        ([], ("/a/", "/a/")),
    ],
)
def test_a_loop_is_refused(existing, added):
    for old_path, new_path in existing:
        save_redirect(Redirect(old_path=old_path, new_path=new_path))

    with pytest.raises(ValidationError) as refused:
        save_redirect(Redirect(old_path=added[0], new_path=added[1]))

    assert "new_path" in refused.value.message_dict
    assert redirects() == dict(existing)


def test_a_rubric_that_moves_redirects(client, rubric, make_article):
    old_url = rubric.get_absolute_url()

    move(rubric, "obshchestvo-i-vlast")

    assert client.get(old_url).headers["Location"] == "/news/rubric/obshchestvo-i-vlast/"


def test_saving_other_fields_reads_no_address(make_article):
    article = Article.objects.get(pk=make_article().pk)

    with CaptureQueriesContext(connection) as queries:
        article.save(update_fields=["featured"])

    reads = [query["sql"] for query in queries if query["sql"].startswith("SELECT")]
    assert not [sql for sql in reads if "first_published_at" in sql]


def test_an_agreement_published_once_redirects(client, make_agreement):
    agreement = make_agreement("Соглашение о побратимстве")
    assert agreement.first_published_at is not None
    old_url = agreement.get_absolute_url()

    move(agreement, "pobratimstvo")

    assert client.get(old_url).headers["Location"] == "/partnerships/pobratimstvo/"


def test_an_agreement_never_published_moves_freely(make_agreement):
    agreement = make_agreement("Проект соглашения", is_published=False)

    move(agreement, "proekt")

    assert redirects() == {}


def test_publishing_through_the_register_remembers_it(make_agreement):
    from partnerships.services import set_agreements_published

    agreement = make_agreement("Будущее соглашение", is_published=False)
    set_agreements_published([agreement], True)
    agreement.refresh_from_db()

    assert agreement.first_published_at is not None


def test_an_event_published_once_redirects(client, make_event):
    event = make_event("Визит делегации")
    old_url = event.get_absolute_url()

    move(event, "vizit-delegatsii-iz-toreza")

    assert client.get(old_url).headers["Location"] == event.get_absolute_url()


def test_a_partner_shown_on_the_site_redirects_and_one_never_shown_does_not(
    make_agreement, make_partner
):
    shown = make_partner("Шахтёрск")
    make_agreement(partners=[shown])
    hidden = make_partner("Снежное")
    old_url = shown.get_absolute_url()

    move(shown, "shakhtiorsk")
    move(hidden, "snezhnoe-2")

    assert redirects() == {old_url: "/partnerships/partners/shakhtiorsk/"}


def test_a_new_rubric_at_an_old_address_frees_it(rubric):
    move(rubric, "obshchestvo-2")

    Rubric.objects.create(name="Общество заново", slug="obshchestvo")

    assert redirects() == {}
