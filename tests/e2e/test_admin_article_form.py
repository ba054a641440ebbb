"""The article form on an office screen and a phone: 1366×768 without scrolling sideways, the
text and the publishing panel side by side in the first screen; CKEditor's headings, lists and
quotes in the site's own type."""

import pytest
from django.urls import reverse

from news.models import Article, Department, Rubric
from tests.e2e.support import log_in_to_admin

pytestmark = pytest.mark.e2e

PASSWORD = "Glavred-forma-2026"
OFFICE_SCREEN = {"width": 1366, "height": 768}
BODY = (
    "<p>Делегация города Тореза провела в Алчевске два дня.</p>"
    "<h2>Программа визита</h2><h3>Первый день</h3>"
    "<ul><li>Экскурсия по городу</li></ul>"
    "<blockquote><p>Мы рады гостям.</p></blockquote>"
    # A long text, as the press release is: the page scrolls well past the first screen.
    + "<p>Гости побывали во Дворце культуры, в музее и на стадионе.</p>"
    * 40
)


@pytest.fixture
def article(transactional_db, django_user_model, settings):
    django_user_model.objects.create_superuser("vypuskayushchii", "v@example.org", PASSWORD)
    return Article.objects.create(
        title="Делегация Тореза посетила Алчевск с ответным визитом",
        slug="delegatsiia-toreza",
        lead="Гости познакомились с городом.",
        body=BODY,
        rubric=Rubric.objects.create(name="Партнёрство", slug="partnerstvo"),
        department=Department.objects.create(name="Управление информационной политики"),
    )


def open_the_form(new_context, live_server, article, viewport):
    page = new_context(base_url=live_server.url, viewport=viewport).new_page()
    log_in_to_admin(page, "vypuskayushchii", PASSWORD)
    page.goto(reverse("admin:news_article_change", args=[article.pk]), wait_until="networkidle")
    page.locator(".ck-editor__editable h2").wait_for()
    return page


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_the_form_fits_an_office_screen_with_the_publishing_panel_beside_the_text(
    live_server, new_context, screenshots, article
):
    page = open_the_form(new_context, live_server, article, OFFICE_SCREEN)
    screenshots(page, "article-form-1366", full_page=False)

    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    title, editor = box(page, "#id_title"), box(page, ".ck-editor")
    status, save = box(page, "#id_status"), box(page, "input[name=_save]")
    # In the first screen, without scrolling either way, the panel to the right of the text.
    for field in (title, editor, status, save):
        assert field["x"] >= 0 and field["x"] + field["width"] <= 1366
        assert field["y"] + min(field["height"], 40) <= OFFICE_SCREEN["height"]
    assert status["x"] > editor["x"] + editor["width"]
    assert editor["width"] >= 500
    # The save buttons stay in view beside the text as the editor scrolls down it.
    page.locator(".ck-editor__editable p").nth(30).scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 500
    save = box(page, "input[name=_save]")
    assert save["y"] >= 0 and save["y"] + save["height"] <= OFFICE_SCREEN["height"]


def test_at_1366_px_every_inline_table_fits_the_text_column(
    live_server, new_context, screenshots, article
):
    page = open_the_form(new_context, live_server, article, OFFICE_SCREEN)
    page.locator("#photos-group").scroll_into_view_if_needed()
    screenshots(page, "article-form-inlines-1366", full_page=False)

    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('.inline-group .tabular')]
            .filter((table) => table.scrollWidth > table.clientWidth)
            .map((table) => `${table.closest('.inline-group').id}: ${table.scrollWidth} px`)"""
    )
    assert overflowing == []


def test_on_a_phone_the_form_is_one_column_without_sideways_scrolling(
    live_server, new_context, screenshots, article
):
    page = open_the_form(new_context, live_server, article, {"width": 375, "height": 740})
    screenshots(page, "article-form-375")

    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert box(page, "#id_status")["y"] > box(page, ".ck-editor")["y"]


def test_the_editor_shows_headings_lists_and_quotes_in_the_sites_type(
    live_server, new_context, article
):
    page = open_the_form(new_context, live_server, article, OFFICE_SCREEN)

    style = page.evaluate(
        """() => {
            const editable = document.querySelector('.ck-editor__editable');
            const css = (selector) => getComputedStyle(editable.querySelector(selector));
            return {
                p: parseFloat(css('p').fontSize), h2: parseFloat(css('h2').fontSize),
                h3: parseFloat(css('h3').fontSize), quote: parseFloat(css('blockquote p').fontSize),
                family: css('p').fontFamily, h2family: css('h2').fontFamily,
                bullet: css('li').listStyleType,
                bodyFamily: getComputedStyle(document.body).fontFamily,
                loaded: document.fonts.check('16px "Vestnik Sans"'),
            };
        }"""
    )
    assert style["h2"] > style["h3"] > style["p"] >= 16
    assert style["quote"] >= style["p"]
    assert style["bullet"] == "disc"
    assert style["family"].startswith('"Vestnik Sans"')
    assert style["h2family"].startswith('"Vestnik Serif"')
    assert style["bodyFamily"].startswith('"Vestnik Sans"')
    assert style["loaded"]
