"""The alert banner as residents see it: on every page at once, cached pages included, gone
by itself when its time ends, mourning greys the site, readers may hide all but emergencies."""

import pytest
import time_machine
from django.utils import timezone

from alerts.models import Banner
from tests.alerts.conftest import in_hours
from tests.support import page

PAGES = ["/", "/news/", "/partnerships/", "/partnerships/partners/", "/events/", "/feeds/"]


def banner_texts(response) -> list[str]:
    tree = page(response)
    return [
        " ".join(node.text_content().split())
        for node in tree.xpath("//*[@class='site-alerts']//p[@class='alert-banner__text']")
    ]


def html_classes(response) -> list[str]:
    return (page(response).xpath("/html/@class") or [""])[0].split()


@pytest.fixture
def article(make_article):
    return make_article("Новость о водоснабжении")


@pytest.mark.django_db
def test_a_published_banner_is_on_every_page(client, make_banner, article):
    make_banner("Плановое отключение воды до 18:00")

    for path in [*PAGES, article.get_absolute_url(), "/no-such-page/"]:
        response = client.get(path)
        text = response.content.decode()
        assert "Плановое отключение воды до 18:00" in text, path
        # Above the header, in one labelled region.
        assert text.index("site-alerts") < text.index("site-header"), path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"is_published": False},
        {"starts_at": "future"},
        {"ends_at": "past"},
    ],
    ids=["unpublished", "not yet", "ended"],
)
def test_a_banner_out_of_its_time_or_unpublished_is_nowhere(client, make_banner, fields):
    times = {"future": in_hours(2), "past": in_hours(-1)}
    if "ends_at" in fields:
        fields = {"starts_at": in_hours(-3), "ends_at": times[fields["ends_at"]]}
    elif "starts_at" in fields:
        fields = {"starts_at": times[fields["starts_at"]]}
    make_banner("Объявление не ко времени", **fields)

    for path in PAGES:
        assert "Объявление не ко времени" not in client.get(path).content.decode(), path


@pytest.mark.django_db
def test_a_banner_of_chosen_sections_is_only_there(client, make_banner, article):
    make_banner("Только в новостях и на главной", sections=["news", "home"])

    seen = {
        path: "Только в новостях и на главной" in client.get(path).content.decode()
        for path in ["/", "/news/", article.get_absolute_url(), "/events/", "/partnerships/"]
    }

    assert seen == {
        "/": True,
        "/news/": True,
        article.get_absolute_url(): True,
        "/events/": False,
        "/partnerships/": False,
    }


@pytest.mark.django_db
def test_the_text_and_link_are_shown_as_typed_never_as_markup(client, make_banner):
    make_banner(
        '<script>alert(1)</script> Вода <b>будет</b> "скоро"',
        link_url="https://alchevsk.example/voda?a=1&b=2",
        link_text="<i>Подробнее</i>",
    )

    response = client.get("/")
    tree = page(response)

    assert not tree.xpath("//*[@class='site-alerts']//script | //*[@class='site-alerts']//b")
    assert banner_texts(response) == [
        'Информация: <script>alert(1)</script> Вода <b>будет</b> "скоро" <i>Подробнее</i>'
    ]
    link = tree.xpath("//a[@class='alert-banner__link']")[0]
    assert link.get("href") == "https://alchevsk.example/voda?a=1&b=2"


@pytest.mark.django_db
def test_the_most_urgent_banner_comes_first(client, make_banner):
    make_banner("Сведения", severity=Banner.Severity.INFO)
    make_banner("Тревога", severity=Banner.Severity.EMERGENCY)
    make_banner("Осторожно", severity=Banner.Severity.WARNING)

    texts = banner_texts(client.get("/"))

    assert [text.split(": ", 1)[1] for text in texts] == ["Тревога", "Осторожно", "Сведения"]


@pytest.mark.django_db
def test_mourning_greys_the_page_and_other_banners_do_not(client, make_banner):
    assert "mourning" not in html_classes(client.get("/"))
    warning = make_banner("Осторожно", severity=Banner.Severity.WARNING)
    assert "mourning" not in html_classes(client.get("/"))

    warning.delete()
    make_banner("Объявлен траур", severity=Banner.Severity.MOURNING)

    assert "mourning" in html_classes(client.get("/"))
    assert "mourning" in html_classes(client.get("/events/"))


@pytest.mark.django_db
def test_the_vision_mode_shows_the_banner_too(client, make_banner):
    make_banner("Объявлен траур", severity=Banner.Severity.MOURNING)
    client.get("/vision/?size=3&scheme=wb&next=/")

    response = client.get("/")

    assert html_classes(response)[:4] == ["vision", "vision-size-3", "vision-wb", "mourning"]
    assert banner_texts(response) == ["Траур: Объявлен траур"]


@pytest.mark.django_db
def test_an_emergency_has_no_hide_button_the_others_have(client, make_banner):
    make_banner("Воздушная тревога", severity=Banner.Severity.EMERGENCY)
    make_banner("Отключение воды", severity=Banner.Severity.WARNING)

    tree = page(client.get("/"))

    emergency, warning = tree.xpath("//*[@class='site-alerts']/div")
    assert "alert-banner--emergency" in emergency.get("class")
    assert not emergency.xpath(".//form")
    (form,) = warning.xpath(".//form")
    assert form.get("method") == "post"
    assert form.xpath(".//button")[0].text_content().strip() == "Скрыть это объявление"


# The page cache: at once, and by itself at the banner's times.


@pytest.mark.django_db
def test_a_cached_page_shows_a_new_banner_right_after_it_is_saved(client, make_banner):
    client.get("/")
    assert client.get("/").headers["X-Cache"] == "hit"

    banner = make_banner("Срочное объявление")

    assert "Срочное объявление" in client.get("/").content.decode()
    assert client.get("/").headers["X-Cache"] == "hit"
    banner.text = "Исправленное объявление"
    banner.save()
    assert "Исправленное объявление" in client.get("/").content.decode()
    banner.delete()
    assert "Исправленное объявление" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_banner_disappears_from_cached_pages_when_its_time_ends(
    client, make_banner, near_midnight
):
    until = near_midnight + timezone.timedelta(hours=3)
    make_banner("До трёх часов", ends_at=until)

    with time_machine.travel(until - timezone.timedelta(minutes=1), tick=False):
        assert "До трёх часов" in client.get("/").content.decode()
        cached = client.get("/")
        assert cached.headers["X-Cache"] == "hit"
        assert "До трёх часов" in cached.content.decode()

    with time_machine.travel(until, tick=False):
        assert "До трёх часов" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_banner_appears_on_cached_pages_when_its_time_comes(client, make_banner, near_midnight):
    start = near_midnight + timezone.timedelta(hours=1)
    make_banner("С часу дня", starts_at=start)
    client.get("/")
    assert client.get("/").headers["X-Cache"] == "hit"

    with time_machine.travel(start, tick=False):
        assert "С часу дня" in client.get("/").content.decode()


# Hiding a banner.


def hide(client, banner, next_url="/news/", **headers):
    return client.post(f"/alerts/hide/{banner.pk}/", {"next": next_url}, headers=headers)


@pytest.mark.django_db
def test_a_reader_hides_a_banner_and_goes_back_to_the_page(client, make_banner):
    banner = make_banner("Отключение воды", severity=Banner.Severity.WARNING)
    assert "Отключение воды" in client.get("/news/").content.decode()

    response = hide(client, banner, "/news/?page=2", **{"Sec-Fetch-Site": "same-origin"})

    assert response.status_code == 303
    assert response["Location"] == "/news/?page=2"
    assert "Отключение воды" not in client.get("/news/").content.decode()
    assert "Отключение воды" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_hidden_banner_stays_on_the_cached_pages_of_everyone_else(client, make_banner):
    from django.test import Client

    banner = make_banner("Отключение воды")
    other = Client()
    other.get("/")
    assert other.get("/").headers["X-Cache"] == "hit"

    hide(client, banner)
    hidden = client.get("/")
    assert "Отключение воды" not in hidden.content.decode()
    assert client.get("/").headers["X-Cache"] == "hit"  # the hider's variant is cached too

    again = other.get("/")
    assert again.headers["X-Cache"] == "hit"
    assert "Отключение воды" in again.content.decode()


@pytest.mark.django_db
def test_a_banner_changed_after_it_was_hidden_shows_again(client, make_banner, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    banner = make_banner("Отключение воды до 18:00")
    hide(client, banner)
    assert "Отключение воды" not in client.get("/").content.decode()

    time_machine.shift(60)
    banner.text = "Отключение воды продлено до 21:00"
    banner.save()

    assert "продлено до 21:00" in client.get("/").content.decode()


@pytest.mark.django_db
def test_hiding_one_banner_leaves_the_others(client, make_banner):
    first = make_banner("Первое объявление")
    make_banner("Второе объявление")

    hide(client, first)

    text = client.get("/").content.decode()
    assert "Первое объявление" not in text
    assert "Второе объявление" in text


@pytest.mark.django_db
def test_an_emergency_cannot_be_hidden(client, make_banner):
    banner = make_banner("Воздушная тревога", severity=Banner.Severity.EMERGENCY)

    response = hide(client, banner)

    assert response.status_code == 303
    assert "hidden_banners" not in response.cookies
    client.cookies["hidden_banners"] = banner.hide_token  # even a cookie made by hand
    assert "Воздушная тревога" in client.get("/").content.decode()


@pytest.mark.django_db
def test_mourning_stays_grey_when_its_banner_is_hidden(client, make_banner):
    banner = make_banner("Объявлен траур", severity=Banner.Severity.MOURNING)

    hide(client, banner)
    response = client.get("/")

    assert banner_texts(response) == []
    assert "mourning" in html_classes(response)


@pytest.mark.django_db
def test_a_reader_who_hid_a_banner_gets_cached_pages_for_one_query(
    client, make_banner, django_assert_max_num_queries
):
    hide(client, make_banner("Отключение воды"))
    client.get("/")

    with django_assert_max_num_queries(1):  # which of the banners they hid are still shown
        response = client.get("/")

    assert response.headers["X-Cache"] == "hit"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cookie",
    ["made-up", "1-2.3-4.5-6", "9" * 4000, "../..", "1-1." * 500],
    ids=["word", "tokens", "long", "path", "many"],
)
def test_a_made_up_cookie_gets_the_shared_cached_page(client, make_banner, cookie):
    make_banner("Отключение воды")
    client.get("/")

    client.cookies["hidden_banners"] = cookie
    response = client.get("/")

    assert response.headers["X-Cache"] == "hit"
    assert "Отключение воды" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "",
        "news/",
        "/%0d%0aSet-Cookie:x=1",
        "/\r\nSet-Cookie: x=1",
        "/news/\x00",
        "http:///evil.example",
    ],
)
def test_a_bad_next_never_leaves_the_site(client, make_banner, next_url):
    banner = make_banner("Отключение воды")

    response = hide(client, banner, next_url)

    assert response.status_code == 303
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "evil" not in location or location.startswith("/%")


@pytest.mark.django_db
@pytest.mark.parametrize("pk", ["999999", "0", "99999999999999999999"])
def test_an_unknown_banner_is_a_harmless_redirect(client, make_banner, pk):
    response = client.post(f"/alerts/hide/{pk}/", {"next": "/news/"})

    assert response.status_code == 303
    assert response["Location"] == "/news/"
    assert "hidden_banners" not in response.cookies


@pytest.mark.django_db
def test_hiding_takes_a_post_and_a_banner_number(client, make_banner):
    banner = make_banner("Отключение воды")

    assert client.get(f"/alerts/hide/{banner.pk}/?next=/").status_code == 405
    assert client.post("/alerts/hide/abc/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
    ],
    ids=["cross-site", "same-site", "origin"],
)
def test_a_form_posted_from_another_site_is_refused(client, make_banner, headers):
    banner = make_banner("Отключение воды")

    response = hide(client, banner, **headers)

    assert response.status_code == 403
    assert "hidden_banners" not in response.cookies


@pytest.mark.django_db
def test_the_form_of_the_site_itself_passes_without_a_csrf_token(make_banner):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    banner = make_banner("Отключение воды")

    response = strict.post(
        f"/alerts/hide/{banner.pk}/",
        {"next": "/"},
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )

    assert response.status_code == 303
    assert "hidden_banners" in response.cookies
    assert response.cookies["hidden_banners"]["httponly"]
