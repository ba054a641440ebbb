"""Browser tests (marker ``e2e``): Debian's Chromium driven by Playwright against a live test
server, axe-core injected into the pages, the Nu HTML Checker (vnu.jar) run over their HTML.

The tools: ``/usr/bin/chromium`` (``apt-get install chromium``), Java for vnu, and axe-core and
vnu-jar from npm in ``tests/e2e/node_modules`` (``make e2e-tools``). Without them the tests
skip and say what is missing; ``.ci/run`` installs them and sets VESTNIK_E2E_REQUIRED, which
turns a missing tool into a failure, so CI never skips them silently.

Two servers:

* pytest-django's ``live_server`` for the editors' journeys here, which start from an empty
  database and write through the admin (transactional tests, flushed afterwards);
* ``demo_site`` (public/conftest.py): the demo content loaded once and served by a second
  live server, for the checks in public/ that read every page type.

Playwright's sync API keeps an asyncio loop marked as running on the main thread, and Django
then refuses ORM calls there unless DJANGO_ALLOW_ASYNC_UNSAFE is set. So the browser is
package-scoped: it is closed whenever the run leaves tests/e2e, and no other test ever runs
beside an open loop.
"""

import os
import re
import shutil
import time

import pytest

from tests.e2e.support import (
    AXE_JS,
    CHROMIUM,
    DESKTOP,
    LAUNCH_ARGS,
    SCREENSHOTS,
    VNU_JAR,
    missing_tools,
)


def unavailable(reason):
    if os.environ.get("VESTNIK_E2E_REQUIRED"):
        pytest.fail(reason.replace("skipped", "cannot run"))
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the tests of this folder in a row (see the module docstring)."""
    missing = missing_tools()
    if missing:
        unavailable(f"browser tests skipped: {missing}")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_context(browser):
    """``new_context(viewport=…, vision=…)``: a fresh browser profile, closed after the test."""
    contexts = []

    def build(*, base_url=None, vision=None, axe=False, **options):
        options.setdefault("viewport", DESKTOP)
        options.setdefault("locale", "ru-RU")
        context = browser.new_context(base_url=base_url, **options)
        context.set_default_timeout(15_000)
        if vision:
            context.add_cookies([{"name": "vision", "value": vision, "url": base_url}])
        if axe:
            # An init script is not subject to the site's Content-Security-Policy.
            context.add_init_script(path=str(AXE_JS))
        _count_requests_in_flight(context)
        contexts.append(context)
        return context

    yield build
    for context in contexts:
        _leave_pages(context)
        context.close()


def _count_requests_in_flight(context):
    context.in_flight = 0

    def started(request):
        context.in_flight += 1

    def ended(request):
        context.in_flight -= 1

    context.on("request", started)
    context.on("requestfinished", ended)
    context.on("requestfailed", ended)


def _leave_pages(context, wait_seconds=5.0):
    """Each page is left as a reader leaves it (the admin's change forms then tell the server
    so: portal/desk's last autosave and «leaving» heartbeat), and what that sends is answered
    before the test's database is emptied: a request still running then locks the tables."""
    pages = [page for page in context.pages if not page.is_closed()]
    for page in pages:
        page.goto("about:blank")
    deadline = time.monotonic() + wait_seconds
    while pages and context.in_flight > 0 and time.monotonic() < deadline:
        pages[0].wait_for_timeout(50)  # Playwright delivers the request events meanwhile


@pytest.fixture(scope="session")
def axe_js():
    missing = missing_tools(browser=False, axe=True)
    if missing:
        unavailable(f"accessibility checks skipped: {missing}")
    return AXE_JS


@pytest.fixture(scope="session")
def vnu_jar():
    missing = missing_tools(browser=False, vnu=True)
    if missing:
        unavailable(f"HTML validation skipped: {missing}")
    return VNU_JAR


@pytest.fixture
def screenshots(request):
    """``shot(page, "step")``: saves var/screenshots/<test>/<nn>-<step>.png (CI artifacts)."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
    folder = SCREENSHOTS / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    taken = []

    def shot(page, step, *, full_page=True):
        path = folder / f"{len(taken) + 1:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=full_page)
        taken.append(path)
        return path

    shot.folder = folder
    return shot


@pytest.fixture(scope="session")
def e2e_media(tmp_path_factory):
    return tmp_path_factory.mktemp("e2e-media")


@pytest.fixture(autouse=True)
def _media_root(settings, e2e_media):
    """Uploads and the demo's images live in one folder for the whole run of this package
    (overrides the per-test folder of tests/conftest.py: the demo is loaded once, and the live
    servers serve media from it)."""
    settings.MEDIA_ROOT = e2e_media
