"""Checks of a text before it is published, as ГОСТ Р 52872-2019 (accessible web content) and
ГОСТ Р 70186-2022 (authoring tools) ask an editor's tool to make, and as editorial sense does.

``check_content(title=…, lead=…, body=…)`` is a pure function: it reads the texts (the body as
the sanitiser will store it) and returns a ``Report`` of errors, warnings, the word count (of
the lead and the text) and the reading time at ``WORDS_PER_MINUTE``. Messages are in the editor's language (Russian through translation).

Errors are what no reader can get round, so they block publishing:

* an empty heading — a screen reader announces a heading and reads nothing; its outline of
  the page has a hole;
* an image without alt text — the picture does not exist for whoever cannot see it;
* a missing lead — lists, feeds, search results and social previews show nothing;
* a title over 100 characters — search engines and social networks cut it, and the news list
  cards overflow.

Everything else is a warning, because it is sometimes right or only the editor can judge it:
a heading level may be skipped on purpose in a quoted document; «подробнее» may follow a
sentence that says where; a file name may really be the best description of a scan; a
small table may read fine without header cells; an abbreviation or a quoted sign may be in
capitals; a long paragraph may be a quoted decree; an imported lead may be long.
"""

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from portal.sanitize import plain_text, sanitize_html

TITLE_LIMIT = 100
LONG_PARAGRAPH = 1200
# Silent reading of Russian news prose: 150–180 words a minute; the lower end, because
# official texts are dense with names and numbers.
WORDS_PER_MINUTE = 150
# Fewer Cyrillic letters than this are an abbreviation or two (МЧС, ДНР), not text in capitals.
CAPITALS_MIN_LETTERS = 12
CAPITALS_SHARE = 0.7

VAGUE_LINK_TEXTS = {
    "здесь",
    "тут",
    "вот",
    "сюда",
    "подробнее",
    "подробно",
    "подробнее здесь",
    "подробнее тут",
    "подробнее по ссылке",
    "по ссылке",
    "ссылка",
    "ссылке",
    "ссылку",
    "далее",
    "читать",
    "читать далее",
    "читать полностью",
    "читать здесь",
    "перейти",
    "перейти по ссылке",
    "смотреть",
    "смотрите",
    "смотрите здесь",
    "нажмите",
    "нажмите здесь",
    "нажмите сюда",
    "кликните",
    "кликните здесь",
    "жмите",
    "жми",
    "еще",
    "ещё",
    "click here",
    "here",
    "more",
    "read more",
    "link",
}
_BARE_ADDRESS = re.compile(r"^(?:(?:https?|ftp)://|www\.|mailto:)\S+$", re.IGNORECASE)
_FILE_NAME = re.compile(
    r"^\S+\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?|heic)$"
    r"|^(?:img|dsc|dscn|dscf|pxl|photo|image|scan|snimok|foto)[-_ ]?\d+\S*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_EDGES = " \t\n\u00a0.,:;!?…«»„“”\"'()[]—–-"


@dataclass(frozen=True)
class Finding:
    code: str
    message: str


@dataclass
class Report:
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    words: int = 0

    @property
    def ok(self) -> bool:
        """Nothing blocks publishing."""
        return not self.errors

    @property
    def reading_minutes(self) -> int:
        return math.ceil(self.words / WORDS_PER_MINUTE) if self.words else 0

    @property
    def summary(self) -> str:
        words = ngettext("%(count)s word", "%(count)s words", self.words) % {"count": self.words}
        if not self.words:
            return words
        return _("%(words)s, about %(minutes)s min. to read") % {
            "words": words,
            "minutes": self.reading_minutes,
        }

    def error(self, code: str, message: str) -> None:
        self.errors.append(Finding(code, message))

    def warn(self, code: str, message: str) -> None:
        self.warnings.append(Finding(code, message))


def check_content(
    *,
    title: str = "",
    lead: str = "",
    body: str = "",
    lead_limit: int | None = None,
    lead_image_alt: str = "",
    lead_image_caption: str = "",
) -> Report:
    """Every check of the texts of one article (or any record with a title, lead and body)."""
    report = Report()
    title, lead = (title or "").strip(), (lead or "").strip()
    document = _parse(sanitize_html(body or ""))
    _check_title(report, title)
    _check_lead(report, lead, lead_limit)
    _check_headings(report, document)
    _check_links(report, document)
    _check_images(report, document)
    if lead_image_alt.strip():
        _check_alt(
            report,
            lead_image_alt,
            lead_image_caption,
            pgettext("the description of", "the lead image"),
        )
    _check_tables(report, document)
    _check_blocks(report, document)
    report.words = len(_WORD.findall(f"{lead} {plain_text(body or '')}"))
    return report


def _normal(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).strip(_EDGES).lower()


def _start(text: str, length: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length].rstrip() + "…"


def _in_capitals(text: str) -> bool:
    letters = _CYRILLIC.findall(text)
    if len(letters) < CAPITALS_MIN_LETTERS:
        return False
    return sum(letter.isupper() for letter in letters) / len(letters) >= CAPITALS_SHARE


def _check_title(report: Report, title: str) -> None:
    if len(title) > TITLE_LIMIT:
        report.error(
            "title_too_long",
            _(
                "The title is %(length)s characters long; at most %(limit)s can be published: "
                "search engines and social networks cut longer titles."
            )
            % {"length": len(title), "limit": TITLE_LIMIT},
        )
    if _in_capitals(title):
        report.warn("capitals", _("The title is in capitals: write it in ordinary letters."))


def _check_lead(report: Report, lead: str, limit: int | None) -> None:
    if not lead:
        report.error(
            "no_lead",
            _(
                "The lead is empty: write one or two sentences for the news lists, feeds and "
                "search results."
            ),
        )
        return
    if limit and len(lead) > limit:
        report.warn(
            "lead_too_long",
            _("The lead is %(length)s characters long, more than the limit of %(limit)s.")
            % {"length": len(lead), "limit": limit},
        )
    if _in_capitals(lead):
        report.warn("capitals", _("The lead is in capitals: write it in ordinary letters."))


def _check_headings(report: Report, document: "Node") -> None:
    previous = 1  # the article's title is the page's only first-level heading
    for node in document.find(*HEADINGS):
        level, text = int(node.tag[1]), node.text()
        if not _normal(text):
            report.error(
                "empty_heading",
                _("A level %(level)s heading is empty: write its text or remove it.")
                % {"level": level},
            )
        elif level > previous + 1:
            report.warn(
                "heading_order",
                _(
                    "The heading «%(heading)s» is level %(level)s right after level "
                    "%(previous)s: do not skip levels (the title of the page is level 1)."
                )
                % {"heading": _start(text), "level": level, "previous": previous},
            )
        previous = level


def _check_links(report: Report, document: "Node") -> None:
    for node in document.find("a"):
        href, text = node.attrs.get("href") or "", _normal(node.text())
        if not text:
            if not any(_normal(image.attrs.get("alt") or "") for image in node.find("img")):
                report.warn(
                    "empty_link",
                    _("A link has no text (%(url)s): write where it leads.") % {"url": href},
                )
        elif text in VAGUE_LINK_TEXTS:
            report.warn(
                "vague_link",
                _(
                    "The text of the link «%(text)s» says nothing about where it leads: name "
                    "the page or the document instead."
                )
                % {"text": " ".join(node.text().split())},
            )
        elif _BARE_ADDRESS.match(text) or text == _normal(href):
            report.warn(
                "address_as_link",
                _(
                    "An address is the text of a link (%(url)s): name the page or the "
                    "document instead."
                )
                % {"url": _start(node.text().strip(), 60)},
            )


def _check_images(report: Report, document: "Node") -> None:
    for figure in document.find("figure"):
        captions = list(figure.find("figcaption"))
        caption = captions[0].text() if captions else ""
        for image in figure.find("img"):
            image.caption = caption
    for image in document.find("img"):
        name = (image.attrs.get("src") or "").rsplit("/", 1)[-1] or "?"
        alt = image.attrs.get("alt") or ""
        if not alt.strip():
            report.error(
                "image_without_alt",
                _(
                    "The image %(name)s has no description (alt text) for readers who cannot "
                    "see it."
                )
                % {"name": name},
            )
        else:
            label = pgettext("the description of", "image %(name)s") % {"name": name}
            _check_alt(report, alt, image.caption, label, src=name)


def _check_alt(report: Report, alt: str, caption: str, name: str, src: str = "") -> None:
    if _FILE_NAME.match(alt.strip()) or (src and _normal(alt) == _normal(src)):
        report.warn(
            "alt_is_file_name",
            _("The description of %(name)s is a file name (%(alt)s): say what the picture shows.")
            % {"name": name, "alt": alt.strip()},
        )
    elif caption and _normal(alt) == _normal(caption):
        report.warn(
            "alt_repeats_caption",
            _(
                "The description of %(name)s repeats its caption, so it is read twice: say "
                "what the picture shows."
            )
            % {"name": name},
        )


def _check_tables(report: Report, document: "Node") -> None:
    for number, table in enumerate(document.find("table"), start=1):
        if next(table.find("th"), None) is None:
            report.warn(
                "table_without_header",
                _(
                    "Table %(number)s has no header row: make its first row the header "
                    "(«Строка заголовка» in the table's toolbar), so that each cell is read "
                    "with its column's name."
                )
                % {"number": number},
            )


def _check_blocks(report: Report, document: "Node") -> None:
    for node in document.find("p", "li", "blockquote", "figcaption", *HEADINGS):
        if any(parent.tag in TEXT_BLOCKS for parent in node.ancestors()):
            continue  # counted with the block it is in
        text = node.text()
        if _in_capitals(text):
            report.warn(
                "capitals",
                _(
                    "«%(start)s» is in capitals, which is hard to read and which screen "
                    "readers may spell out: write it in ordinary letters, use bold for "
                    "emphasis."
                )
                % {"start": _start(text)},
            )
        length = len(" ".join(text.split()))
        if node.tag == "p" and length > LONG_PARAGRAPH:
            report.warn(
                "long_paragraph",
                _(
                    "The paragraph «%(start)s» is %(length)s characters long: split it, "
                    "paragraphs over %(limit)s characters are hard to read on a phone."
                )
                % {"start": _start(text), "length": length, "limit": LONG_PARAGRAPH},
            )


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
TEXT_BLOCKS = {"p", "li", "blockquote", "figcaption", *HEADINGS}
VOID_TAGS = {"br", "hr", "img", "col", "wbr", "source"}


class Node:
    def __init__(
        self,
        tag: str,
        attrs: Iterable[tuple[str, str | None]] | None = None,
        parent: "Node | None" = None,
    ) -> None:
        self.tag = tag
        self.attrs: dict[str, str | None] = dict(attrs or {})
        self.parent = parent  # None only for the root
        self.children: list[Node | str] = []
        self.caption = ""  # of an image: the caption of its figure

    def text(self) -> str:
        return "".join(
            child if isinstance(child, str) else child.text() for child in self.children
        )

    def find(self, *tags: str) -> Iterator["Node"]:
        """Every element below this one named one of ``tags``, in document order."""
        for child in self.children:
            if isinstance(child, Node):
                if child.tag in tags:
                    yield child
                yield from child.find(*tags)

    def ancestors(self) -> Iterator["Node"]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _TreeBuilder(HTMLParser):
    """A tree of sanitised HTML (well formed: every element the sanitiser keeps is closed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID_TAGS:
            self.current = node

    def handle_endtag(self, tag: str) -> None:
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent or self.root  # only the root has no parent
        if node is not self.root:
            self.current = node.parent or self.root

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def _parse(value: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(value)
    builder.close()
    return builder.root
