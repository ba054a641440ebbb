"""The alert banners on the demo's pages: valid HTML, the structure assistive technology
relies on, and no axe-core violation, with a banner of every severity at once (mourning
greys the page), in the normal design and in each colour scheme of the vision mode."""

import pytest

from alerts.models import Banner
from tests.e2e.public.test_html import MODES, structure_problems
from tests.e2e.support import axe_violations, vnu_errors

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

CHECKED = ("home", "article", "events list", "not found")


@pytest.fixture
def banners(demo_site):
    for severity, text in [
        (Banner.Severity.EMERGENCY, "Воздушная тревога. Пройдите в ближайшее укрытие."),
        (Banner.Severity.MOURNING, "В городе объявлен траур по погибшим."),
        (Banner.Severity.WARNING, "Отключение холодной воды до 18:00."),
        (Banner.Severity.INFO, "Приём граждан переносится на четверг."),
    ]:
        Banner.objects.create(
            severity=severity,
            text=text,
            link_url="https://alchevsk.example/",
            link_text="Подробнее о мерах",
            is_published=True,
        )


def rendered(client, demo_site) -> dict[str, str]:
    documents = {}
    for mode, cookie in MODES.items():
        client.cookies.clear()
        if cookie:
            client.cookies["vision"] = cookie
        for name in CHECKED:
            html = client.get(demo_site.pages[name]).content.decode()
            assert html.count("alert-banner__text") == 4, (name, mode)
            assert 'class="mourning"' in html or " mourning" in html, (name, mode)
            documents[f"{name}, {mode}"] = html
    return documents


@pytest.mark.usefixtures("banners")
def test_pages_with_banners_are_valid_html_with_their_structure(
    demo_site, client, vnu_jar, tmp_path
):
    documents = rendered(client, demo_site)

    assert not vnu_errors(vnu_jar, documents, tmp_path)
    problems = {name: structure_problems(html) for name, html in documents.items()}
    assert not any(problems.values()), problems


def serving(html):
    def fulfil(route):
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    return fulfil


@pytest.mark.usefixtures("banners")
@pytest.mark.parametrize("mode", list(MODES), ids=list(MODES))
def test_pages_with_banners_have_no_axe_violations(demo_site, client, new_context, axe_js, mode):
    # The live server's thread does not see this test's banners (its transaction is not
    # committed): the browser is handed the page as this test renders it, and fetches the
    # stylesheets and fonts from the server.
    documents = rendered(client, demo_site)
    page = new_context(base_url=demo_site.url, vision=MODES[mode], axe=True).new_page()
    found = {}
    for name in CHECKED:
        html = documents[f"{name}, {mode}"]
        url = demo_site.url + demo_site.pages[name]
        page.route(url, serving(html))
        page.goto(url)
        assert page.locator(".alert-banner").count() == 4
        violations = axe_violations(page)
        if violations:
            found[name] = violations
        page.unroute(url)
    assert not found, found
