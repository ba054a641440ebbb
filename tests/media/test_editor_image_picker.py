"""The image picker under the rich-text editors: the library's images found by their words
(media.editor_search), offered under every CKEditor of the admin."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from media.models import Image, Tag
from portal import roles
from tests.support import make_image_bytes, page

SEARCH = reverse("admin:media_image_editor_search")


def library_image(title, colour, days_ago=0, **fields):
    image = Image.objects.create(
        file=SimpleUploadedFile(f"{title}.jpg", make_image_bytes(color=colour)),
        title=title,
        **fields,
    )
    uploaded = timezone.now() - datetime.timedelta(days=days_ago)
    Image.objects.filter(pk=image.pk).update(uploaded_at=uploaded)
    return image


@pytest.fixture
def library(db):
    square = library_image("Площадь Тореза", (200, 40, 40), days_ago=2, alt="Площадь у шахты")
    concert = library_image("Концерт", (40, 200, 40), days_ago=1, caption="Фестиваль побратимов")
    concert.tags.add(Tag.objects.create(name="культура"))
    return square, concert


def results(response):
    assert response.status_code == 200
    assert (
        response["Cache-Control"].startswith("private") or "no-store" in response["Cache-Control"]
    )
    return response.json()


def test_words_find_images_by_title_description_caption_or_tag(editor_client, library):
    square, _ = library

    found = results(editor_client.get(SEARCH, {"q": "тореза"}))
    assert [image["title"] for image in found["results"]] == ["Площадь Тореза"]
    [first] = found["results"]
    assert first["alt"] == "Площадь у шахты"
    assert first["url"] == square.url
    assert (first["width"], first["height"]) == (square.width, square.height)
    assert first["thumbnail"]

    assert [i["title"] for i in results(editor_client.get(SEARCH, {"q": "шахты"}))["results"]] == [
        "Площадь Тореза"
    ]
    for words in ["фестиваль", "культура", "концерт фестиваль"]:
        found = results(editor_client.get(SEARCH, {"q": words}))["results"]
        assert [image["title"] for image in found] == ["Концерт"], words


def test_no_words_give_the_newest_and_nothing_found_says_so(editor_client, library):
    newest = results(editor_client.get(SEARCH))["results"]
    assert [image["title"] for image in newest] == ["Концерт", "Площадь Тореза"]

    nothing = results(editor_client.get(SEARCH, {"q": "трамвай"}))
    assert nothing == {
        "results": [],
        "message": "В библиотеке нет изображений с такими словами.",
    }


def test_a_query_too_long_is_refused_in_russian(editor_client, library):
    response = editor_client.get(SEARCH, {"q": "а" * 101})
    assert response.status_code == 400
    assert response.json()["message"] == "Слишком длинный запрос: не больше 100 знаков."


def test_only_those_who_may_see_the_library_search_it(client, make_staff, library):
    client.force_login(make_staff("dezhurny", roles.DUTY_OFFICER))
    assert client.get(SEARCH, {"q": "тореза"}).status_code == 403
    client.force_login(make_staff("avtor", roles.AUTHOR))
    assert client.get(SEARCH, {"q": "тореза"}).status_code == 200
    client.logout()
    assert client.get(SEARCH, {"q": "тореза"}).status_code == 302  # to the login page


def test_every_rich_text_editor_of_the_admin_has_the_picker(editor_client):
    form = page(editor_client.get(reverse("admin:news_article_add")))

    [picker] = form.xpath("//div[contains(@class, 'image-picker')]")
    assert picker.get("data-image-picker-for") == "id_body"
    assert picker.get("data-search-url") == SEARCH
    assert picker.get("data-label") == "Вставить в текст изображение из библиотеки"
    scripts = [script.get("src", "") for script in form.xpath("//script")]
    assert any(src.endswith("portal/image_picker.js") for src in scripts)
