"""The one place rich text is cleaned before it is stored or marked safe.

The allow-list keeps what CKEditor 5 produces (headings, lists, links, tables, figures with
images and captions, quotes) and drops everything else: scripts, event handlers, inline
styles, ``javascript:`` URLs, frames and unknown tags. The one frame kept is a video from VK
Video or Rutube (``portal.embeds``), which is rebuilt from the video's id, never passed through.
"""

import html
import re
import secrets
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

from portal import embeds
from portal.characters import xml_safe

ALLOWED_TAGS = (
    {"p", "br", "hr", "h2", "h3", "h4", "blockquote", "code", "pre", "span"}
    | {"strong", "b", "em", "i", "u", "s", "sub", "sup", "a"}
    | {"ul", "ol", "li"}
    | {"figure", "figcaption", "img", "picture"}
    | {"table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"}
)

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes"},
    "ol": {"start", "reversed"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
    "*": {"lang"},
}

ALLOWED_CLASSES = {
    "figure": {
        "image",
        "table",
        "image_resized",
        "image-style-side",
        "image-style-block-align-left",
        "image-style-block-align-right",
        "image-style-align-left",
        "image-style-align-right",
    },
    "span": {"image-inline"},
}

URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Dropped with everything inside them, not only their tags.
CLEAN_CONTENT_TAGS = {"script", "style", "iframe", "noscript", "template", "object"}

# The HTML parser behind nh3 checks the stack of open elements at every block tag, so its time
# grows with the square of the nesting: 200,000 nested <div> take minutes. Real text nests a
# dozen levels; deeper input is counted here in linear time and never reaches the parser.
MAX_NESTING = 100
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)[^>]*>")

# Where a tag opens or closes one of these, the words on either side are apart.
BLOCK_BOUNDARY = re.compile(
    r"<(?=/?(?:p|br|li|ul|ol|h[1-6]|div|blockquote|figure|figcaption|table|caption|tr|td|th|pre|hr)\b)",
    re.IGNORECASE,
)


def sanitize_html(value: str) -> str:
    """Return ``value`` reduced to the allow-list; safe to mark safe afterwards.

    Character references are decoded by the parser, so the characters XML forbids are
    removed from its output, not its input."""
    if not value:
        return ""
    if nesting_depth(value) > MAX_NESTING:
        return xml_safe(_as_plain_text(value))
    # Each recognised video waits as a paragraph holding an unguessable word while the rest is
    # cleaned, then takes the place of that paragraph in the form ``portal.embeds`` builds.
    marker = f"video-{secrets.token_hex(12)}-"
    videos: list[str] = []

    def hold(video: embeds.Video) -> str:
        videos.append(video.html())
        return f"<p>{marker}{len(videos) - 1}</p>"

    cleaned = nh3.clean(
        embeds.replace_videos(value, hold),
        tags=ALLOWED_TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_filter_attribute,
    )
    if videos:
        cleaned = re.sub(rf"<p>{marker}(\d+)</p>", lambda match: videos[int(match[1])], cleaned)
        cleaned = re.sub(rf"{marker}\d+", "", cleaned)
    return xml_safe(cleaned).strip()


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """nh3 checks the schemes of ``href`` and ``src`` but not of the candidates in ``srcset``."""
    if attribute == "srcset" and (
        any(ord(character) < 32 for character in value)
        or not all(
            _has_allowed_scheme(candidate.split()[0])
            for candidate in value.split(",")
            if candidate.strip()
        )
    ):
        return None
    return value


def _has_allowed_scheme(url: str) -> bool:
    try:
        scheme = urlsplit(url).scheme
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return not scheme or scheme in URL_SCHEMES


def nesting_depth(value: str, limit: int = MAX_NESTING) -> int:
    """How deeply the elements of ``value`` nest, counted by the parser's rules only roughly
    (never fewer levels than a browser would open); stops counting past ``limit``."""
    open_tags: list[str] = []
    deepest = 0
    for match in _TAG.finditer(value or ""):
        closing, name = match.group(1), match.group(2).lower()
        if closing:
            if name in open_tags:
                del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name) :]
        elif name not in VOID_TAGS:
            open_tags.append(name)
            deepest = max(deepest, len(open_tags))
            if deepest > limit:
                break
    return deepest


def _as_plain_text(value: str) -> str:
    """Text too deeply nested to parse safely keeps its words and loses its markup."""
    text = " ".join(html.unescape(_TAG.sub(" ", value)).split())
    return f"<p>{html.escape(text, quote=False)}</p>" if text else ""


def strip_tags(value: str) -> str:
    """The HTML fragment without its tags, character references left as they are."""
    if nesting_depth(value) > MAX_NESTING:
        return html.escape(" ".join(html.unescape(_TAG.sub(" ", value)).split()), quote=False)
    return nh3.clean(value or "", tags=set()).strip()


def plain_text(value: str) -> str:
    """The words of an HTML fragment: blocks kept apart, entities decoded, whitespace
    collapsed (for leads, meta descriptions, structured data and search)."""
    text = strip_tags(BLOCK_BOUNDARY.sub(" <", value or ""))
    return " ".join(html.unescape(text).split())


_SPACES = re.compile(r"[^\S\n\xa0\u202f]+")


def plain_text_paragraphs(value: str) -> str:
    """The words of an HTML fragment, one block a line (for feeds that want text): entities
    decoded, other whitespace collapsed, the no-break spaces of typography kept."""
    flowing = _SPACES.sub(" ", value or "").replace("\n", " ")
    text = html.unescape(strip_tags(BLOCK_BOUNDARY.sub("\n<", flowing)))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


class _ImageCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.undescribed: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            attributes = dict(attrs)
            if not (attributes.get("alt") or "").strip():
                self.undescribed.append(attributes.get("src") or "")


def undescribed_images(value: str) -> list[str]:
    """The ``src`` of every image in an HTML fragment that has no text alternative.

    The fragment is sanitised first: that is what will be stored, and Python's HTML parser
    raises on some malformed markup (``<![foo[``) that the sanitiser turns into nothing.
    """
    collector = _ImageCollector()
    collector.feed(sanitize_html(value or ""))
    collector.close()
    return collector.undescribed
