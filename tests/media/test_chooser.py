"""Choosing library images in the article, event and partner forms, or uploading one there."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media.models import Image
from news.models import Article
from partnerships.models import Partner
from tests.support import form_data, make_image_bytes, page

pytestmark = pytest.mark.django_db

ADD_ARTICLE = reverse("admin:news_article_add")


def article_data(client, rubric, **fields):
    data = form_data(page(client.get(ADD_ARTICLE)), "article_form")
    data.update(
        title="Новость с фотографией",
        lead="Описание новости.",
        body="<p>Текст новости.</p>",
        rubric=rubric.pk,
    )
    data.update(fields)
    return data


def test_the_article_form_chooses_from_the_library_popup(editor_client, rubric, library_image):
    image = library_image("square.jpg", alt="Площадь Ленина")

    tree = page(editor_client.get(ADD_ARTICLE))
    [lookup] = tree.xpath("//a[@id='lookup_id_lead_image']")
    assert lookup.get("href").startswith(reverse("admin:media_image_changelist"))
    popup = page(editor_client.get(lookup.get("href") + "&_popup=1"))
    assert popup.xpath("//*[@class='field-thumbnail']//img")

    response = editor_client.post(
        ADD_ARTICLE, article_data(editor_client, rubric, lead_image=image.pk, lead_image_alt="")
    )

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.lead_image == image
    assert article.lead_image_alt == "Площадь Ленина"  # the library's, as none was typed
    change = page(editor_client.get(reverse("admin:news_article_change", args=[article.pk])))
    assert change.xpath("//div[@class='image-chooser']/img[@class='image-chooser__thumbnail']")


def test_an_image_uploaded_in_the_article_form_joins_the_library(editor_client, rubric, editor):
    upload = SimpleUploadedFile("forum.jpg", make_image_bytes(300, 200), "image/jpeg")

    response = editor_client.post(
        ADD_ARTICLE,
        article_data(
            editor_client, rubric, lead_image_upload=upload, lead_image_alt="Форум в Донецке"
        ),
    )

    assert response.status_code == 302
    image = Image.objects.get()
    assert Article.objects.get().lead_image == image
    assert image.uploaded_by == editor
    assert (image.width, image.height) == (300, 200)


def test_a_file_already_in_the_library_is_not_stored_twice(editor_client, rubric):
    content = make_image_bytes(300, 200, color=(20, 160, 90))
    for title in ("Первая новость", "Вторая новость"):
        response = editor_client.post(
            ADD_ARTICLE,
            article_data(
                editor_client,
                rubric,
                title=title,
                lead_image_upload=SimpleUploadedFile("forum.jpg", content, "image/jpeg"),
                lead_image_alt="Форум",
            ),
            follow=True,
        )
        assert response.status_code == 200

    assert Image.objects.count() == 1
    assert {article.lead_image_id for article in Article.objects.all()} == {Image.objects.get().pk}
    assert "уже есть в библиотеке" in page(response).text_content()


def test_an_upload_is_kept_in_the_library_when_the_form_has_other_errors(editor_client, rubric):
    upload = SimpleUploadedFile("forum.jpg", make_image_bytes(300, 200), "image/jpeg")

    response = editor_client.post(
        ADD_ARTICLE,
        article_data(
            editor_client, rubric, title="", lead_image_upload=upload, lead_image_alt="Ф"
        ),
    )

    assert response.status_code == 200
    image = Image.objects.get()
    [chosen] = page(response).xpath("//input[@name='lead_image']/@value")
    assert chosen == str(image.pk)


def test_the_partner_form_chooses_or_uploads_a_coat_of_arms(editor_client):
    url = reverse("admin:partnerships_partner_add")
    data = form_data(page(editor_client.get(url)), "partner_form")
    data.update(name="Торез", kind="city")
    data["coat_of_arms_upload"] = SimpleUploadedFile(
        "torez.png", make_image_bytes(120, 140, image_format="PNG"), "image/png"
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert Partner.objects.get().coat_of_arms == Image.objects.get()


def test_the_gallery_rows_choose_library_images(editor_client, make_article, library_image):
    article = make_article()
    image = library_image(alt="Зал форума")
    url = reverse("admin:news_article_change", args=[article.pk])

    tree = page(editor_client.get(url))

    assert tree.xpath("//a[starts-with(@id, 'lookup_id_photos-') and contains(@id, '-image')]")
    data = form_data(tree, "article_form")
    data.update({"photos-0-image": image.pk, "photos-0-alt": "", "photos-0-order": 1})
    response = editor_client.post(url, data)
    assert response.status_code == 302
    [photo] = article.photos.all()
    assert photo.image == image
    assert photo.alt == "Зал форума"
