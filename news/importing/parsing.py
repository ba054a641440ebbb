"""From a document's bytes to a ``Feed``: the encoding and well-formedness checks, then the
RSS/Atom or the WordPress export reader."""

import codecs
import re
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree
from django.utils.translation import gettext as _

from news.importing.items import Feed, ImportSourceError
from news.importing.syndication import parse_feed
from news.importing.wxr import parse_wxr, wordpress_namespace

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
RDF_NAMESPACE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
# By their codecs names: what Russian sites have published in, and nothing that escapes.
ALLOWED_ENCODINGS = {
    "utf-8",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "ascii",
    "latin-1",
    "iso8859-1",
    "cp1252",
    "cp1251",
    "koi8-r",
    "koi8-u",
    "iso8859-5",
    "cp866",
}
BYTE_ORDER_MARKS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
XML_DECLARATION = re.compile(
    rb"""\s*<\?xml\b[^>]*?\bencoding\s*=\s*(["'])(?P<name>[^"'>]{0,40})\1"""
)
ENCODING_NAME = re.compile(r"[A-Za-z][A-Za-z0-9._:-]*")


def parse_source(data: bytes, base_url: str = "") -> Feed:
    check_encoding(data)
    try:
        root = defusedxml.ElementTree.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except defusedxml.DefusedXmlException:
        raise ImportSourceError(
            _(
                "The document declares XML entities or refers to external ones; it is refused "
                "(a defence against XML bombs and external entity attacks)."
            )
        ) from None
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise ImportSourceError(
            _("The document is not well-formed XML (line %(line)s, column %(column)s).")
            % {"line": line, "column": column}
        ) from None
    except (LookupError, ValueError):  # an encoding expat cannot decode, should one slip by
        raise ImportSourceError(_("The document's encoding cannot be read.")) from None
    if root.tag == "rss" and wordpress_namespace(root):
        return parse_wxr(root, base_url)
    if root.tag in ("rss", f"{{{ATOM_NAMESPACE}}}feed", f"{{{RDF_NAMESPACE}}}RDF"):
        return parse_feed(data, base_url)
    raise ImportSourceError(_("This is not an RSS, Atom or WordPress export document."))


def check_encoding(data: bytes) -> None:
    """Refuse a document whose encoding is not one an old Russian site would use: UTF-7 and
    its kind hide markup from every check, and expat cannot read multi-byte codecs anyway."""
    encoding = declared_encoding(data)
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise ImportSourceError(
            _("The document declares an unknown encoding «%(encoding)s».") % {"encoding": encoding}
        ) from None
    if name not in ALLOWED_ENCODINGS:
        raise ImportSourceError(
            _(
                "The document's encoding «%(encoding)s» is not accepted; save the document "
                "as UTF-8 (or Windows-1251, KOI8-R) and import it again."
            )
            % {"encoding": encoding}
        )


def declared_encoding(data: bytes) -> str:
    """The encoding named by the byte-order mark, else by the XML declaration, else UTF-8."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return encoding
    if data.startswith((b"<\0?\0", b"\0<\0?")):
        return "utf-16"
    declaration = XML_DECLARATION.match(data[:1024])
    if declaration is None:
        return "utf-8"
    encoding = declaration.group("name").decode("ascii", "replace")
    return encoding if ENCODING_NAME.fullmatch(encoding) else "?"
