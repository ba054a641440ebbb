"""Providers: how each kind of content is matched, ranked and shown; the registry of them."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, reduce
from operator import add, or_
from typing import Any, Protocol

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db.models import (
    Case,
    DateField,
    F,
    FloatField,
    Model,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import Combinable, Expression, RawSQL
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from portal import hooks
from portal.search import limits, planning, sqlite_index
from portal.search.expressions import HtmlToText, StemPrefixQuery, WordSimilar
from portal.search.limits import SEARCH_CONFIG
from portal.search.query import SearchTerms
from portal.search.snippets import MARK_START, MARK_STOP, headline_html, highlight, plain_text
from portal.search.stemming import stem

FULLTEXT, FUZZY, PLAIN = "fulltext", "fuzzy", "plain"
# SQLite: the FTS5 index of Snowball stems (portal.search.sqlite_index).
STEMMED = "stemmed"
HIT_COLUMNS = ("hit_kind", "hit_id", "hit_rank", "hit_date")
WEIGHT_SCORES = {"A": 3.0, "B": 2.0, "C": 1.0, "D": 0.5}


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
    pinned: bool = False  # an editor's «best answer» for the query


class SearchProvider(Protocol):
    """What the engine needs from a provider (``ModelSearchProvider`` does it for a model)."""

    kind: str  # a short identifier, used in ?type=
    label: str  # the kind of content in the plural, for the type filter
    dated: bool  # False: left out whenever the reader filters by date

    def matches(
        self,
        terms: SearchTerms,
        *,
        mode: str,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
    ) -> QuerySet[Any]:
        """Rows of ``HIT_COLUMNS`` for every public object matching ``terms``."""

    def hits(self, ids: Sequence[Any], terms: SearchTerms, *, mode: str) -> dict[Any, SearchHit]:
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

    def get_queryset(self) -> QuerySet[Any]:
        """The public objects, and only those."""
        raise NotImplementedError

    @cached_property
    def model_label(self) -> str:
        """The searched model's label, asked once: building the public queryset to learn its
        model cost ~6 ms, and every save of any model asks which provider it has."""
        return str(self.get_queryset().model._meta.label_lower)

    def date_of(self) -> Expression:
        """An expression giving each object's date (a DateField)."""
        return Cast(Value(None), DateField())

    def filter_dates(
        self, queryset: QuerySet[Any], date_from: dt.date | None, date_to: dt.date | None
    ) -> QuerySet[Any]:
        return queryset

    def describe(self, obj: Model) -> dict[str, Any]:
        """Extra ``SearchHit`` fields for ``obj``: ``date_text``, ``date_iso``, ``meta``."""
        return {}

    def exact_matches(self, text: str) -> list[tuple[Q, float]]:
        """Conditions under which an object is what the reader named exactly (the whole query,
        any case), each with the score that puts it above every other match."""
        return []

    # The engine's side.

    def vector(self) -> Combinable:
        return reduce(
            add,
            (
                SearchVector(self._text(name), weight=weight, config=SEARCH_CONFIG)
                for name, weight in self.fields
            ),
        )

    def query(self, terms: SearchTerms) -> StemPrefixQuery:
        return StemPrefixQuery(terms.text, search_type="websearch", config=SEARCH_CONFIG)

    def matches(
        self,
        terms: SearchTerms,
        *,
        mode: str,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
    ) -> QuerySet[Any]:
        rank: Combinable
        candidates: RawSQL | QuerySet[Any, Any]
        queryset = scope = self.get_queryset()
        if date_from or date_to:
            queryset = scope = self.filter_dates(queryset, date_from, date_to)
        if mode == FULLTEXT:
            query = self.query(terms)
            vector = F(self.vector_field) if self.vector_field else self.vector()
            queryset = queryset.annotate(hit_vector=vector).filter(hit_vector=query)
            rank = SearchRank(F("hit_vector"), query)
        elif mode == STEMMED:
            queryset = queryset.filter(pk__in=sqlite_index.matching_ids(self.kind, terms.words))
            model = queryset.model
            rank = sqlite_index.rank(
                self.kind, terms.words, f'"{model._meta.db_table}"."{model._meta.pk.column}"'
            )
        elif mode == FUZZY:
            text = Value(" ".join(terms.words))
            queryset = queryset.filter(WordSimilar(text, F(self.title_field)))
            # Django takes any expression for the text; django-stubs only a string.
            rank = TrigramWordSimilarity(text, self.title_field)  # type: ignore[arg-type]
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
                candidates = queryset.order_by(*self.newest_first).values("pk")[
                    : limits.CANDIDATES + 1
                ]
            queryset = self.get_queryset().filter(pk__in=candidates)
            if mode == FULLTEXT:
                queryset = queryset.annotate(hit_vector=vector)
        exact = self.exact_matches(terms.text)
        if exact:
            rank = rank + Case(
                *(When(condition, then=Value(score)) for condition, score in exact),
                default=Value(0.0),
                output_field=FloatField(),
            )
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

    def _newest_fulltext_matches(self, scope: QuerySet[Any], matching: QuerySet[Any]) -> list[Any]:
        return planning.newest_fulltext_matches(scope, matching, self.newest_first)

    def hits(self, ids: Sequence[Any], terms: SearchTerms, *, mode: str) -> dict[Any, SearchHit]:
        objects = self.get_queryset().filter(pk__in=ids)
        if mode == FULLTEXT:
            objects = objects.defer(*self.rich_text_fields).annotate(
                hit_headline=SearchHeadline(
                    self._snippet_source(),
                    self.query(terms),
                    config=SEARCH_CONFIG,
                    start_sel=MARK_START,
                    stop_sel=MARK_STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
        hits: dict[Any, SearchHit] = {}
        for obj in objects:
            if mode == FULLTEXT:
                snippet = headline_html(obj.hit_headline)
            elif mode == STEMMED:
                stems = [stem(word) for word in terms.words]
                snippet = highlight(self._snippet_text(obj), stems, whole_words=True)
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

    def _text(self, name: str) -> Combinable:
        return HtmlToText(F(name)) if name in self.rich_text_fields else F(name)

    def _snippet_source(self) -> Combinable:
        parts = [self._text(name) for name in self.snippet_fields]
        if len(parts) == 1:
            return parts[0]
        separated = reduce(lambda acc, part: [*acc, Value(" "), part], parts[1:], [parts[0]])
        return Concat(*separated, output_field=TextField())

    def _snippet_text(self, obj: Model) -> str:
        texts = (getattr(obj, name) or "" for name in self.snippet_fields)
        return " ".join(
            plain_text(text) if name in self.rich_text_fields else text
            for name, text in zip(self.snippet_fields, texts, strict=True)
        )

    @staticmethod
    def _contains(name: str, word: str) -> Q:
        # On SQLite, LIKE folds the case of every letter (portal.sqlite).
        return Q(**{f"{name}__icontains": word})

    def _plain_score(self, word: str) -> Case:
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

    def __contains__(self, kind: object) -> bool:
        return any(provider.kind == kind for provider in self.providers())


registry = SearchRegistry()


def provider_for(model: type[Model]) -> ModelSearchProvider | None:
    """The provider of ``model`` (a historical model of a migration too), if any."""
    label = model._meta.label_lower
    for provider in registry.providers():
        if isinstance(provider, ModelSearchProvider) and provider.model_label == label:
            return provider
    return None
