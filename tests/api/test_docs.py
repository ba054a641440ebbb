"""The interactive API docs (Swagger UI) come from the site's own static files and render in
a real browser under the site's Content-Security-Policy, asking no other origin for anything."""

import contextlib
import re
import shutil
from pathlib import Path

import pytest

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


def test_the_docs_page_loads_only_local_files(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    addresses = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert addresses
    assert all(url.startswith("/") and not url.startswith("//") for url in addresses)
    assert "<script>" not in page  # no inline script: the settings are a JSON data block
    assert '"validatorUrl": null' in page
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.skipif(
    not Path(CHROMIUM).exists() or shutil.which("chromium") is None,
    reason="needs Debian's chromium at /usr/bin/chromium",
)
@pytest.mark.django_db(transaction=True)
def test_the_docs_render_in_a_browser_without_other_origins(live_server, make_article):
    sync_api = pytest.importorskip("playwright.sync_api")
    make_article("Новость для документации")
    requested, problems = [], []
    with contextlib.ExitStack() as stack:
        playwright = stack.enter_context(sync_api.sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        stack.callback(browser.close)
        page = browser.new_page()
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("request", lambda request: requested.append(request.url))
        page.on("console", lambda message: problems.append(message.text))
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

        page.goto(f"{live_server.url}/api/docs/")
        page.wait_for_selector(".opblock", timeout=20_000)
        operations = page.locator(".opblock").count()
        # Try one operation out: the answer comes back from our own API.
        page.locator(".opblock-summary").first.click()
        page.get_by_role("button", name="Execute").click()
        status_cell = page.locator(".live-responses-table tbody .response-col_status").first
        status_cell.wait_for(timeout=20_000)
        status = status_cell.inner_text()
        violations = page.evaluate("window.__cspViolations")

    assert operations == 14  # news 3, partnerships 7, pages 2, documents 2
    assert status.split()[0] == "200"
    assert violations == []
    assert [text for text in problems if "Refused" in text or "page error" in text] == []
    assert [url for url in requested if not url.startswith(live_server.url)] == []
