"""Small helpers the news and portal tests share: reading pages and feeds like a client would."""

import io
import struct
import zlib

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


def pdf_bytes(*objects: bytes, catalog: bytes = b"", trailer: bytes = b"") -> bytes:
    """A well-formed PDF with a cross-reference table: object 1 is the catalog (with
    ``catalog`` in it), 2 the empty page tree, ``objects`` are numbered from 3."""
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        *objects,
    ]
    parts, offsets = [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"], []
    length = len(parts[0])
    for number, body in enumerate(bodies, start=1):
        offsets.append(length)
        parts.append(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        length += len(parts[-1])
    parts.append(b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1))
    parts += [b"%010d 00000 n \n" % offset for offset in offsets]
    parts.append(b"trailer\n<< /Size %d /Root 1 0 R %s >>\n" % (len(bodies) + 1, trailer))
    parts.append(b"startxref\n%d\n%%%%EOF\n" % length)
    return b"".join(parts)


def pdf_with_object_stream(*objects: bytes) -> bytes:
    """A PDF 1.5 whose catalog (object 1), page tree (2) and ``objects`` (from 3) are all packed
    into one Flate-compressed object stream, indexed by a compressed cross-reference stream:
    nothing of them is readable in the file's raw bytes."""
    bodies = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    bodies += objects
    header, packed = b"", b""
    for number, body in enumerate(bodies, start=1):
        header += b"%d %d " % (number, len(packed))
        packed += body + b"\n"
    stream = zlib.compress(header + packed)
    stream_number = len(bodies) + 1
    xref_number = stream_number + 1
    content = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    stream_offset = len(content)
    content += (
        b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n"
        b"stream\n%s\nendstream\nendobj\n"
        % (stream_number, len(bodies), len(header), len(stream), stream)
    )
    xref_offset = len(content)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    rows += [struct.pack(">BIH", 2, stream_number, index) for index in range(len(bodies))]
    rows += [struct.pack(">BIH", 1, stream_offset, 0), struct.pack(">BIH", 1, xref_offset, 0)]
    table = zlib.compress(b"".join(rows))
    content += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode "
        b"/Length %d >>\nstream\n%s\nendstream\nendobj\n"
        % (xref_number, xref_number + 1, len(table), table)
    )
    return content + b"startxref\n%d\n%%%%EOF\n" % xref_offset
