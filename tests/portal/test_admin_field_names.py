"""Every input of the admin's forms is named to assistive technology: the fields of tabular
inlines (their column heading is no label) and the two inputs of a date and time."""

from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media.models import Image
from news.models import GalleryPhoto
from portal.admin import TabularInline
from tests.support import make_image_bytes, page


def test_the_inline_fields_and_the_date_and_time_inputs_carry_their_names(
    editor_client, make_article
):
    article = make_article("Делегация Тореза посетила Алчевск")
    picture = Image.objects.create(
        file=SimpleUploadedFile("torez.jpg", make_image_bytes()), title="Торез"
    )
    GalleryPhoto.objects.create(article=article, image=picture, alt="Площадь", order=1)

    form = page(editor_client.get(reverse("admin:news_article_change", args=[article.pk])))

    assert form.xpath("//input[@id='id_publish_at_0']/@aria-label") == ["Время публикации: дата"]
    assert form.xpath("//input[@id='id_publish_at_1']/@aria-label") == ["Время публикации: время"]
    photo = "//tr[contains(@class, 'form-row') and @id='photos-0']"
    assert form.xpath(f"{photo}//input[@name='photos-0-alt']/@aria-label") == [
        "Описание изображения (alt)"
    ]
    assert form.xpath(f"{photo}//input[@name='photos-0-DELETE']/@aria-label") == ["Удалить"]


def test_every_tabular_inline_of_ours_names_its_fields():
    ours = ("channels", "documents", "media", "news", "pages", "partnerships", "portal", "press")
    inlines = {
        inline for model_admin in admin.site._registry.values() for inline in model_admin.inlines
    }
    tabular = [
        inline
        for inline in inlines
        if issubclass(inline, admin.TabularInline) and inline.__module__.startswith(ours)
    ]
    assert tabular
    assert [inline for inline in tabular if not issubclass(inline, TabularInline)] == []
