"""The SQLite backend of the search index: an FTS5 table of stemmed text per object.

SQLite has no Russian stemming of its own, so the text is stemmed in Python (Snowball, the
algorithm PostgreSQL's ``russian`` configuration uses) before it is stored, and the query's
words are stemmed the same way. One row per searchable object: its provider's kind, its id,
its stemmed text by weight (columns ``a`` … ``d``) and the plain words of its title (``words``,
the vocabulary typo suggestions are drawn from; never matched).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.backends.utils import CursorWrapper
from django.db.models.expressions import RawSQL

from portal.search.stemming import normalise, stem, stemmed, words

TABLE = "portal_search_index"
VOCABULARY = "portal_search_vocabulary"
WEIGHTS = ("A", "B", "C", "D")
# bm25 weights of the columns kind, object_id, a, b, c, d, words: the title weighs most.
COLUMN_WEIGHTS = "0, 0, 10.0, 4.0, 1.0, 0.5, 0"
# Stems this long or longer match as prefixes (as on PostgreSQL): «побратим» finds «побратимск».
PREFIX_LETTERS = 3

CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "kind UNINDEXED, object_id UNINDEXED, a, b, c, d, words, tokenize = 'unicode61')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCABULARY} USING fts5vocab({TABLE}, 'col')",
]
DROP = [f"DROP TABLE IF EXISTS {VOCABULARY}", f"DROP TABLE IF EXISTS {TABLE}"]


def store(
    cursor: CursorWrapper, kind: str, rows: Iterable[tuple[Any, Mapping[str, str], str]]
) -> None:
    """Replace the index rows of ``rows``: ``(object_id, {weight: text}, title)`` each."""
    rows = list(rows)
    cursor.executemany(
        f"DELETE FROM {TABLE} WHERE kind = %s AND object_id = %s",
        [(kind, object_id) for object_id, _texts, _title in rows],
    )
    cursor.executemany(
        f"INSERT INTO {TABLE} (kind, object_id, a, b, c, d, words) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s)",
        [
            (
                kind,
                object_id,
                *(stemmed(texts.get(weight, "")) for weight in WEIGHTS),
                " ".join(words(title)),
            )
            for object_id, texts, title in rows
        ],
    )


def forget(cursor: CursorWrapper, kind: str, object_id: int | str) -> None:
    cursor.execute(f"DELETE FROM {TABLE} WHERE kind = %s AND object_id = %s", [kind, object_id])


def match_expression(query_words: Iterable[str]) -> str:
    """An FTS5 query: every word's stem (as a prefix when long enough), in the text columns.

    Stems are letters and digits only, quoted: no input can be an FTS5 syntax error.
    """
    terms = []
    for word in query_words:
        stemmed_word = stem(normalise(word))
        terms.append(f'"{stemmed_word}"' + ("*" if len(stemmed_word) >= PREFIX_LETTERS else ""))
    return "{a b c d} : (" + " AND ".join(terms) + ")"


def matching_ids(kind: str, query_words: Iterable[str]) -> RawSQL:
    return RawSQL(
        f"SELECT object_id FROM {TABLE} WHERE {TABLE} MATCH %s AND kind = %s",
        [match_expression(query_words), kind],
    )


def rank(kind: str, query_words: Iterable[str], id_column: str) -> RawSQL:
    """The BM25 score of each row's match (higher is better), ``id_column`` its id in SQL."""
    return RawSQL(
        f"SELECT -bm25({TABLE}, {COLUMN_WEIGHTS}) FROM {TABLE} "
        f"WHERE {TABLE} MATCH %s AND kind = %s AND object_id = {id_column}",
        [match_expression(query_words), kind],
    )


def vocabulary(cursor: CursorWrapper) -> list[str]:
    """Every word of every indexed title."""
    cursor.execute(f"SELECT term FROM {VOCABULARY} WHERE col = 'words'")
    return [term for (term,) in cursor.fetchall()]
