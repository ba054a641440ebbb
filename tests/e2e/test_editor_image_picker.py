"""In Chromium: the image picker under the article's text finds an image of the library by its
words and puts it where the cursor is, with its description from the library; the article is
saved with it; the picker has no axe violations."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import expect

from media.models import Image
from news.models import Article, Rubric
from tests.e2e.support import axe_violations, editor_data, log_in_to_admin
from tests.support import make_image_bytes

pytestmark = pytest.mark.e2e

PASSWORD = "Glavred-kartinki-2026"
EDITOR = "document.querySelector('.ck-editor__editable').ckeditorInstance"


@pytest.fixture
def draft(transactional_db, django_user_model):
    django_user_model.objects.create_superuser("glavred", "g@example.org", PASSWORD)
    rubric = Rubric.objects.create(name="Партнёрство", slug="partnerstvo")
    for title, alt, colour in [
        ("Площадь Тореза", "Площадь у здания администрации Тореза", (200, 40, 40)),
        ("Концерт в Алчевске", "Хор на сцене дворца культуры", (40, 200, 40)),
    ]:
        Image.objects.create(
            file=SimpleUploadedFile(f"{colour[0]}.jpg", make_image_bytes(color=colour)),
            title=title,
            alt=alt,
        )
    return Article.objects.create(
        title="Делегация Тореза посетила Алчевск",
        lead="Гости познакомились с городом.",
        body="<p>Делегация провела в Алчевске два дня.</p>",
        rubric=rubric,
        status=Article.Status.DRAFT,
    )


def test_an_image_of_the_library_goes_into_the_text_with_its_description(
    live_server, new_context, screenshots, draft, axe_js
):
    page = new_context(
        base_url=live_server.url, viewport={"width": 1366, "height": 900}, axe=True
    ).new_page()
    log_in_to_admin(page, "glavred", PASSWORD)
    page.goto(reverse("admin:news_article_change", args=[draft.pk]))
    page.locator(".ck-editor__editable p").first.wait_for()
    picker = page.locator(".field-body .image-picker")
    expect(picker).to_be_visible()

    page.locator(".ck-editor__editable p").first.click()
    page.keyboard.press("End")
    search = picker.get_by_label("Вставить в текст изображение из библиотеки")
    search.focus()  # the newest images, before a word is typed
    expect(picker.locator(".image-picker__result")).to_have_count(2)
    search.fill("тореза")
    expect(picker.locator(".image-picker__result")).to_have_count(1)
    screenshots(page, "image-picker-results", full_page=False)
    found = axe_violations(page, include=".field-body .image-picker")
    assert found == [], "\n".join(found)

    square = Image.objects.get(title="Площадь Тореза")
    picker.get_by_role("button", name="Вставить в текст: Площадь Тореза").click()
    page.locator(f".ck-editor__editable img[src='{square.url}']").wait_for()
    inserted = re.search(r"<img [^>]*>", editor_data(page)).group(0)
    assert f'src="{square.url}"' in inserted, inserted
    assert 'alt="Площадь у здания администрации Тореза"' in inserted, inserted

    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    draft.refresh_from_db()
    assert square.url in draft.body
    assert 'alt="Площадь у здания администрации Тореза"' in draft.body
