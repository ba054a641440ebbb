"""Russian stems for the SQLite index (PostgreSQL stems with its own ``russian`` configuration)."""

import re
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W_]+")
_stemmer = snowballstemmer.stemmer("russian")


def normalise(text: str) -> str:
    """Lower case, «ё» as «е»: how both the index and the queries spell words."""
    return (text or "").lower().replace("ё", "е")


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    return _stemmer.stemWord(normalise(word))


def stemmed(text: str) -> str:
    """``text`` as the space-separated stems of its words."""
    return " ".join(stem(word) for word in words(text))
