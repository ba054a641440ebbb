"""Result snippets: rich text as plain words, and the matched words marked."""

import html
import re
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal.sanitize import strip_tags
from portal.search import limits

# ts_headline marks matches with these private-use characters; they become <mark> only after
# everything else has been escaped.
MARK_START, MARK_STOP = "\ue000", "\ue001"
_MARKS = re.compile(f"([{MARK_START}{MARK_STOP}])")
_BLOCK_TAG = re.compile(
    r"<(?=/?(?:p|br|li|ul|ol|h[1-6]|div|blockquote|figure|figcaption|table|caption|tr|td|th|pre|hr)\b)",
    re.IGNORECASE,
)


def plain_text(value: str) -> str:
    """The words of a rich-text fragment: blocks kept apart, entities decoded."""
    text = strip_tags(_BLOCK_TAG.sub(" <", value or ""))
    return " ".join(html.unescape(text).split())


def headline_html(raw: str) -> SafeString:
    """``ts_headline`` output as HTML: everything escaped but the <mark> put around matches."""
    parts, marked = [], False
    for piece in _MARKS.split(raw or ""):
        if piece in (MARK_START, MARK_STOP):
            marked = piece == MARK_START
        elif piece:
            text = escape(html.unescape(piece))
            parts.append(f"<mark>{text}</mark>" if marked else text)
    return mark_safe("".join(parts).strip())


def highlight(
    text: str,
    words: Sequence[str],
    limit: int = limits.SNIPPET_CHARS,
    *,
    whole_words: bool = False,
) -> SafeString:
    """An escaped excerpt of plain ``text`` around the first of ``words``, each in <mark>;
    with ``whole_words``, ``words`` are stems and the whole words starting with them are marked."""
    text = " ".join((text or "").split())
    if not text:
        return mark_safe("")
    alternatives = sorted({re.escape(word) for word in words if word}, key=len, reverse=True)
    pattern = None
    if alternatives:
        alternation = "|".join(alternatives)
        if whole_words:
            alternation = r"(?<!\w)(?:" + alternation.replace("е", "[её]") + r")\w*"
        pattern = re.compile(alternation, re.IGNORECASE)
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > limit // 3:
        start = text.rfind(" ", 0, first.start() - limit // 4) + 1
    excerpt = text[start : start + limit]
    if start + limit < len(text):
        excerpt = excerpt.rsplit(" ", 1)[0] + " …"
    if start:
        excerpt = "… " + excerpt
    parts, position = [], 0
    for match in pattern.finditer(excerpt) if pattern else ():
        parts += [escape(excerpt[position : match.start()]), f"<mark>{escape(match[0])}</mark>"]
        position = match.end()
    parts.append(escape(excerpt[position:]))
    return mark_safe("".join(parts))
