"""The media library in the admin: uploads, the same file twice, search, where an image is
used, and refusing to delete what is used."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media.models import Image
from news.models import Article, GalleryPhoto
from partnerships.models import EventPhoto, Partner
from tests.support import make_image_bytes, page

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:media_image_changelist")


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def add_image(client, name="Площадь.jpg", content=None, **fields):
    content = content or make_image_bytes(120, 80)
    data = {"file": upload(name, content), "title": "", "alt": "", "tags": [], **fields}
    return client.post(reverse("admin:media_image_add"), data)


def errors(response):
    return [item.text_content() for item in page(response).xpath("//ul[@class='errorlist']/li")]


def test_an_upload_joins_the_library_with_who_and_when(editor_client, editor):
    response = add_image(editor_client, alt="Площадь Ленина", credit="Фото: пресс-служба")

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (120, 80)
    assert image.title == "Площадь"  # the file's name when none is given
    assert image.file.name.endswith(".jpg") and "ploshchad" in image.file.name
    assert image.alt == "Площадь Ленина"
    assert image.uploaded_by == editor
    assert image.uploaded_at is not None
    assert len(image.sha256) == 64
    assert image.file.name.startswith("media/")


def test_the_same_file_uploaded_again_is_recognised_and_the_image_offered(editor_client):
    content = make_image_bytes(120, 80, color=(10, 120, 200))
    add_image(editor_client, "first.jpg", content, title="Первая")

    response = add_image(editor_client, "copy-of-first.jpg", content)

    assert response.status_code == 200
    [message] = errors(response)
    assert "уже есть в библиотеке" in message
    first = Image.objects.get()
    links = page(response).xpath("//ul[@class='errorlist']/li/a/@href")
    assert links == [reverse("admin:media_image_change", args=[first.pk])]
    assert Image.objects.count() == 1


def test_another_file_is_not_taken_for_a_copy(editor_client):
    add_image(editor_client, "red.jpg", make_image_bytes(120, 80, color=(200, 0, 0)))
    response = add_image(editor_client, "blue.jpg", make_image_bytes(120, 80, color=(0, 0, 200)))

    assert response.status_code == 302
    assert Image.objects.count() == 2


def test_the_list_searches_filters_and_shows_thumbnails(
    editor_client, library_image, django_assert_max_num_queries
):
    library_image("square.jpg", title="Площадь Ленина", licence=Image.Licence.OWN)
    library_image("arms.png", title="Герб Тореза", licence=Image.Licence.OFFICIAL)
    for number in range(20):
        library_image(f"other-{number}.jpg", title=f"Снимок {number}")

    with django_assert_max_num_queries(13):  # as many for 22 images as for 2
        response = editor_client.get(CHANGELIST)
    assert (
        len(page(response).xpath("//table[@id='result_list']//*[@class='field-thumbnail']//img"))
        == 22
    )

    found = page(editor_client.get(CHANGELIST, {"q": "площадь"}))
    assert [link.text_content() for link in found.xpath("//*[@class='field-title']/a")] == [
        "Площадь Ленина"
    ]
    official = page(editor_client.get(CHANGELIST, {"licence__exact": "official"}))
    assert [link.text_content() for link in official.xpath("//*[@class='field-title']/a")] == [
        "Герб Тореза"
    ]


@pytest.fixture
def used_everywhere(library_image, make_article, make_event):
    """One image as an article's lead image, in a gallery, an event's photos, a coat of arms
    and inside another article's text."""
    image = library_image("used.jpg", alt="Делегация у здания администрации")
    lead = make_article("Новость с главным снимком", lead_image=image, lead_image_alt="Делегация")
    gallery = make_article("Новость с галереей")
    GalleryPhoto.objects.create(article=gallery, image=image, alt="Делегация")
    event = make_event("Визит делегации Тореза")
    EventPhoto.objects.create(event=event, image=image, alt="Делегация")
    partner = Partner.objects.create(name="Торез", coat_of_arms=image)
    text = make_article(
        "Новость со снимком в тексте",
        body=f'<p>Текст.</p><figure class="image"><img src="{image.url}" alt="Делегация"></figure>',
    )
    return image, {
        "lead": lead,
        "gallery": gallery,
        "event": event,
        "partner": partner,
        "text": text,
    }


def test_an_image_page_shows_where_it_is_used(editor_client, used_everywhere):
    image, uses = used_everywhere

    tree = page(editor_client.get(reverse("admin:media_image_change", args=[image.pk])))

    links = {
        link.text_content(): link.get("href")
        for link in tree.xpath("//ul[@class='image-usage']//a")
    }
    assert links == {
        "Новость с главным снимком": reverse("admin:news_article_change", args=[uses["lead"].pk]),
        "Новость с галереей": reverse("admin:news_article_change", args=[uses["gallery"].pk]),
        "Визит делегации Тореза": reverse(
            "admin:partnerships_event_change", args=[uses["event"].pk]
        ),
        "Торез": reverse("admin:partnerships_partner_change", args=[uses["partner"].pk]),
        "Новость со снимком в тексте": reverse(
            "admin:news_article_change", args=[uses["text"].pk]
        ),
    }


def test_an_unused_image_says_so(editor_client, library_image):
    image = library_image()
    tree = page(editor_client.get(reverse("admin:media_image_change", args=[image.pk])))
    assert "Пока нигде не используется" in tree.text_content()


def test_deleting_a_used_image_is_refused_with_the_list(editor_client, used_everywhere):
    image, _uses = used_everywhere
    url = reverse("admin:media_image_delete", args=[image.pk])

    confirmation = page(editor_client.get(url))
    listed = confirmation.xpath("//ul//li//a/text()")
    assert {"Новость с главным снимком", "Торез", "Новость со снимком в тексте"} <= set(listed)
    assert "защищ" in confirmation.text_content()  # Django's «protected related objects»
    assert not confirmation.xpath("//form//input[@type='submit']")

    response = editor_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert Image.objects.filter(pk=image.pk).exists()


def test_the_bulk_delete_refuses_used_images_too(editor_client, used_everywhere, library_image):
    image, _uses = used_everywhere
    unused = library_image("unused.jpg")

    response = editor_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [image.pk, unused.pk], "post": "yes"},
    )

    assert response.status_code == 200
    assert "Торез" in page(response).text_content()
    assert set(Image.objects.values_list("pk", flat=True)) == {image.pk, unused.pk}


def test_an_image_only_in_rich_text_is_protected(editor_client, library_image, make_article):
    image = library_image("in-text.jpg")
    make_article("Текст со снимком", body=f'<p><img src="{image.url}" alt="Снимок"></p>')

    editor_client.post(reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"})

    assert Image.objects.filter(pk=image.pk).exists()


def test_an_unused_image_is_deleted(editor_client, library_image):
    image = library_image()

    response = editor_client.post(
        reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Image.objects.exists()


def test_an_article_takes_the_librarys_alt_text_by_default(library_image, make_article):
    image = library_image(alt="Глава города на форуме")
    article = Article(lead_image=image, lead_image_alt="")

    article.clean()

    assert article.lead_image_alt == "Глава города на форуме"


def test_an_image_put_into_rich_text_joins_the_library(editor_client, editor):
    content = make_image_bytes(200, 100)

    first = editor_client.post(
        reverse("portal:editor-image-upload"), {"upload": upload("Сцена.jpg", content)}
    )
    again = editor_client.post(
        reverse("portal:editor-image-upload"), {"upload": upload("scene-again.jpg", content)}
    )

    assert first.status_code == again.status_code == 200
    image = Image.objects.get()
    assert first.json() == again.json() == {"url": image.url}
    assert image.uploaded_by == editor
