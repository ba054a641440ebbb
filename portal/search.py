"""Site search: the registry the apps fill in, and the engine that merges what they find.

``portal`` knows neither news nor partnerships. Each app registers *providers* under the
``SEARCH_PROVIDERS`` hook and the search view asks only this registry. A provider turns the
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
* Other databases (the embedded SQLite): every word must occur in one of the fields; matches in
  the title come first.

The work per search is capped: a word longer than ``MAX_WORD_LETTERS`` is not searched for
(``SearchTerms.too_long``), the trigram fallback takes words of at most ``FUZZY_MAX_LETTERS``,
and on PostgreSQL every statement of a search is cancelled after
``settings.SEARCH_STATEMENT_TIMEOUT`` seconds (``SearchTookTooLong``).
"""

import datetime as dt
import html
import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import reduce
from operator import add, or_
from typing import Protocol

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.core.paginator import Page, Paginator
from django.db import OperationalError, connections, transaction
from django.db.models import (
    BooleanField,
    Case,
    DateField,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal import hooks
from portal.sanitize import strip_tags

SEARCH_CONFIG = "russian"
MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
# No Russian word is longer; a longer one is a paste or a probe, and costs the most to match.
MAX_WORD_LETTERS = 40
PAGE_SIZE = 10
MAX_PAGES = 50
# A provider with ``newest_first`` ranks only this many of its newest matches: a word found in
# most of 100,000 articles is then still answered in milliseconds, not seconds: as many as the
# pages can show.
CANDIDATES = PAGE_SIZE * MAX_PAGES
# Full-text matches of such a provider are found by walking its date index when PostgreSQL
# expects at least this share of its rows to match, otherwise through the GIN index. (The
# planner overestimates prefix matches about twofold; the break-even is near 17 % real.)
INDEX_WALK_SHARE = 0.3
# The bitmap is first tried on this many times the newest rows that should hold the candidates.
WINDOW_MARGIN = 3
# The trigram fallback: for queries of at most this many words, one of them this long at
# least, on titles with an extent this similar (word_similarity «побротим» ~ «побратимом»: 0.44).
FUZZY_MAX_WORDS = 3
FUZZY_MIN_LETTERS = 4
FUZZY_MAX_LETTERS = 24
FUZZY_THRESHOLD = 0.4
SNIPPET_CHARS = 280
# PostgreSQL's code for a statement cancelled by statement_timeout.
QUERY_CANCELED = "57014"

FULLTEXT, FUZZY, PLAIN = "fulltext", "fuzzy", "plain"
HIT_COLUMNS = ("hit_kind", "hit_id", "hit_rank", "hit_date")
WEIGHT_SCORES = {"A": 3.0, "B": 2.0, "C": 1.0, "D": 0.5}

# ts_headline marks matches with these private-use characters; they become <mark> only after
# everything else has been escaped.
_MARK_START, _MARK_STOP = "\ue000", "\ue001"
_MARKS = re.compile(f"([{_MARK_START}{_MARK_STOP}])")
_WORD = re.compile(r"[^\W_]+")
_OPERATORS = re.compile(r'"|(?:^|\s)-|(?:^|\s)or(?:\s|$)', re.IGNORECASE)
_BLOCK_TAG = re.compile(
    r"<(?=/?(?:p|br|li|ul|ol|h[1-6]|div|blockquote|figure|figcaption|table|caption|tr|td|th|pre|hr)\b)",
    re.IGNORECASE,
)


# -- the query -------------------------------------------------------------------------------


def clean_query(raw) -> str:
    """What is left of anything typed into the search box: printable text, whitespace
    collapsed, at most ``MAX_QUERY_LENGTH`` characters. Control, format, private-use and
    unpaired surrogate characters (NUL included) become spaces, and so do ``'`` and ``\\``,
    which mean nothing to the web search syntax."""
    text = str(raw or "")[: MAX_QUERY_LENGTH * 4]
    text = "".join(
        " " if unicodedata.category(char)[0] in "CZ" or char in "'\\" else char for char in text
    )
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


@dataclass(frozen=True)
class SearchTerms:
    """A cleaned query and its words (letters and digits only)."""

    text: str
    words: tuple[str, ...]

    @classmethod
    def parse(cls, raw) -> "SearchTerms":
        text = clean_query(raw)
        words = tuple(dict.fromkeys(_WORD.findall(text)))[:MAX_WORDS]
        return cls(text, words)

    def __bool__(self):
        return bool(self.words)

    @property
    def too_long(self) -> bool:
        """A word longer than any real one: not searched for."""
        return max(map(len, self.words), default=0) > MAX_WORD_LETTERS

    @property
    def allows_fuzzy(self) -> bool:
        """Short queries of plain words (no quotes, ``or`` or ``-word``) may match loosely."""
        return (
            len(self.words) <= FUZZY_MAX_WORDS
            and FUZZY_MIN_LETTERS <= max(map(len, self.words), default=0) <= FUZZY_MAX_LETTERS
            and not _OPERATORS.search(self.text)
        )

    @property
    def plain_words(self) -> tuple[str, ...]:
        """The words the plain (SQLite) search requires; one-letter words only when alone."""
        return tuple(word for word in self.words if len(word) > 1) or self.words


# -- database expressions -------------------------------------------------------------------


class StemPrefixQuery(SearchQuery):
    """``websearch_to_tsquery`` whose stems of three letters or more match as prefixes:
    ``'побратим'`` becomes ``'побратим':*``, which also matches ``'побратимск'``."""

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = super().as_sql(compiler, connection, function, template)
        return (
            f"REGEXP_REPLACE(({sql})::text, %s, %s, 'g')::tsquery",
            [*params, r"'([^']{3,})'", r"'\1':*"],
        )


class WordSimilar(Func):
    """PostgreSQL ``text <% field``: the field has an extent similar to ``text`` (pg_trgm;
    served by a GIN trigram index, threshold ``pg_trgm.word_similarity_threshold``)."""

    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class HtmlToText(Func):
    """PostgreSQL: stored (sanitised) rich text with its tags replaced by spaces."""

    function = "REGEXP_REPLACE"
    output_field = TextField()

    def __init__(self, expression):
        super().__init__(expression, Value("<[^>]*>"), Value(" "), Value("g"))


# -- text helpers ----------------------------------------------------------------------------


def plain_text(value: str) -> str:
    """The words of a rich-text fragment: blocks kept apart, entities decoded."""
    text = strip_tags(_BLOCK_TAG.sub(" <", value or ""))
    return " ".join(html.unescape(text).split())


def headline_html(raw: str) -> SafeString:
    """``ts_headline`` output as HTML: everything escaped but the <mark> put around matches."""
    parts, marked = [], False
    for piece in _MARKS.split(raw or ""):
        if piece in (_MARK_START, _MARK_STOP):
            marked = piece == _MARK_START
        elif piece:
            text = escape(html.unescape(piece))
            parts.append(f"<mark>{text}</mark>" if marked else text)
    return mark_safe("".join(parts).strip())


def highlight(text: str, words: Sequence[str], limit: int = SNIPPET_CHARS) -> SafeString:
    """An escaped excerpt of plain ``text`` around the first of ``words``, each in <mark>."""
    text = " ".join((text or "").split())
    if not text:
        return mark_safe("")
    alternatives = sorted({re.escape(word) for word in words if word}, key=len, reverse=True)
    pattern = re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None
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


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the site's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# -- providers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    """One result as the results page shows it; ``snippet`` is safe HTML."""

    kind: str
    kind_label: str
    title: str
    url: str
    snippet: str = ""
    date: dt.date | None = None
    date_text: str = ""
    date_iso: str = ""
    meta: str = ""
    rank: float = 0.0


class SearchProvider(Protocol):
    """What the engine needs from a provider (``ModelSearchProvider`` does it for a model)."""

    kind: str  # a short identifier, used in ?type=
    label: str  # the kind of content in the plural, for the type filter
    dated: bool  # False: left out whenever the reader filters by date

    def matches(self, terms: SearchTerms, *, mode: str, date_from=None, date_to=None) -> QuerySet:
        """Rows of ``HIT_COLUMNS`` for every public object matching ``terms``."""

    def hits(self, ids: Sequence, terms: SearchTerms, *, mode: str) -> dict:
        """``{id: SearchHit}`` for the given ids, in one query."""


class ModelSearchProvider:
    """A provider over one model, configured by attributes.

    ``fields`` pairs each searched field with its weight (A: the title … D); rich-text fields are
    matched by their words only. A model that keeps its own weighted search vector names it in
    ``vector_field``; otherwise the vector is computed from ``fields`` at query time. Large
    tables give ``newest_first`` (an indexed ordering): only the ``CANDIDATES`` newest matches
    are then ranked and counted.
    """

    kind = ""
    label = ""
    item_label = ""
    title_field = "title"
    fields: Sequence[tuple[str, str]] = ()
    rich_text_fields: frozenset[str] = frozenset()
    snippet_fields: Sequence[str] = ()
    vector_field: str | None = None
    newest_first: Sequence[str] = ()
    dated = True

    def get_queryset(self) -> QuerySet:
        """The public objects, and only those."""
        raise NotImplementedError

    def date_of(self):
        """An expression giving each object's date (a DateField)."""
        return Cast(Value(None), DateField())

    def filter_dates(self, queryset, date_from, date_to):
        return queryset

    def describe(self, obj) -> dict:
        """Extra ``SearchHit`` fields for ``obj``: ``date_text``, ``date_iso``, ``meta``."""
        return {}

    # The engine's side.

    def vector(self):
        return reduce(
            add,
            (
                SearchVector(self._text(name), weight=weight, config=SEARCH_CONFIG)
                for name, weight in self.fields
            ),
        )

    def query(self, terms):
        return StemPrefixQuery(terms.text, search_type="websearch", config=SEARCH_CONFIG)

    def matches(self, terms, *, mode, date_from=None, date_to=None):
        queryset = scope = self.get_queryset()
        if date_from or date_to:
            queryset = scope = self.filter_dates(queryset, date_from, date_to)
        if mode == FULLTEXT:
            query = self.query(terms)
            vector = F(self.vector_field) if self.vector_field else self.vector()
            queryset = queryset.annotate(hit_vector=vector).filter(hit_vector=query)
            rank = SearchRank(F("hit_vector"), query)
        elif mode == FUZZY:
            text = Value(" ".join(terms.words))
            queryset = queryset.filter(WordSimilar(text, F(self.title_field)))
            rank = TrigramWordSimilarity(text, self.title_field)
        else:
            for word in terms.plain_words:
                queryset = queryset.filter(
                    reduce(or_, (self._contains(name, word) for name, _weight in self.fields))
                )
            rank = reduce(add, (self._plain_score(word) for word in terms.plain_words))
        if self.newest_first:
            if mode == FULLTEXT:
                # One array parameter: a thousand separate ones cost more to bind than to run.
                ids = self._newest_fulltext_matches(scope, queryset)
                candidates = RawSQL("SELECT UNNEST(%s::bigint[])", [ids])
            else:
                candidates = queryset.order_by(*self.newest_first).values("pk")[: CANDIDATES + 1]
            queryset = self.get_queryset().filter(pk__in=candidates)
            if mode == FULLTEXT:
                queryset = queryset.annotate(hit_vector=vector)
        return (
            queryset.order_by()
            .annotate(
                hit_kind=Value(self.kind),
                hit_id=F("pk"),
                hit_rank=Cast(rank, FloatField()),
                hit_date=self.date_of(),
            )
            .values(*HIT_COLUMNS)
        )

    def _newest_fulltext_matches(self, scope, matching) -> list:
        """The pks of the ``CANDIDATES + 1`` newest full-text matches, by the cheaper plan.

        Walking the date index and testing each row's vector costs per row *read*; a bitmap
        of the GIN index costs per row *matched*. A word found in most rows is best served by
        the first (few rows are read before enough match), a rarer one by the second. The
        planner picks the walk for both (it expects the LIMIT to stop it early), so its own
        estimate of the share of matching rows (from the vector column's lexeme statistics)
        decides here. The bitmap is first tried on the newest rows only, enough of them to
        hold the candidates at the estimated share; only when they do not is it run on all.
        Measured at 100,000 articles: «город» (97 % of them) 8 ms by the walk and 730 ms by
        a bitmap of all rows; «побратим» (13 %) 60 ms by the walk, 27 ms by a bitmap of all
        rows and 12 ms by a bitmap of the newest.
        """
        ordered = matching.order_by(*self.newest_first).values_list("pk", flat=True)
        scope_rows = _estimated_rows(scope)
        share = _estimated_rows(matching) / max(scope_rows, 1)
        if share >= INDEX_WALK_SHARE:
            return list(ordered[: CANDIDATES + 1])
        window = math.ceil(WINDOW_MARGIN * (CANDIDATES + 1) / max(share, 1e-9))
        date_field = self.newest_first[0].removeprefix("-")
        cutoff = None
        if window < scope_rows:
            by_date = scope.order_by(*self.newest_first).values_list(date_field, flat=True)
            cutoff = by_date[window : window + 1].first()
        with transaction.atomic(using=matching.db), connections[matching.db].cursor() as cursor:
            # Only bitmaps are left (then a top-N sort): the planner would otherwise walk the
            # index anyway or, on a compact table, read and test every row.
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            if cutoff is not None:
                found = list(ordered.filter(**{f"{date_field}__gte": cutoff})[: CANDIDATES + 1])
                if len(found) > CANDIDATES:
                    return found
            return list(ordered[: CANDIDATES + 1])

    def hits(self, ids, terms, *, mode):
        objects = self.get_queryset().filter(pk__in=ids)
        if mode == FULLTEXT:
            objects = objects.defer(*self.rich_text_fields).annotate(
                hit_headline=SearchHeadline(
                    self._snippet_source(),
                    self.query(terms),
                    config=SEARCH_CONFIG,
                    start_sel=_MARK_START,
                    stop_sel=_MARK_STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
        hits = {}
        for obj in objects:
            if mode == FULLTEXT:
                snippet = headline_html(obj.hit_headline)
            else:
                snippet = highlight(self._snippet_text(obj), terms.words)
            hits[obj.pk] = SearchHit(
                kind=self.kind,
                kind_label=str(self.item_label),
                title=getattr(obj, self.title_field),
                url=obj.get_absolute_url(),
                snippet=snippet,
                **self.describe(obj),
            )
        return hits

    def _text(self, name):
        return HtmlToText(F(name)) if name in self.rich_text_fields else F(name)

    def _snippet_source(self):
        parts = [self._text(name) for name in self.snippet_fields]
        if len(parts) == 1:
            return parts[0]
        separated = reduce(lambda acc, part: [*acc, Value(" "), part], parts[1:], [parts[0]])
        return Concat(*separated, output_field=TextField())

    def _snippet_text(self, obj):
        texts = (getattr(obj, name) or "" for name in self.snippet_fields)
        return " ".join(
            plain_text(text) if name in self.rich_text_fields else text
            for name, text in zip(self.snippet_fields, texts, strict=True)
        )

    @staticmethod
    def _contains(name, word):
        # On SQLite, LIKE folds the case of every letter (portal.sqlite).
        return Q(**{f"{name}__icontains": word})

    def _plain_score(self, word):
        by_weight = sorted(self.fields, key=lambda pair: pair[1])
        return Case(
            *(
                When(self._contains(name, word), then=Value(WEIGHT_SCORES[weight]))
                for name, weight in by_weight
            ),
            default=Value(0.0),
            output_field=FloatField(),
        )


class SearchRegistry:
    """The providers the apps register under ``hooks.SEARCH_PROVIDERS``, one per kind."""

    def providers(self) -> list[SearchProvider]:
        return list({p.kind: p for p in hooks.get_hooks(hooks.SEARCH_PROVIDERS)}.values())

    def __contains__(self, kind):
        return any(provider.kind == kind for provider in self.providers())


registry = SearchRegistry()


# -- the engine ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Facet:
    kind: str
    label: str
    count: int
    more: bool = False  # more than ``count`` (= CANDIDATES) matches


class _CountedPaginator(Paginator):
    """Page numbers over a count the search already knows; the rows come separately."""

    def __init__(self, per_page, *, count):
        super().__init__((), per_page)
        self._count = count

    @property
    def count(self):
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
    page=1,
    using: str = "default",
) -> SearchResults:
    """One page of everything public that matches ``terms``, best first."""
    kinds = set(kinds)
    dated = bool(date_from or date_to)
    providers = [p for p in registry.providers() if terms and (p.dated or not dated)]
    arguments = {"terms": terms, "providers": providers, "date_from": date_from,
                 "date_to": date_to, "kinds": kinds, "page": page}  # fmt: skip
    if connections[using].vendor != "postgresql":
        return _search(mode=PLAIN, **arguments)
    try:
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            timeout = round(settings.SEARCH_STATEMENT_TIMEOUT * 1000)
            cursor.execute("SET LOCAL statement_timeout = %s", [timeout])
            return _search_postgres(cursor, **arguments)
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED:
            raise SearchTookTooLong from error
        raise


def _search_postgres(cursor, **arguments) -> SearchResults:
    """Full-text search, and the trigram fallback when it finds nothing."""
    results = _search(mode=FULLTEXT, **arguments)
    terms = arguments["terms"]
    if results.facets and not any(facet.count for facet in results.facets) and terms.allows_fuzzy:
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [FUZZY_THRESHOLD])
        results = _search(mode=FUZZY, **arguments)
    return results


def _search(*, mode, terms, providers, date_from, date_to, kinds, page):
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
            count=min(counts.get(p.kind, 0), CANDIDATES),
            more=counts.get(p.kind, 0) > CANDIDATES,
        )
        for p in registry.providers()
    ]
    counts = {facet.kind: facet.count for facet in facets}
    chosen = [kind for kind in shown_kinds if counts.get(kind)]
    total = sum(counts[kind] for kind in chosen)
    paginator = _CountedPaginator(PAGE_SIZE, count=min(total, PAGE_SIZE * MAX_PAGES))
    number = paginator.get_page(page).number
    if number != wanted:  # a page number out of range: the last page is shown instead
        page_rows = _count_and_rank(matches, shown_kinds, number)[1]
    # Kinds found more than they count (``CANDIDATES + 1``) leave a row beyond the count.
    page_rows = page_rows[: paginator.count - (number - 1) * PAGE_SIZE]
    page_obj = Page(page_rows, number, paginator)
    by_kind = defaultdict(list)
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


def _estimated_rows(queryset) -> float:
    """PostgreSQL's estimate of the rows ``queryset`` returns (EXPLAIN, nothing is run)."""
    plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
    return plan[0]["Plan"]["Plan Rows"]


def _page_number(page) -> int:
    """The page asked for, as a first guess (no page lies beyond ``MAX_PAGES``)."""
    try:
        return min(max(1, int(page)), MAX_PAGES)
    except (TypeError, ValueError, OverflowError):
        return 1


def _count_and_rank(matches, kinds, number) -> tuple[dict[str, int], list[dict]]:
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
        cursor.execute(sql, [*params, *kinds, PAGE_SIZE, (number - 1) * PAGE_SIZE])
        result = cursor.fetchall()
    counts = {kind: count for kind, _id, _rank, count in result if count is not None}
    rows = [
        {"hit_kind": kind, "hit_id": pk, "hit_rank": rank}
        for kind, pk, rank, count in result
        if count is None
    ]
    return counts, rows
