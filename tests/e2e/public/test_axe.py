"""axe-core finds no WCAG 2.1 A/AA violation on any public page type, in the normal design and
in each colour scheme of the mode for visually impaired readers."""

import pytest

from tests.e2e.support import VISION_MODES, axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


@pytest.mark.parametrize(
    "vision", [None, *VISION_MODES.values()], ids=["normal", *VISION_MODES.keys()]
)
def test_no_axe_violations_on_any_page_type(demo_site, new_context, axe_js, vision):
    page = new_context(base_url=demo_site.url, vision=vision, axe=True).new_page()
    found = {}
    for name, url in demo_site.pages.items():
        response = page.goto(url)
        assert response.status == demo_site.status(name), name
        if vision:
            assert "vision" in page.evaluate("document.documentElement.className"), name
        violations = axe_violations(page)
        if violations:
            found[f"{name} ({url})"] = violations
    assert not found, found
