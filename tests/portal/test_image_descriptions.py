"""Every image the public sees has alt text, because the admin will not save one without it:
the lead image, gallery photos, and images placed in the text with CKEditor."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from news.models import Article
from portal.sanitize import undescribed_images
from tests.support import form_data, page

pytestmark = pytest.mark.django_db


def article_form(editor_client, rubric, **fields):
    url = reverse("admin:news_article_add")
    data = form_data(page(editor_client.get(url)), "article_form")
    data.update(title="Новость с фото", lead="Коротко.", rubric=str(rubric.pk), **fields)
    return url, data


@pytest.mark.parametrize(
    ("html", "undescribed"),
    [
        ('<figure class="image"><img src="/media/editor/a.jpg" alt="Площадь"></figure>', []),
        ('<p><img src="/media/editor/a.jpg"></p>', ["/media/editor/a.jpg"]),
        ('<img src="/media/editor/a.jpg" alt="">', ["/media/editor/a.jpg"]),
        ('<img src="/media/editor/a.jpg" alt="   ">', ["/media/editor/a.jpg"]),
        ("<p>Без картинок</p>", []),
    ],
)
def test_undescribed_images_are_found(html, undescribed):
    assert undescribed_images(html) == undescribed


def test_the_admin_refuses_an_image_in_the_text_without_a_description(editor_client, rubric):
    url, data = article_form(
        editor_client,
        rubric,
        body='<p>Текст</p><figure class="image"><img src="/media/editor/ploshchad.jpg"></figure>',
    )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert not Article.objects.exists()
    errors = page(response).xpath("//*[contains(@class, 'field-body')]//ul[@class='errorlist']")
    assert errors and "ploshchad.jpg" in errors[0].text_content()


def test_the_admin_saves_an_image_in_the_text_with_its_description(editor_client, rubric):
    url, data = article_form(
        editor_client,
        rubric,
        body='<figure class="image"><img src="/media/editor/ploshchad.jpg" alt="Площадь"></figure>',
    )

    assert editor_client.post(url, data).status_code == 302
    assert 'alt="Площадь"' in Article.objects.get().body


def test_the_admin_refuses_a_lead_image_without_a_description(editor_client, rubric, image_upload):
    url, data = article_form(editor_client, rubric, body="<p>Текст</p>")
    data["lead_image_upload"] = image_upload()
    data["lead_image_alt"] = ""

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert page(response).xpath(
        "//*[contains(@class, 'field-lead_image_alt')]//ul[@class='errorlist']"
    )


def test_the_admin_refuses_a_gallery_photo_without_a_description(
    editor_client, rubric, library_image
):
    url, data = article_form(editor_client, rubric, body="<p>Текст</p>")
    data["photos-0-image"] = library_image("gallery.jpg").pk
    data["photos-0-alt"] = ""

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert not Article.objects.exists()


def ckeditor_label(english: str) -> str:
    """What CKEditor's own Russian interface calls ``english``."""
    bundle = finders.find("django_ckeditor_5/dist/translations/ru.js")
    with open(bundle, encoding="utf-8") as source:
        match = re.search(re.escape(f'"{english}":"') + r'([^"]+)"', source.read())
    return match.group(1)


def test_the_refusal_names_the_button_as_ckeditor_shows_it(editor_client, rubric):
    """Needs locale/pending/russian.po merged into locale/ru."""
    url, data = article_form(
        editor_client, rubric, body='<p><img src="/media/editor/ploshchad.jpg"></p>'
    )

    errors = page(editor_client.post(url, data)).xpath(
        "string(//*[contains(@class, 'field-body')]//ul[@class='errorlist'])"
    )

    assert f"«{ckeditor_label('Change image text alternative')}»" in errors
