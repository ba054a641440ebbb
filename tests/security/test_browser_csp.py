"""In a real browser the Content-Security-Policy blocks nothing the site itself needs: the
admin's article form with CKEditor 5 loads, takes text and uploads an image; public pages
render. Any CSP violation shows in the console or as a securitypolicyviolation event."""

import contextlib
import shutil
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

from tests.support import make_image_bytes

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""
PASSWORD = "Brauzernyi-test-2026"
ADMIN_PAGES = [
    "admin:index",
    "admin:news_article_changelist",
    "admin:portal_sitesettings_change",
    "admin:partnerships_agreement_add",
    "admin:partnerships_event_add",
    "admin:partnerships_partner_add",
    "admin:otp_totp_totpdevice_add",
    "admin:axes_accessattempt_changelist",
    "admin:two-factor",
]

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() or shutil.which("chromium") is None,
    reason="needs Debian's chromium at /usr/bin/chromium",
)


@pytest.fixture
def open_page():
    """Starts the browser when called: Playwright's sync API runs an event loop on this
    thread, so the test sets up its data in the database first and touches it no more."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with contextlib.ExitStack() as stack:

        def start():
            playwright = stack.enter_context(sync_api.sync_playwright())
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            stack.callback(browser.close)
            page = browser.new_page()
            page.add_init_script(RECORD_VIOLATIONS)
            messages = []
            page.on("console", lambda message: messages.append(message.text))
            page.on("pageerror", lambda error: messages.append(f"page error: {error}"))
            page.console_messages = messages
            return page

        yield start


def csp_problems(page) -> list[str]:
    console = [
        text
        for text in page.console_messages
        if "Content Security Policy" in text or "Refused to" in text or "page error" in text
    ]
    return console + page.evaluate("window.__cspViolations || []")


@pytest.mark.django_db(transaction=True)
def test_the_admin_article_form_with_ckeditor_runs_under_the_policy(
    live_server, django_user_model, rubric, tmp_path, open_page
):
    django_user_model.objects.create_superuser("brauzer", "b@example.org", PASSWORD)
    image = tmp_path / "foto.png"
    image.write_bytes(make_image_bytes(120, 80, image_format="PNG"))
    page = open_page()

    page.goto(f"{live_server.url}/admin/login/?next=/admin/news/article/add/")
    assert not csp_problems(page)
    page.fill("#id_username", "brauzer")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/news/article/add/")

    editable = page.locator(".ck-editor__editable").first
    editable.wait_for(state="visible", timeout=15000)
    assert page.locator(".ck-toolbar").count() >= 1
    editable.click()
    page.keyboard.type("Текст новости из браузера")
    assert "Текст новости из браузера" in editable.inner_text()

    with page.expect_response("**/editor/upload-image/") as upload:
        page.locator(
            ".ck-file-dialog-button input[type=file], input[type=file][accept*=image]"
        ).first.set_input_files(str(image))
    assert upload.value.status == 200
    stored = upload.value.json()["url"]  # in the media library
    page.locator(f".ck-editor__editable img[src='{stored}']").first.wait_for(
        state="attached", timeout=15000
    )
    page.wait_for_timeout(300)

    assert not csp_problems(page), csp_problems(page)

    for name in ADMIN_PAGES:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, name
        page.wait_for_load_state("load")
        assert not csp_problems(page), (name, csp_problems(page))


@pytest.mark.django_db(transaction=True)
def test_public_pages_run_under_the_policy(live_server, make_article, open_page):
    article = make_article("Новость в браузере")
    page = open_page()
    for path in ["/", "/news/", article.get_absolute_url(), "/partnerships/", "/events/"]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("load")
        assert not csp_problems(page), (path, csp_problems(page))
