"""Every public page type is valid HTML (the Nu HTML Checker finds no error) and has the
structure assistive technology relies on: one main landmark and one h1, headings that do not
skip levels, named navigation, alt text on every image, a label on every form field, and the
skip link first. In the normal design and in the mode for visually impaired readers."""

import lxml.html
import pytest

from tests.e2e.support import VISION_MODES, vnu_errors

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

MODES = {"normal": None, **VISION_MODES}
FIELDS = "//input[not(@type='hidden' or @type='submit' or @type='button')] | //select | //textarea"


def rendered_pages(client, demo_site):
    """``{"<page>, <mode>": html}`` for every page type in every mode."""
    documents = {}
    for mode, cookie in MODES.items():
        client.cookies.clear()
        if cookie:
            client.cookies["vision"] = cookie
        for name, url in demo_site.pages.items():
            response = client.get(url)
            assert response.status_code == demo_site.status(name), (name, mode)
            documents[f"{name}, {mode}"] = response.content.decode()
    return documents


def test_every_page_type_is_valid_html(demo_site, client, vnu_jar, tmp_path):
    errors = vnu_errors(vnu_jar, rendered_pages(client, demo_site), tmp_path)
    assert not errors, errors


def structure_problems(html: str) -> list[str]:
    tree = lxml.html.fromstring(html)
    problems = []
    if tree.get("lang") != "ru":
        problems.append("<html> has no lang='ru'")
    if len(tree.xpath("//main")) != 1 or len(tree.xpath("//main//h1")) != 1:
        problems.append("not exactly one <main> with one <h1>")
    if not tree.xpath("//header[not(ancestor::main)]") or not tree.xpath("//footer"):
        problems.append("no banner or content-info landmark")
    first_link = tree.xpath("//body//a")[0]
    target = first_link.get("href", "")
    if "skip-link" not in first_link.get("class", "") or not tree.xpath(
        f"//*[@id='{target.lstrip('#')}']"
    ):
        problems.append("the first link is not a working skip link")
    names = [nav.get("aria-label") or nav.get("aria-labelledby") for nav in tree.xpath("//nav")]
    if None in names or len(set(names)) != len(names):
        problems.append(f"navigation landmarks without distinct names: {names}")
    previous = 1
    for heading in tree.xpath("//main//*[self::h1 or self::h2 or self::h3 or self::h4]"):
        level = int(heading.tag[1])
        if level > previous + 1:
            problems.append(f"h{previous} is followed by h{level}: {heading.text_content()!r}")
        previous = level
    for image in tree.xpath("//img[not(@alt)]"):
        problems.append(f"image without alt: {image.get('src')}")
    for field in tree.xpath(FIELDS):
        labelled = (
            field.get("aria-label")
            or field.get("aria-labelledby")
            or field.xpath("ancestor::label")
            or (field.get("id") and tree.xpath(f"//label[@for='{field.get('id')}']"))
        )
        if not labelled:
            problems.append(f"form field without a label: {field.get('name')}")
    return problems


def test_every_page_type_has_landmarks_headings_alt_text_and_labels(demo_site, client):
    found = {}
    for name, html in rendered_pages(client, demo_site).items():
        problems = structure_problems(html)
        if problems:
            found[name] = problems
    assert not found, found
