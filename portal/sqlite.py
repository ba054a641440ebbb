"""The embedded SQLite database: a LIKE that ignores the case of every letter, not only ASCII.

SQLite's own LIKE folds only ASCII letters, so on the embedded database the admin's search
(``icontains``) found «Торез» for «Торез» but not for «торез». Every SQLite connection gets
a LIKE that compares case-folded text instead; Django's escaping (``ESCAPE '\\'``) is kept.
PostgreSQL is not touched: its ILIKE already folds every letter.
"""

import re
from functools import lru_cache
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created


@lru_cache(maxsize=512)
def _like_pattern(pattern: str, escape: str | None) -> re.Pattern:
    parts, characters = [], iter(pattern)
    for char in characters:
        if escape and char == escape:
            parts.append(re.escape(next(characters, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL | re.IGNORECASE)


def unicode_like(pattern: str | None, value: object, escape: str | None = None) -> bool | None:
    """SQLite's ``like(pattern, value[, escape])`` with Unicode case folding."""
    if pattern is None or value is None:
        return None
    return (
        _like_pattern(str(pattern).casefold(), escape).fullmatch(str(value).casefold()) is not None
    )


def install_unicode_like(sender: object, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("like", 2, unicode_like, deterministic=True)
    raw.create_function("like", 3, unicode_like, deterministic=True)


def connect() -> None:
    connection_created.connect(install_unicode_like, dispatch_uid="portal-sqlite-unicode-like")
