"""What the reader typed, cleaned and split into words."""

import re
import unicodedata
from dataclasses import dataclass

from portal.search import limits
from portal.search.stemming import normalise

_WORD = re.compile(r"[^\W_]+")
_OPERATORS = re.compile(r'"|(?:^|\s)-|(?:^|\s)or(?:\s|$)', re.IGNORECASE)


def clean_query(raw: object) -> str:
    """What is left of anything typed into the search box: printable text, whitespace
    collapsed, at most ``MAX_QUERY_LENGTH`` characters. Control, format, private-use and
    unpaired surrogate characters (NUL included) become spaces, and so do ``'`` and ``\\``,
    which mean nothing to the web search syntax."""
    text = str(raw or "")[: limits.MAX_QUERY_LENGTH * 4]
    text = "".join(
        " " if unicodedata.category(char)[0] in "CZ" or char in "'\\" else char for char in text
    )
    return " ".join(text.split())[: limits.MAX_QUERY_LENGTH].strip()


@dataclass(frozen=True)
class SearchTerms:
    """A cleaned query and its words (letters and digits only)."""

    text: str
    words: tuple[str, ...]

    @classmethod
    def parse(cls, raw: object) -> "SearchTerms":
        text = clean_query(raw)
        words = tuple(dict.fromkeys(_WORD.findall(text)))[: limits.MAX_WORDS]
        return cls(text, words)

    def __bool__(self) -> bool:
        return bool(self.words)

    @property
    def too_long(self) -> bool:
        """A word longer than any real one: not searched for."""
        return max(map(len, self.words), default=0) > limits.MAX_WORD_LETTERS

    @property
    def allows_fuzzy(self) -> bool:
        """Short queries of plain words (no quotes, ``or`` or ``-word``) may match loosely."""
        return (
            len(self.words) <= limits.FUZZY_MAX_WORDS
            and limits.FUZZY_MIN_LETTERS
            <= max(map(len, self.words), default=0)
            <= limits.FUZZY_MAX_LETTERS
            and not _OPERATORS.search(self.text)
        )

    @property
    def plain_words(self) -> tuple[str, ...]:
        """The words the plain (SQLite) search requires; one-letter words only when alone."""
        return tuple(word for word in self.words if len(word) > 1) or self.words


def normalised_query(raw: object) -> str:
    """A query as pins are keyed: cleaned, lower case, «ё» as «е»."""
    return normalise(clean_query(raw))
