"""«Did you mean»: a query word that no title has, replaced by the closest one that some title has.

The vocabulary is small (the words of titles: on SQLite all of them, from the FTS5 index; on
PostgreSQL those of the titles the trigram fallback found), so difflib's ratio over it is
cheap and needs no extension. A word's Snowball stem is a candidate too: «побратимами» offers
«побратим», the form a reader most likely meant.
"""

import difflib
from collections.abc import Iterable

from portal.search.stemming import normalise, stem, words

CUTOFF = 0.75
MIN_STEM_LETTERS = 4


def suggest(query_words: Iterable[str], vocabulary: Iterable[str]) -> str:
    """The corrected query, or "" when every word is known or none has a close match."""
    candidates = set()
    for word in vocabulary:
        for known in words(word):
            candidates.add(known)
            if len(stem(known)) >= MIN_STEM_LETTERS:
                candidates.add(stem(known))
    corrected, changed = [], False
    for word in map(normalise, query_words):
        if word in candidates or stem(word) in candidates:
            corrected.append(word)
            continue
        closest = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=CUTOFF)
        corrected.append(closest[0] if closest else word)
        changed = changed or bool(closest)
    return " ".join(corrected) if changed else ""
