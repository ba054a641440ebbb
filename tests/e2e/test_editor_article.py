"""An editor's day in a real browser: sign in to the admin, write an article in CKEditor 5 with
a heading, a list, a link and an uploaded image, classify it, preview it, put it through review
and publish it; readers then find it on the home page, in the RSS feed and in search."""

from urllib.parse import quote

import feedparser
import pytest
from django.urls import reverse

from news.models import Article, Department, Rubric, Tag
from portal.typography import typeset
from tests.e2e.support import choose_in_autocomplete, editor_data, log_in_to_admin
from tests.support import make_image_bytes

pytestmark = pytest.mark.e2e

PASSWORD = "Redaktor-brauzer-2026"
TITLE = "Делегация Тореза посетила Алчевск"
LINK = "https://torez.example.org/"


@pytest.fixture
def chief_editor(django_user_model, settings):
    return django_user_model.objects.create_superuser("glavred", "glavred@example.org", PASSWORD)


@pytest.fixture
def classification(transactional_db):
    Department.objects.create(name="Управление информационной политики")
    return {
        "rubric": Rubric.objects.create(name="Партнёрство", slug="partnerstvo"),
        "tag": Tag.objects.create(name="Торез", slug="torez"),
    }


def write_the_body(page, image):
    """Type the text as an editor does: toolbar, autoformat and shortcuts, then the image."""
    editable = page.locator(".ck-editor__editable").first
    editable.wait_for()
    editable.click()
    page.keyboard.type("Делегация города Тореза провела в Алчевске два дня.")
    page.keyboard.press("Enter")
    page.locator(".ck-heading-dropdown > button").click()
    page.locator(".ck-heading-dropdown button.ck-heading_heading2").click()
    page.keyboard.type("Программа визита")
    page.keyboard.press("Enter")
    page.keyboard.type("- Экскурсия по городу")  # autoformat: a bulleted list
    page.keyboard.press("Enter")
    page.keyboard.type("Концерт во Дворце культуры")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # leaves the list
    page.keyboard.type("Подробности на ")
    page.keyboard.press("Control+K")
    link_form = page.locator(".ck-balloon-panel_visible input")
    link_form.last.wait_for()
    link_form.first.fill("сайте Тореза")  # the text of the link
    link_form.last.fill(LINK)
    link_form.last.press("Enter")
    page.locator(f".ck-editor__editable a[href='{LINK}']").wait_for()
    page.keyboard.press("End")
    page.keyboard.press("Enter")

    with page.expect_response("**" + reverse("portal:editor-image-upload")) as upload:
        page.locator(".ck-file-dialog-button input[type=file]").first.set_input_files(str(image))
    assert upload.value.status == 200, upload.value.text()
    picture = page.locator(".ck-editor__editable img[src*='/media/']").first
    picture.wait_for()
    picture.click()
    # The image toolbar's first button: «Change image text alternative».
    page.locator(".ck-balloon-panel_visible .ck-toolbar button").first.click()
    page.locator(".ck-balloon-panel_visible input").first.fill("Гости у Дворца культуры")
    page.keyboard.press("Enter")


def test_an_editor_writes_previews_and_publishes_an_article(
    live_server, new_context, screenshots, chief_editor, classification, tmp_path
):
    image = tmp_path / "vizit.png"
    image.write_bytes(make_image_bytes(640, 400, image_format="PNG", color=(40, 90, 160)))
    context = new_context(base_url=live_server.url)
    page = context.new_page()

    log_in_to_admin(page, "glavred", PASSWORD)
    screenshots(page, "admin-signed-in")

    page.goto(reverse("admin:news_article_add"))
    page.fill("#id_title", TITLE)
    page.fill("#id_lead", "Гости из Тореза познакомились с городом и выступили с концертом.")
    write_the_body(page, image)
    choose_in_autocomplete(page, ".field-rubric", "Партнёрство")
    choose_in_autocomplete(page, ".field-tags", "Торез")
    body = editor_data(page)
    for fragment in ["<h2>Программа визита</h2>", "<li", f'href="{LINK}"', 'alt="Гости у']:
        assert fragment in body, body
    screenshots(page, "article-written")

    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.DRAFT
    assert article.rubric == classification["rubric"]
    assert list(article.tags.all()) == [classification["tag"]]
    screenshots(page, "draft-saved")

    with context.expect_page() as opened:
        page.locator(".field-preview_link a").click()
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.locator("h1").inner_text() == TITLE
    assert preview.locator(".preview-banner").is_visible()
    screenshots(preview, "preview")
    preview.close()

    page.click("button[name=review_action][value=submit]")
    page.locator(".messagelist .success").wait_for()
    screenshots(page, "submitted-for-review")
    page.locator("#result_list").get_by_role("link", name=TITLE).click()
    page.click("button[name=review_action][value=approve]")
    page.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.is_public
    screenshots(page, "published")

    page.goto(reverse("news:home"))
    page.get_by_role("link", name=TITLE).first.click()
    page.wait_for_url("**" + article.get_absolute_url())
    body = page.locator(".article__body")
    assert body.locator("h2").inner_text() == "Программа визита"
    assert body.locator("li").all_inner_texts() == [  # typeset on save
        typeset("Экскурсия по городу"),
        typeset("Концерт во Дворце культуры"),
    ]
    assert body.locator(f"a[href='{LINK}']").inner_text() == "сайте Тореза"
    uploaded = body.locator("img[alt='Гости у Дворца культуры']")
    assert uploaded.evaluate("img => img.complete && img.naturalWidth > 0"), "the image loads"
    screenshots(page, "article-on-the-site")

    feed = feedparser.parse(page.request.get(reverse("news:rss")).body())
    assert TITLE in [entry.title for entry in feed.entries]

    page.goto(reverse("portal:search") + "?q=" + quote("делегация Тореза"))
    assert page.get_by_role("link", name=TITLE).count() >= 1
    screenshots(page, "found-in-search")
