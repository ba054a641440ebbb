"""Nothing an editor uploaded is lost when the admin refuses a save: the file is kept (not
public), shown, and used when the corrected form is saved without choosing it again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from media.models import Image as LibraryImage
from news.models import Article
from partnerships.models import Partner
from portal.models import SiteSettings
from tests.support import form_data, make_image_bytes, page


def jpeg(name="foto.jpg"):
    return SimpleUploadedFile(name, make_image_bytes(320, 200), content_type="image/jpeg")


def png(name="gerb.png"):
    return SimpleUploadedFile(
        name, make_image_bytes(120, 120, image_format="PNG"), content_type="image/png"
    )


def article_form(editor_client, rubric, **fields):
    data = form_data(page(editor_client.get(reverse("admin:news_article_add"))), "article_form")
    data.update(title="Новость с фото", lead="Коротко.", body="<p>Текст.</p>", rubric=rubric.pk)
    data.update(fields)
    return data


def test_the_lead_image_survives_a_forgotten_alt_text(editor_client, rubric):
    url = reverse("admin:news_article_add")

    refused = editor_client.post(
        url, article_form(editor_client, rubric, lead_image_upload=jpeg())
    )

    assert refused.status_code == 200
    assert not Article.objects.exists()
    tree = page(refused)
    # The upload went into the media library and is chosen, with its thumbnail.
    image = LibraryImage.objects.get()
    assert tree.xpath("//input[@name='lead_image']/@value") == [str(image.pk)]
    thumbnail = tree.xpath("//div[@class='image-chooser']/img/@src")[0]
    assert editor_client.get(thumbnail).status_code == 200 or thumbnail == image.url

    corrected = form_data(tree, "article_form")
    corrected["lead_image_alt"] = "Новое фото"
    saved = editor_client.post(url, corrected)

    assert saved.status_code == 302
    article = Article.objects.get()
    assert article.lead_image and article.lead_image.width == 320
    assert article.lead_image_alt == "Новое фото"


def test_a_coat_of_arms_survives_a_form_error(editor_client):
    url = reverse("admin:partnerships_partner_add")
    data = form_data(page(editor_client.get(url)), "partner_form")
    data.update(name="", kind=data.get("kind") or "city", coat_of_arms_upload=png())

    refused = editor_client.post(url, data)

    assert refused.status_code == 200
    corrected = form_data(page(refused), "partner_form")
    corrected["name"] = "Торез"
    assert editor_client.post(url, corrected).status_code == 302
    assert Partner.objects.get().coat_of_arms


def test_the_site_logo_survives_a_form_error(editor_client):
    url = reverse("admin:portal_sitesettings_change")
    data = form_data(page(editor_client.get(url)), "sitesettings_form")
    data.update(city_name="Алчевск", email="not an address", logo=png("logo.png"))

    refused = editor_client.post(url, data)

    assert refused.status_code == 200
    corrected = form_data(page(refused), "sitesettings_form")
    corrected["email"] = "press@example.org"
    assert editor_client.post(url, corrected).status_code == 302
    assert SiteSettings.get_solo().logo


def test_a_kept_file_is_not_public(editor_client):
    url = reverse("admin:portal_sitesettings_change")
    data = form_data(page(editor_client.get(url)), "sitesettings_form")
    data.update(city_name="Алчевск", email="not an address", logo=png("logo.png"))
    refused = editor_client.post(url, data)
    preview = page(refused).xpath("//*[contains(@class, 'kept-upload')]//img/@src")[0]

    assert Client().get(preview).status_code in (302, 403, 404)


@pytest.mark.parametrize("token", ["forged", "a" * 300, "%00", ""])
def test_a_forged_token_is_ignored(editor_client, rubric, token):
    data = article_form(editor_client, rubric, lead_image_alt="Фото")
    data["lead_image_upload-kept"] = token

    response = editor_client.post(reverse("admin:news_article_add"), data)

    assert response.status_code == 302
    assert not Article.objects.get().lead_image
    assert (
        editor_client.get(
            reverse("portal:kept-upload", kwargs={"token": token or "x"})
        ).status_code
        == 404
    )
