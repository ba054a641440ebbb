"""Small helpers the news and portal tests share: reading pages and feeds like a client would."""

import io

import feedparser
import lxml.etree
import lxml.html
from PIL import Image


def page(response) -> lxml.html.HtmlElement:
    """The parsed HTML of a successful page."""
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.content.decode(response.charset or "utf-8"))


def card_titles(tree) -> list[str]:
    """Titles of the article cards on a list page, in order."""
    return [link.text_content().strip() for link in tree.xpath(".//*[@class='card__title']/a")]


def feed(response):
    """A feed parsed by feedparser, which must have found nothing to complain about."""
    assert response.status_code == 200, response.status_code
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def sitemap_locations(response) -> dict[str, str | None]:
    """``{location: lastmod}`` of every URL in a sitemap."""
    assert response.status_code == 200, response.status_code
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = lxml.etree.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=namespace): url.findtext(
            "sm:lastmod", namespaces=namespace
        )
        for url in root.findall("sm:url", namespaces=namespace)
    }


def make_image_bytes(
    width=64, height=48, image_format="JPEG", color=(200, 30, 30), **save
) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format=image_format, **save)
    return buffer.getvalue()


def form_data(tree, form_id=None) -> dict[str, str | list[str]]:
    """The values a browser would submit from a form as it was rendered (files aside)."""
    form = tree.get_element_by_id(form_id) if form_id else tree.forms[0]
    data: dict[str, str | list[str]] = {}
    for name, value in form.form_values():
        if name in data:
            previous = data[name]
            data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            data[name] = value
    return data
