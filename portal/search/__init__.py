"""Site search: the registry the apps fill in, and the engine that merges what they find.

``portal`` knows neither news nor partnerships. Each app registers *providers* in its
``AppConfig.ready()`` and the search view asks only this registry. A provider turns the
reader's query into a queryset of *hit rows* shaped alike (``HIT_COLUMNS``), so the database
merges, ranks, counts and pages every kind of content in one ``UNION ALL``; then only the rows
of the page shown are turned into ``SearchHit`` objects (title, address, snippet) by the
provider that found them, one query per kind at most.

How a query is matched:

* PostgreSQL: full-text search with the ``russian`` configuration. The query is read with
  ``websearch_to_tsquery`` (quotes, ``or`` and ``-word`` work; no input is a syntax error) and
  every stem of three letters or more is matched as a prefix, so «побратим» finds
  «побратимом» and «побратимских» (stem «побратимск»). Ranked with ``ts_rank`` (title weighs
  more than the lead, the lead more than the text), quoted with ``ts_headline``. When that finds
  nothing, titles with a word similar to a short query (pg_trgm) are the typo-tolerant fallback.
* SQLite (the embedded default): an FTS5 table of Snowball stems (``sqlite_index``), every
  stem of the query matched as a prefix, ranked by BM25 with the title weighing most. When that
  finds nothing, misspelt words are corrected from the words of titles (``suggestions``) and the
  corrected query is searched instead.
* Both: «Возможно, вы имели в виду: …» on a typo; a provider's ``exact_matches`` (a partner
  named exactly as the query, then its agreements) rank above everything; editors' pins
  (``pins``) come first on the first page. The index is kept current by ``upkeep``.
* Other databases: every word must occur in one of the fields; matches in the title first.

The work per search is capped: a word longer than ``MAX_WORD_LETTERS`` is not searched for
(``SearchTerms.too_long``), the trigram fallback takes words of at most ``FUZZY_MAX_LETTERS``,
and on PostgreSQL every statement of a search is cancelled after
``settings.SEARCH_STATEMENT_TIMEOUT`` seconds (``SearchTookTooLong``).

The modules: ``query`` (what was typed), ``expressions`` (PostgreSQL), ``snippets``,
``providers`` (and the registry), ``planning`` (the cheaper plan for large tables),
``engine`` (merging and paging), ``upkeep``, ``sqlite_index`` and ``stemming`` (the index),
``suggestions``, ``pins``; ``limits`` holds the numbers that bound the work.
"""

from portal.search.engine import (
    Facet,
    SearchResults,
    SearchTookTooLong,
    _search,
    search,
)
from portal.search.limits import (
    CANDIDATES,
    MAX_PAGES,
    MAX_QUERY_LENGTH,
    MAX_WORD_LETTERS,
    MAX_WORDS,
    PAGE_SIZE,
    SEARCH_CONFIG,
)
from portal.search.providers import (
    FULLTEXT,
    FUZZY,
    HIT_COLUMNS,
    PLAIN,
    STEMMED,
    ModelSearchProvider,
    SearchHit,
    SearchProvider,
    SearchRegistry,
    registry,
    start_of_day,
)
from portal.search.query import SearchTerms, clean_query
from portal.search.snippets import headline_html, highlight, plain_text

__all__ = [
    "CANDIDATES",
    "FULLTEXT",
    "FUZZY",
    "HIT_COLUMNS",
    "MAX_PAGES",
    "MAX_QUERY_LENGTH",
    "MAX_WORDS",
    "MAX_WORD_LETTERS",
    "PAGE_SIZE",
    "PLAIN",
    "SEARCH_CONFIG",
    "STEMMED",
    "Facet",
    "ModelSearchProvider",
    "SearchHit",
    "SearchProvider",
    "SearchRegistry",
    "SearchResults",
    "SearchTerms",
    "SearchTookTooLong",
    "_search",
    "clean_query",
    "headline_html",
    "highlight",
    "plain_text",
    "registry",
    "search",
    "start_of_day",
]
