"""The engine: every provider's matches merged, counted, ranked and paged in one query."""

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import OperationalError, connections, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import QuerySet

from portal.search import limits, sqlite_index
from portal.search.pins import with_pins
from portal.search.providers import (
    FULLTEXT,
    FUZZY,
    PLAIN,
    STEMMED,
    SearchHit,
    SearchProvider,
    registry,
)
from portal.search.query import SearchTerms
from portal.search.suggestions import suggest


@dataclass(frozen=True)
class Facet:
    kind: str
    label: str
    count: int
    more: bool = False  # more than ``count`` (= limits.CANDIDATES) matches


class _CountedPaginator(Paginator):
    """Page numbers over a count the search already knows; the rows come separately."""

    def __init__(self, per_page: int, *, count: int) -> None:
        super().__init__((), per_page)
        self._count = count

    @property
    def count(self) -> int:
        return self._count


@dataclass
class SearchResults:
    terms: SearchTerms
    mode: str
    facets: list[Facet]
    total: int
    page: Page
    hits: list[SearchHit] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # the kinds shown
    suggestion: str = ""  # «Did you mean»: the query with its misspelt words corrected

    @property
    def capped(self) -> bool:
        """More was found than the pages reach: the reader should narrow the query."""
        return self.total > self.page.paginator.count

    @property
    def more(self) -> bool:
        """``total`` is a lower bound: some kind found more than it counts."""
        return any(facet.more and facet.count for facet in self.facets if facet.kind in self.kinds)


class SearchTookTooLong(Exception):
    """The database cancelled a statement of the search: the reader should narrow the query."""


def search(
    terms: SearchTerms,
    *,
    kinds: Iterable[str] = (),
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    page: int | str | None = 1,
    using: str = "default",
) -> SearchResults:
    """One page of everything public that matches ``terms``, best first."""
    kinds = set(kinds)
    dated = bool(date_from or date_to)
    providers = [p for p in registry.providers() if terms and (p.dated or not dated)]
    arguments: dict[str, Any] = {
        "terms": terms,
        "providers": providers,
        "date_from": date_from,
        "date_to": date_to,
        "kinds": kinds,
        "page": page,
    }
    vendor = connections[using].vendor
    if vendor == "sqlite":
        return with_pins(_search_sqlite(using, **arguments), kinds=kinds, using=using)
    if vendor != "postgresql":
        return with_pins(_search(mode=PLAIN, **arguments), kinds=kinds, using=using)
    try:
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            timeout = round(settings.SEARCH_STATEMENT_TIMEOUT * 1000)
            cursor.execute("SET LOCAL statement_timeout = %s", [timeout])
            return with_pins(_search_postgres(cursor, **arguments), kinds=kinds, using=using)
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == limits.QUERY_CANCELED:
            raise SearchTookTooLong from error
        raise


def _found_nothing(results: SearchResults) -> bool:
    return bool(results.facets) and not any(facet.count for facet in results.facets)


def _search_postgres(cursor: CursorWrapper, **arguments: Any) -> SearchResults:
    """Full-text search, and the trigram fallback when it finds nothing."""
    results = _search(mode=FULLTEXT, **arguments)
    terms = arguments["terms"]
    if _found_nothing(results) and terms.allows_fuzzy:
        cursor.execute(
            "SET LOCAL pg_trgm.word_similarity_threshold = %s", [limits.FUZZY_THRESHOLD]
        )
        results = _search(mode=FUZZY, **arguments)
        titles = [hit.title for hit in results.hits]
        results.suggestion = suggest(terms.words, titles)
    return results


def _search_sqlite(using: str, **arguments: Any) -> SearchResults:
    """The FTS5 index of stems; when it finds nothing, the query with its misspelt words
    corrected from the words of the titles."""
    results = _search(mode=STEMMED, **arguments)
    terms = arguments["terms"]
    if _found_nothing(results) and terms.allows_fuzzy:
        with connections[using].cursor() as cursor:
            suggestion = suggest(terms.words, sqlite_index.vocabulary(cursor))
        if suggestion:
            corrected = SearchTerms.parse(suggestion)
            results = _search(mode=STEMMED, **{**arguments, "terms": corrected})
            results = replace(results, terms=terms, mode=FUZZY, suggestion=suggestion)
    return results


def _search(
    *,
    mode: str,
    terms: SearchTerms,
    providers: list[SearchProvider],
    date_from: dt.date | None,
    date_to: dt.date | None,
    kinds: Collection[str],
    page: Any,
) -> SearchResults:
    matches = [
        provider.matches(terms, mode=mode, date_from=date_from, date_to=date_to)
        for provider in providers
    ]
    shown_kinds = [p.kind for p in providers if not kinds or p.kind in kinds]
    wanted = _page_number(page)
    counts, page_rows = _count_and_rank(matches, shown_kinds, wanted)
    facets = [
        Facet(
            kind=p.kind,
            label=str(p.label),
            count=min(counts.get(p.kind, 0), limits.CANDIDATES),
            more=counts.get(p.kind, 0) > limits.CANDIDATES,
        )
        for p in registry.providers()
    ]
    counts = {facet.kind: facet.count for facet in facets}
    chosen = [kind for kind in shown_kinds if counts.get(kind)]
    total = sum(counts[kind] for kind in chosen)
    paginator = _CountedPaginator(
        limits.PAGE_SIZE, count=min(total, limits.PAGE_SIZE * limits.MAX_PAGES)
    )
    number = paginator.get_page(page).number
    if number != wanted:  # a page number out of range: the last page is shown instead
        page_rows = _count_and_rank(matches, shown_kinds, number)[1]
    # Kinds found more than they count (``limits.CANDIDATES + 1``) leave a row beyond the count.
    page_rows = page_rows[: paginator.count - (number - 1) * limits.PAGE_SIZE]
    page_obj = Page(page_rows, number, paginator)
    by_kind: defaultdict[str, list[Any]] = defaultdict(list)
    for row in page_rows:
        by_kind[row["hit_kind"]].append(row["hit_id"])
    providers_by_kind = {provider.kind: provider for provider in providers}
    found = {
        (kind, pk): hit
        for kind, ids in by_kind.items()
        for pk, hit in providers_by_kind[kind].hits(ids, terms, mode=mode).items()
    }
    hits = [
        replace(found[key], rank=row["hit_rank"] or 0.0)
        for row in page_rows
        if (key := (row["hit_kind"], row["hit_id"])) in found
    ]
    return SearchResults(
        terms=terms, mode=mode, facets=facets, total=total, page=page_obj, hits=hits, kinds=chosen
    )


def _page_number(page: Any) -> int:
    """The page asked for, as a first guess (no page lies beyond ``limits.MAX_PAGES``)."""
    try:
        return min(max(1, int(page)), limits.MAX_PAGES)
    except (TypeError, ValueError, OverflowError):
        return 1


def _count_and_rank(
    matches: list[QuerySet[Any]], kinds: list[str], number: int
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """``({kind: number of matches}, rows of page ``number`` of ``kinds``)`` in one query.

    The matches of every provider are ranked once (a CTE that PostgreSQL computes once); the
    database counts them and sorts only the page asked for, so neither the counting nor the
    thousands of ranked rows cost a second pass or a trip to Python.
    """
    if not matches:
        return {}, []
    kinds = kinds or [""]  # no kind shown: the counts are still wanted, no row is
    first, *others = matches
    union = first.union(*others, all=True) if others else first
    hits_sql, params = union.query.sql_with_params()
    connection = connections[union.db]
    kind_list = ", ".join(["%s"] * len(kinds))
    sql = f"""
        WITH hits AS ({hits_sql})
        SELECT hit_kind, CAST(NULL AS BIGINT), CAST(NULL AS DOUBLE PRECISION), COUNT(*)
        FROM hits GROUP BY hit_kind
        UNION ALL
        SELECT * FROM (
            SELECT hit_kind, hit_id, hit_rank, CAST(NULL AS BIGINT) FROM hits
            WHERE hit_kind IN ({kind_list})
            ORDER BY hit_rank DESC, hit_date DESC NULLS LAST, hit_kind, hit_id
            LIMIT %s OFFSET %s
        ) AS page_rows
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *kinds, limits.PAGE_SIZE, (number - 1) * limits.PAGE_SIZE])
        result = cursor.fetchall()
    counts = {kind: count for kind, _id, _rank, count in result if count is not None}
    rows = [
        {"hit_kind": kind, "hit_id": pk, "hit_rank": rank}
        for kind, pk, rank, count in result
        if count is None
    ]
    return counts, rows
