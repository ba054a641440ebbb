"""Russian typography for what editors type: quotes, non-breaking spaces, dashes.

Our own module rather than a library: the Russian typographers on PyPI are unmaintained
(typus, richtypo, python-typograf: last releases 2017–2019) or send the text to a web service.

``typeset(text)`` works on plain text (titles, leads), ``typeset_html(html)`` on rich text,
where only the words change: tags, attributes (links, alt texts), the contents of ``<code>``
and ``<pre>``, web addresses and e-mail addresses stay exactly as they were. Every rule only
replaces one character by another (a space by a non-breaking one, a hyphen by a dash, a quote
by a quote), so running it again changes nothing: ``typeset(typeset(x)) == typeset(x)``.

* outer quotes become «ёлочки», quotes inside them „лапки“;
* a non-breaking space follows short prepositions, conjunctions and particles (в, и, на, не…)
  and precedes the particles же, ли, бы and an em dash (and follows the dash opening a line
  of dialogue);
* a hyphen or en dash with spaces on both sides becomes an em dash;
* a number and its unit or the word after it stay together («5 км», «10 %», «2026 г.»,
  «29 октября»), as do the groups of digits of a large number («100 000»), «№ 5», «т. е.»,
  «г. Торез», and initials with the surname («И. И. Иванов», «Иванов И. И.»).
"""

import html
import re
from html.parser import HTMLParser

from portal.sanitize import MAX_NESTING, nesting_depth, sanitize_html

NBSP = "\u00a0"

# Stand-ins, in the text of one block of rich text, for what is not text: an inline tag (seen
# through by the rules), a line break (a space to them) and a piece of code (a word to them).
TAG = "\ue000"
BREAK = "\ue001"
OPAQUE = "\ue002"

# fmt: off
SHORT_WORDS = [
    "в", "во", "к", "ко", "с", "со", "у", "о", "об", "обо", "от", "ото", "и", "а", "но", "да",
    "или", "на", "по", "за", "из", "до", "не", "ни", "для", "без", "под", "над", "при", "про",
    "через", "из-за", "из-под",
]
# fmt: on
POSTPOSITIVE = ("же", "ли", "бы", "ль", "б")
UNITS_AFTER_NUMBER = "%‰°₽$€"

_T = f"[{TAG}]*"  # any inline tags in between
_WORD_START = r"(?<![\w\-])"

_URL = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[^\s\"'«»„“”<>()\[\]]*[^\s\"'«»„“”<>()\[\].,;:!?]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.IGNORECASE,
)
_SPACED_DASH = re.compile(rf"(?:^|\s){_T}([-–])(?={_T}\s)")
_AFTER_OPENING_DASH = re.compile(rf"(?:^|[{BREAK}]){_T}—{_T}( )")
_SPACE_BEFORE_DASH = re.compile(rf"[^\s{BREAK}]{_T}( )(?={_T}—)")
_SHORT_WORD = re.compile(
    rf"{_WORD_START}(?:{'|'.join(re.escape(word) for word in SHORT_WORDS)}){_T}( )"
    rf"(?={_T}[^\s{BREAK}\-–—])",
    re.IGNORECASE,
)
_BEFORE_PARTICLE = re.compile(
    rf"[^\W\d_]{_T}( )(?={_T}(?:{'|'.join(POSTPOSITIVE)})(?![\w\-]))", re.IGNORECASE
)
_NUMBER_AND_WORD = re.compile(rf"\d{_T}( )(?={_T}(?:[a-zа-яё]|[{UNITS_AFTER_NUMBER}]))")
_DIGIT_GROUPS = re.compile(r"(?<![\d,.])\d{1,3}(?:( )\d{3})+(?![\d,.])")
_SIGN_AND_NUMBER = re.compile(rf"[№§]{_T}( )(?={_T}\d)")
_ABBREVIATION = re.compile(rf"{_WORD_START}(?:т|и|др|пр)\.{_T}( )(?={_T}[едпкч]\.)")
_ABBREVIATION_BEFORE_NAME = re.compile(
    rf"{_WORD_START}(?:им|г|гг|ул|пл|пер|просп|д|акад|проф)\.{_T}( )(?={_T}[A-ZА-ЯЁ\d])"
)
_INITIAL = re.compile(rf"(?<![\w\-])[A-ZА-ЯЁ]\.{_T}( )(?={_T}[A-ZА-ЯЁ])")
_SURNAME_AND_INITIAL = re.compile(rf"[а-яё]{_T}( )(?={_T}[А-ЯЁ]\.)")

_OPENING_QUOTES = "«„"
_CLOSING_QUOTES = "»"
_EITHER_QUOTES = '"“”'
_QUOTES = _OPENING_QUOTES + _CLOSING_QUOTES + _EITHER_QUOTES
_BEFORE_OPENING = "([{-–—/" + BREAK
_AFTER_CLOSING = ".,;:!?…)]}" + BREAK
_QUOTE_PAIRS = (("«", "»"), ("„", "“"))


def typeset(text: str) -> str:
    """``text`` (plain, one line or several) set by the rules of Russian typography."""
    if not text:
        return text
    return _typeset_run(text)


def typeset_html(value: str) -> str:
    """Rich text with the words of its text nodes typeset; sanitised first, as it is stored.

    Markup nested deeper than the sanitiser keeps is returned as it came: sanitising would
    flatten it to plain text before the form's own check could refuse it with a message."""
    if not value or nesting_depth(value) > MAX_NESTING:
        return value
    composer = _Composer()
    composer.feed(_stably_sanitised(value))
    composer.close()
    return composer.result()


def _stably_sanitised(value: str) -> str:
    """The sanitiser's output, sanitised again until it no longer changes: its parser writes a
    heading opened inside a heading (``<h2><em><h2>``) nested, and reads that back as two."""
    clean = sanitize_html(value)
    for _attempt in range(3):
        again = sanitize_html(clean)
        if again == clean:
            break
        clean = again
    return clean


def _typeset_run(text: str, protected: set[int] | None = None) -> str:
    """Typeset one run of text in which the stand-ins above may mark what is not text."""
    chars = list(text)
    protected = set(protected or ())
    for match in _URL.finditer(text):
        protected.update(range(match.start(), match.end()))

    def replace(pattern: re.Pattern[str], new: str, group: int = 0) -> None:
        for match in pattern.finditer("".join(chars)):
            if group and match.group(group) is None:
                continue
            start, end = match.span(group)
            for index in range(start, end):
                if index not in protected and chars[index] != new:
                    chars[index] = new

    replace(_SPACED_DASH, "—", 1)
    replace(_SPACE_BEFORE_DASH, NBSP, 1)
    replace(_AFTER_OPENING_DASH, NBSP, 1)
    replace(_SHORT_WORD, NBSP, 1)
    replace(_BEFORE_PARTICLE, NBSP, 1)
    replace(_SIGN_AND_NUMBER, NBSP, 1)
    replace(_ABBREVIATION, NBSP, 1)
    replace(_ABBREVIATION_BEFORE_NAME, NBSP, 1)
    replace(_INITIAL, NBSP, 1)
    replace(_SURNAME_AND_INITIAL, NBSP, 1)
    for match in _DIGIT_GROUPS.finditer("".join(chars)):
        for index in range(match.start(), match.end()):
            if chars[index] == " " and index not in protected:
                chars[index] = NBSP
    replace(_NUMBER_AND_WORD, NBSP, 1)
    _set_quotes(chars, protected)
    return "".join(chars)


def _neighbour(chars: list[str], index: int, step: int) -> str:
    """The character next to ``index`` in direction ``step``, seeing through inline tags;
    "" at either end of the run."""
    index += step
    while 0 <= index < len(chars) and chars[index] == TAG:
        index += step
    return chars[index] if 0 <= index < len(chars) else ""


def _set_quotes(chars: list[str], protected: set[int]) -> None:
    """Every quote mark becomes «» at the outer level and „“ inside, by where it stands."""
    depth = 0
    opened_last: dict[int, bool] = {}  # index of a quote mark -> whether it was found to open
    for index, char in enumerate(chars):
        if char not in _QUOTES or index in protected:
            continue
        before, after = _neighbour(chars, index, -1), _neighbour(chars, index, 1)
        if char in _OPENING_QUOTES:
            opening = True
        elif char in _CLOSING_QUOTES or (char == "“" and depth >= 2 and depth % 2 == 0):
            opening = False  # “ closes „ (and is what a closed „ became)
        elif _opens_by_what_is_before(before, chars, index, opened_last):
            opening = True
        elif not after or after.isspace() or after in _AFTER_CLOSING or after in _QUOTES:
            opening = False
        else:
            opening = depth == 0
        if opening:
            chars[index] = _QUOTE_PAIRS[depth % 2][0]
            depth += 1
        elif depth:
            depth -= 1
            chars[index] = _QUOTE_PAIRS[depth % 2][1]
        opened_last[index] = opening


def _opens_by_what_is_before(
    before: str, chars: list[str], index: int, opened_last: dict[int, bool]
) -> bool:
    if not before or before.isspace() or before in _BEFORE_OPENING:
        return True
    return before in _QUOTES and _previous_quote_opened(chars, index, opened_last)


def _previous_quote_opened(chars: list[str], index: int, opened_last: dict[int, bool]) -> bool:
    index -= 1
    while index >= 0 and chars[index] == TAG:
        index -= 1
    return opened_last.get(index, False)


# Tags that end a run of text: the rules never look across them.
BLOCK_TAGS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "figure",
    "figcaption",
    "picture",
    "table",
    "caption",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "hr",
}
VERBATIM_TAGS = {"code", "pre"}
VOID_TAGS = {"br", "hr", "img", "col", "wbr", "source"}


def _escape(text: str) -> str:
    """Text escaped as the sanitiser writes it, so that sanitising the result changes nothing."""
    return html.escape(text, quote=False).replace(NBSP, "&nbsp;")


class _Composer(HTMLParser):
    """Re-writes sanitised HTML piece by piece: tags as they were, each block's text typeset
    as one run (so that a quote opened before <em> closes after it)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        # The current run: (kind, text) pieces, kind "text", "tag", "break" or "verbatim".
        self.run: list[tuple[str, str]] = []
        self.verbatim_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""  # None only outside a start tag's handling
        if self.verbatim_depth:
            self.run.append(("verbatim", raw))
            if tag in VERBATIM_TAGS:
                self.verbatim_depth += 1
        elif tag in VERBATIM_TAGS:
            self.verbatim_depth = 1
            self.run.append(("verbatim", raw))
        elif tag in BLOCK_TAGS:
            self.flush()
            self.out.append(raw)
        elif tag == "br":
            self.run.append(("break", raw))
        else:
            self.run.append(("tag", raw))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        raw = f"</{tag}>"
        if self.verbatim_depth:
            self.run.append(("verbatim", raw))
            if tag in VERBATIM_TAGS:
                self.verbatim_depth -= 1
        elif tag in BLOCK_TAGS:
            self.flush()
            self.out.append(raw)
        else:
            self.run.append(("tag", raw))

    def handle_data(self, data: str) -> None:
        if self.verbatim_depth:
            self.run.append(("verbatim", _escape(data)))
        else:
            self.run.append(("text", data))

    def flush(self) -> None:
        if not self.run:
            return
        stand_in = {"tag": TAG, "break": BREAK, "verbatim": OPAQUE}
        text = "".join(piece if kind == "text" else stand_in[kind] for kind, piece in self.run)
        typeset_text = _typeset_run(text)
        position = 0
        for kind, piece in self.run:
            if kind == "text":
                self.out.append(_escape(typeset_text[position : position + len(piece)]))
                position += len(piece)
            else:
                self.out.append(piece)
                position += 1
        self.run = []

    def result(self) -> str:
        self.flush()
        return "".join(self.out)
