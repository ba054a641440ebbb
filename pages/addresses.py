"""Which addresses a page may take: none that another part of the site answers.

Pages are served by the catch-all pattern at the end of the root URLconf, so every other URL
wins over a page. A page whose address another view answers would never be seen, so it is
refused: the first segments of the URLconf's own patterns (``news``, ``admin``, ``api``…, read
from the URLconf, not a hand-kept list) are not slugs of top-level pages, and any path that
resolves to another view is refused too.
"""

import re
from functools import cache

from django.urls import Resolver404, get_resolver, resolve
from django.urls.resolvers import URLPattern, URLResolver

CATCH_ALL_NAME = "pages:page"
# A literal first segment of a pattern: letters, digits, hyphens, underscores, dots.
_LITERAL = re.compile(r"^\^?([\w.-]+)(?:/|\\/|$)")


def _first_segment(pattern: URLPattern | URLResolver) -> str | None:
    match = _LITERAL.match(str(pattern.pattern))
    return match.group(1) if match else None


@cache
def taken_first_segments() -> frozenset[str]:
    """The first segments of every address the URLconf answers, the pages' own excepted."""
    taken: set[str] = set()
    pending = list(get_resolver().url_patterns)
    while pending:
        pattern = pending.pop()
        segment = _first_segment(pattern)
        if segment:
            taken.add(segment.lower())
        elif isinstance(pattern, URLResolver) and getattr(pattern, "namespace", None) != "pages":
            # Included at the root ("" prefix): its own patterns' first segments count.
            pending.extend(pattern.url_patterns)
    return frozenset(taken)


def answered_elsewhere(path: str) -> bool:
    """Does a view other than the pages' answer ``path``?"""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name != CATCH_ALL_NAME
