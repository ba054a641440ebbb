"""In Chromium: the live preview beside the article form follows what the editor types (title,
text), at phone and desktop widths, with the checks panel of the text as typed, and saves
nothing; the link picker under the editor links the selected words to an article found by its
words; the form with the preview open has no axe violations."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from news.models import Article, Rubric
from portal.typography import typeset
from tests.e2e.support import axe_violations, editor_data, log_in_to_admin

pytestmark = pytest.mark.e2e

PASSWORD = "Glavred-predprosmotr-2026"
TITLE = "Делегация Тореза посетила Алчевск"
EDITOR = "document.querySelector('.ck-editor__editable').ckeditorInstance"


@pytest.fixture
def articles(transactional_db, django_user_model, settings):
    django_user_model.objects.create_superuser("glavred", "g@example.org", PASSWORD)
    rubric = Rubric.objects.create(name="Партнёрство", slug="partnerstvo")
    festival = Article.objects.create(
        title="Фестиваль побратимов в Торезе",
        lead="Дети из Алчевска выступили в Торезе.",
        body="<p>Фестиваль прошёл в Торезе.</p>",
        rubric=rubric,
        status=Article.Status.PUBLISHED,
    )
    draft = Article.objects.create(
        title=TITLE,
        lead="Гости познакомились с городом.",
        body="<p>Делегация провела в Алчевске два дня.</p>",
        rubric=rubric,
        status=Article.Status.DRAFT,
    )
    return festival, draft


def open_the_form(new_context, live_server, article, *, axe=False):
    context = new_context(
        base_url=live_server.url, viewport={"width": 1366, "height": 900}, axe=axe
    )
    page = context.new_page()
    log_in_to_admin(page, "glavred", PASSWORD)
    page.goto(reverse("admin:news_article_change", args=[article.pk]))
    page.locator(".ck-editor__editable p").first.wait_for()
    return page


def test_the_preview_follows_the_typing_at_both_widths_and_saves_nothing(
    live_server, new_context, screenshots, articles
):
    _, draft = articles
    page = open_the_form(new_context, live_server, draft)
    panel = page.locator(".live-preview")
    expect(panel).to_be_visible()
    frame = page.frame_locator(".live-preview__frame")
    expect(frame.locator("h1")).to_have_text(TITLE)
    expect(frame.locator(".preview-banner")).to_be_visible()
    screenshots(page, "preview-opened", full_page=False)

    page.locator("#id_title").fill("Делегация Тореза провела в Алчевске два дня")
    # As saving would, the preview typesets: a no-break space after «в».
    expect(frame.locator("h1")).to_have_text(
        typeset("Делегация Тореза провела в Алчевске два дня")
    )

    page.locator(".ck-editor__editable p").first.click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Гости побывали во Дворце культуры.")
    expect(frame.locator(".article__body")).to_contain_text(
        typeset("Гости побывали во Дворце культуры.")
    )
    expect(panel.locator(".live-preview__status")).to_have_text("Обновлено")

    # An empty heading: the checks panel beside the form says so before any save.
    page.keyboard.press("Enter")
    page.locator(".ck-heading-dropdown button").first.click()
    page.locator(".ck-heading-dropdown .ck-list__item", has_text="Заголовок 2").first.click()
    expect(page.locator(".content-checks__list--errors")).to_contain_text(
        "Заголовок 2-го уровня пуст"
    )
    screenshots(page, "preview-after-typing", full_page=False)

    def frame_width():
        return page.locator(".live-preview__frame").evaluate(
            "frame => frame.contentWindow.innerWidth"
        )

    assert frame_width() == 375
    panel.get_by_role("button", name="Компьютер", exact=True).click()
    expect(panel.get_by_role("button", name="Компьютер", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    assert frame_width() == 1280
    panel_box = panel.bounding_box()
    frame_box = page.locator(".live-preview__frame").bounding_box()
    assert frame_box["width"] <= panel_box["width"], "scaled down to the panel"
    screenshots(page, "preview-desktop", full_page=False)
    panel.get_by_role("button", name="Телефон", exact=True).click()
    assert frame_width() == 375

    draft.refresh_from_db()
    assert draft.title == TITLE
    assert "Дворце культуры" not in draft.body


def test_the_link_picker_links_the_selected_words_to_an_article(
    live_server, new_context, screenshots, articles
):
    festival, draft = articles
    page = open_the_form(new_context, live_server, draft)
    picker = page.locator(".field-body .link-picker")
    expect(picker).to_be_visible()

    page.locator(".ck-editor__editable p").first.click()
    page.keyboard.press("End")
    page.keyboard.type(" Вспомним фестиваль")
    page.keyboard.press("Control+Shift+ArrowLeft")  # selects «фестиваль»
    # CKEditor takes the browser's selection into its model a moment later.
    page.wait_for_function(f"() => !{EDITOR}.model.document.selection.isCollapsed")

    picker.get_by_label("Ссылка на страницу сайта").fill("фестиваль побратимов")
    result = picker.get_by_role("button", name=festival.title)
    expect(result).to_be_visible()
    screenshots(page, "link-picker-results", full_page=False)
    result.click()

    url = festival.get_absolute_url()
    page.locator(f".ck-editor__editable a[href='{url}']").wait_for()
    assert re.search(rf'<a href="{re.escape(url)}">фестиваль</a>', editor_data(page)), editor_data(
        page
    )

    # With nothing selected, the article's title is inserted as the link.
    # A new paragraph at the end of the text, the caret in it.
    page.evaluate(
        f"""() => {{
            const editor = {EDITOR};
            editor.model.change((writer) => {{
                const root = editor.model.document.getRoot();
                writer.setSelection(root.getChild(root.childCount - 1), "end");
            }});
            editor.execute("enter");
        }}"""
    )
    picker.get_by_label("Ссылка на страницу сайта").fill("побратимов Торезе")
    picker.get_by_role("button", name=festival.title).click()
    expect(
        page.locator(f".ck-editor__editable a[href='{url}']", has_text=festival.title)
    ).to_be_visible()
    screenshots(page, "link-inserted", full_page=False)

    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    draft.refresh_from_db()
    links = re.findall(rf'<a href="{re.escape(url)}"[^>]*>([^<]*)</a>', draft.body)
    assert len(links) == 2 and links[0] == "фестиваль", draft.body


def test_the_live_preview_and_the_link_picker_have_no_axe_violations(
    live_server, new_context, screenshots, articles, axe_js
):
    """axe over the preview panel (its frame and the public page in it included) and the link
    picker with results. The rest of Django's form is not this test's: axe finds there the
    select2 widgets without accessible names, the tabular inlines' fields labelled only by
    their column headings and the breadcrumbs' links told apart by colour alone."""
    _, draft = articles
    page = open_the_form(new_context, live_server, draft, axe=True)
    expect(page.frame_locator(".live-preview__frame").locator("h1")).to_have_text(TITLE)
    page.locator(".field-body .link-picker input").fill("фестиваль")
    expect(page.locator(".field-body .link-picker button").first).to_be_visible()
    screenshots(page, "form-with-preview-for-axe")

    found = axe_violations(page, include=[".live-preview", ".link-picker", ".content-checks"])
    assert found == [], "\n".join(found)
