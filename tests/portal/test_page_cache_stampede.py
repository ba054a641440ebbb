"""After a publish or an edit, one request per page renders it anew while the others get the
previous page for a few seconds; after an unpublish, a delete or a hiding edit nobody does.

Run with the configured cache: local memory on the embedded default, real Redis when
``REDIS_URL`` is set (the lock is then Redis's SET NX PX)."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as configured
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from news.services import publish_article, save_article, unpublish_article
from portal.cache import PublicPageCacheMiddleware, invalidate_content, rendering_lock_key
from tests.portal.test_page_cache import redis_commands_during
from tests.support import form_data, page


def lock_key(path):
    return rendering_lock_key(PublicPageCacheMiddleware.cache_key(RequestFactory().get(path)))


def take_render_lock(path):
    """Take the right to render ``path`` anew the way the middleware takes it."""
    return PublicPageCacheMiddleware.take_lock(
        PublicPageCacheMiddleware.cache_key(RequestFactory().get(path))
    )


def hold_lock(path, seconds=60):
    """Be the request that is rendering ``path`` anew (as long as ``seconds``)."""
    assert cache.add(lock_key(path), "another request", timeout=seconds)


def shows(response, title):
    return response.status_code == 200 and title in response.content.decode()


@pytest.fixture
def warm(client):
    def run(*paths):
        # The very first request may create rows (the site's settings) whose commit drops
        # the version it was rendered under; by the third the page is stored.
        for path in paths:
            answers = [client.get(path).headers["X-Cache"] for _ in range(3)]
            assert answers[-1] == "hit", (path, answers)

    return run


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/", "/news/", "/news/rss/"])
def test_while_one_request_renders_after_a_publish_the_others_get_the_previous_page(
    client, make_article, warm, path
):
    make_article("Вчерашняя новость")
    draft = make_article("Срочное сообщение", status=Article.Status.DRAFT)
    warm(path)
    publish_article(draft)
    hold_lock(path)

    during = [client.get(path) for _ in range(3)]

    assert [answer.headers["X-Cache"] for answer in during] == ["stale"] * 3
    assert all(shows(answer, "Вчерашняя новость") for answer in during)
    assert not any(shows(answer, "Срочное сообщение") for answer in during)

    cache.delete(lock_key(path))  # the renderer is done (or its lock expired)
    after = client.get(path)
    assert after.headers["X-Cache"] == "miss"
    assert shows(after, "Срочное сообщение")
    assert client.get(path).headers["X-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)
def test_the_first_request_after_a_publish_renders_the_new_page_and_frees_the_lock(
    client, make_article, warm
):
    draft = make_article("Срочное сообщение", status=Article.Status.DRAFT)
    warm("/news/")
    publish_article(draft)

    first = client.get("/news/")

    assert first.headers["X-Cache"] == "miss"
    assert shows(first, "Срочное сообщение")
    assert cache.get(lock_key("/news/")) is None


@pytest.mark.django_db(transaction=True)
def test_a_lock_expires_by_itself(client, make_article, warm, settings):
    settings.PAGE_CACHE_STALE_SECONDS = 1
    draft = make_article("Срочное сообщение", status=Article.Status.DRAFT)
    warm("/news/")
    publish_article(draft)
    # A renderer that died holding the lock: taken the way the middleware takes it.
    assert take_render_lock("/news/")
    assert client.get("/news/").headers["X-Cache"] == "stale"

    with time_machine.travel(timezone.now() + timedelta(seconds=1.5)):
        if configured.REDIS_URL:  # Redis expires the key in real time
            threading.Event().wait(1.2)
        after = client.get("/news/")

    assert after.headers["X-Cache"] == "miss"
    assert shows(after, "Срочное сообщение")


@pytest.mark.django_db(transaction=True)
def test_a_stale_page_is_never_older_than_the_limit(client, make_article, warm, settings):
    settings.PAGE_CACHE_STALE_SECONDS = 5
    draft = make_article("Срочное сообщение", status=Article.Status.DRAFT)
    warm("/news/")
    published_at = timezone.now()
    with time_machine.travel(published_at, tick=False):
        publish_article(draft)
    hold_lock("/news/", seconds=600)  # stuck: the lock outlives the limit

    with time_machine.travel(published_at + timedelta(seconds=4.9), tick=False):
        assert client.get("/news/").headers["X-Cache"] == "stale"
    with time_machine.travel(published_at + timedelta(seconds=5), tick=False):
        late = client.get("/news/")

    assert late.headers["X-Cache"] == "miss"
    assert shows(late, "Срочное сообщение")


@pytest.mark.django_db(transaction=True)
def test_several_publishes_in_a_row_never_stretch_how_old_a_stale_page_is(
    client, make_article, warm, settings
):
    settings.PAGE_CACHE_STALE_SECONDS = 5
    drafts = [make_article(f"Сообщение {n}", status=Article.Status.DRAFT) for n in range(3)]
    warm("/news/")
    start = timezone.now()
    hold_lock("/news/", seconds=600)
    for number, draft in enumerate(drafts):  # a publish every 2 s; the page is never renewed
        with time_machine.travel(start + timedelta(seconds=2 * number), tick=False):
            publish_article(draft)

    with time_machine.travel(start + timedelta(seconds=5.5), tick=False):
        answer = client.get("/news/")

    assert answer.headers["X-Cache"] == "miss"  # its page dates from before the first publish
    assert all(shows(answer, f"Сообщение {n}") for n in range(3))


@pytest.mark.django_db(transaction=True)
def test_one_page_at_a_time_is_rendered_anew_the_others_stay_stale_meanwhile(
    client, make_article, warm, settings
):
    """After a publish, while a request renders one stale page anew, a request for another
    stale page is answered from its previous copy too, not rendered beside it: the workers
    go on answering readers (``PAGE_CACHE_RENDERERS = 1``)."""
    settings.PAGE_CACHE_RENDERERS = 1
    draft = make_article("Срочное сообщение", status=Article.Status.DRAFT)
    warm("/", "/news/")
    publish_article(draft)
    # A request is rendering the home page anew: it holds the page's lock and the slot.
    home = take_render_lock("/")
    assert home is not None

    waiting = client.get("/news/")
    assert waiting.headers["X-Cache"] == "stale"
    assert not shows(waiting, "Срочное сообщение")
    assert cache.get(lock_key("/news/")) is None  # it did not keep the page's lock either

    PublicPageCacheMiddleware.release_lock(home)
    rendered = client.get("/news/")
    assert rendered.headers["X-Cache"] == "miss"
    assert shows(rendered, "Срочное сообщение")


@pytest.mark.django_db(transaction=True)
def test_with_no_limit_every_stale_page_is_rendered_by_its_first_request(
    client, make_article, warm, settings
):
    settings.PAGE_CACHE_RENDERERS = 0
    draft = make_article("Срочное сообщение", status=Article.Status.DRAFT)
    warm("/", "/news/")
    publish_article(draft)
    assert take_render_lock("/")

    assert client.get("/news/").headers["X-Cache"] == "miss"


@pytest.mark.django_db(transaction=True)
def test_an_edit_of_a_public_article_is_served_stale_too(client, make_article, warm, editor):
    article = make_article("Старый заголовок")
    warm("/news/")
    article.title = "Новый заголовок"
    save_article(article, by=None)
    hold_lock("/news/")

    assert client.get("/news/").headers["X-Cache"] == "stale"
    cache.delete(lock_key("/news/"))
    assert shows(client.get("/news/"), "Новый заголовок")


@pytest.mark.django_db(transaction=True)
def test_an_unpublished_article_disappears_at_once_even_while_a_lock_is_held(
    client, make_article, warm
):
    kept = make_article("Остающаяся новость")
    removed = make_article("Ошибочная новость")
    draft = make_article("Свежая новость", status=Article.Status.DRAFT)
    url = removed.get_absolute_url()
    warm("/", "/news/", "/news/rss/", url, kept.get_absolute_url())
    publish_article(draft)  # a soft change first: its stale copies must go as well
    for path in ("/", "/news/", "/news/rss/", url):
        hold_lock(path)

    unpublish_article(removed)

    assert client.get(url).status_code == 404
    for path in ("/", "/news/", "/news/rss/"):
        with_lock_held = client.get(path)
        assert with_lock_held.headers["X-Cache"] == "miss", path
        assert not shows(with_lock_held, "Ошибочная новость"), path
        assert shows(with_lock_held, "Остающаяся новость"), path


def edit_to_draft(article):
    article.status = Article.Status.DRAFT
    save_article(article, by=None)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "hide",
    [
        pytest.param(lambda article: unpublish_article(article), id="unpublish"),
        pytest.param(lambda article: article.delete(), id="delete"),
        pytest.param(lambda article: edit_to_draft(article), id="edit-to-draft"),
        pytest.param(
            lambda article: publish_article(article, at=timezone.now() + timedelta(days=1)),
            id="rescheduled-later",
        ),
    ],
)
def test_nothing_that_leaves_the_public_site_is_served_stale(client, make_article, warm, hide):
    article = make_article("Ошибочная новость")
    url = article.get_absolute_url()
    warm("/news/", url)
    hold_lock("/news/")
    hold_lock(url)

    hide(article)

    assert client.get(url).status_code == 404
    listing = client.get("/news/")
    assert listing.headers["X-Cache"] == "miss"
    assert not shows(listing, "Ошибочная новость")


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_article_coming_due_is_never_hidden_behind_a_stale_page(
    client, make_article, warm
):
    due = timezone.now() + timedelta(seconds=3)
    make_article("Запланированная новость", publish_at=due)
    draft = make_article("Срочное сообщение", status=Article.Status.DRAFT)
    warm("/news/")
    publish_article(draft)
    hold_lock("/news/")

    with time_machine.travel(due + timedelta(seconds=0.5)):
        answer = client.get("/news/")

    assert answer.headers["X-Cache"] == "miss"
    assert shows(answer, "Запланированная новость")


@pytest.mark.django_db(transaction=True)
def test_without_the_protection_every_request_renders(client, make_article, warm, settings):
    settings.PAGE_CACHE_STALE_SECONDS = 0
    draft = make_article("Срочное сообщение", status=Article.Status.DRAFT)
    warm("/news/")
    publish_article(draft)
    hold_lock("/news/")

    answer = client.get("/news/")

    assert answer.headers["X-Cache"] == "miss"
    assert shows(answer, "Срочное сообщение")


@pytest.mark.django_db(transaction=True)
def test_saves_outside_an_editorial_change_are_never_served_stale(client, make_article, warm):
    article = make_article("Старый заголовок")
    warm("/news/")
    hold_lock("/news/")
    article.title = "Новый заголовок"
    article.save()  # not through news.services: nobody says it only adds

    answer = client.get("/news/")
    assert answer.headers["X-Cache"] == "miss"
    assert shows(answer, "Новый заголовок")


def logged_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.mark.django_db(transaction=True)
def test_approving_in_the_admin_is_served_stale_while_the_page_renders(
    client, editor, make_article, warm
):
    make_article("Вчерашняя новость")
    article = make_article("Срочное сообщение", status=Article.Status.REVIEW)
    warm("/news/")
    url = reverse("admin:news_article_change", args=[article.pk])
    chief = logged_in(editor)
    data = {**form_data(page(chief.get(url)), "article_form"), "review_action": "approve"}
    hold_lock("/news/")

    assert chief.post(url, data).status_code == 302

    answer = client.get("/news/")
    assert answer.headers["X-Cache"] == "stale"
    assert not shows(answer, "Срочное сообщение")
    cache.delete(lock_key("/news/"))
    assert shows(client.get("/news/"), "Срочное сообщение")


@pytest.mark.django_db(transaction=True)
def test_unpublishing_in_the_admin_hides_at_once_while_a_lock_is_held(
    client, editor, make_article, warm
):
    article = make_article("Ошибочная новость")
    warm("/news/", article.get_absolute_url())
    hold_lock("/news/")
    hold_lock(article.get_absolute_url())

    answer = logged_in(editor).post(
        reverse("admin:news_article_changelist"),
        {"action": "unpublish_selected", "_selected_action": [article.pk], "index": 0},
    )

    assert answer.status_code == 302
    assert client.get(article.get_absolute_url()).status_code == 404
    assert not shows(client.get("/news/"), "Ошибочная новость")


@pytest.mark.django_db(transaction=True)
def test_in_redis_the_lock_is_one_set_nx_px(client, make_article, warm):
    if not configured.REDIS_URL:
        pytest.skip("the configured cache is not Redis (set REDIS_URL)")
    draft = make_article("Срочное сообщение", status=Article.Status.DRAFT)
    warm("/news/")
    publish_article(draft)

    commands = redis_commands_during(lambda: client.get("/news/"))

    locks = [c for c in commands if c[0] == "SET" and c[1].endswith(":rendering")]
    assert len(locks) == 1, [c[:2] for c in commands]
    assert "NX" in locks[0]
    expected_ms = configured.PAGE_CACHE_STALE_SECONDS * 1000
    assert float(locks[0][locks[0].index("PX") + 1]) == expected_ms


def page_answer(text):
    response = HttpResponse(f"<p>{text}</p>", content_type="text/html; charset=utf-8")
    response["ETag"] = f'"{abs(hash(text))}"'
    return response


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_after_a_publish_one_renders_the_other_gets_the_previous_page():
    """Real concurrency: a rendering blocked in another thread holds the lock meanwhile."""
    PublicPageCacheMiddleware(lambda request: page_answer("старая страница"))(
        RequestFactory().get("/news/")
    )
    invalidate_content(hard=False)
    rendering, finish = threading.Event(), threading.Event()

    def slow_rendering(request):
        rendering.set()
        assert finish.wait(10)
        return page_answer("новая страница")

    def never(request):
        raise AssertionError("rendered again while another request renders")

    answers = {}
    renderer = threading.Thread(
        target=lambda: answers.update(
            first=PublicPageCacheMiddleware(slow_rendering)(RequestFactory().get("/news/"))
        )
    )
    renderer.start()
    assert rendering.wait(10)
    meanwhile = PublicPageCacheMiddleware(never)(RequestFactory().get("/news/"))
    finish.set()
    renderer.join(10)
    after = PublicPageCacheMiddleware(never)(RequestFactory().get("/news/"))

    assert (meanwhile.headers["X-Cache"], meanwhile.content) == (
        "stale",
        "<p>старая страница</p>".encode(),
    )
    assert answers["first"].headers["X-Cache"] == "miss"
    assert (after.headers["X-Cache"], after.content) == ("hit", "<p>новая страница</p>".encode())
