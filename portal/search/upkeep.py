"""Search-index upkeep, one mechanism with two backends.

Whenever a searched object is saved or deleted (``on_save``/``on_delete``, connected once by
the portal app) or a queryset is indexed in bulk (``refresh_search_index``: migrations, the
``update_search_index`` command, the benchmark's generator), its provider's fields are read
and their rich text stripped in Python (``plain_text``); then PostgreSQL computes the stored
weighted vector (providers with a ``vector_field``), or on SQLite the stemmed text goes into
the FTS5 table (every provider).
"""

from collections.abc import Iterable, Iterator
from functools import reduce
from operator import add
from typing import Any, cast

from django.apps import apps as global_apps
from django.contrib.postgres.search import SearchVector
from django.db import connections
from django.db.models import Case, F, Manager, Model, QuerySet, TextField, Value, When

from portal.search import sqlite_index
from portal.search.limits import SEARCH_CONFIG
from portal.search.providers import ModelSearchProvider, provider_for
from portal.search.snippets import plain_text

BATCH = 500


def refresh_search_index(
    queryset: QuerySet[Any], provider: ModelSearchProvider | None = None
) -> int:
    """Index every object of ``queryset`` again; the number of objects."""
    provider = provider or provider_for(queryset.model)
    if provider is None or not _indexed(provider, queryset.db):
        return 0
    manager = queryset.model._default_manager.db_manager(queryset.db)
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        rows = manager.filter(pk__in=batch).values("pk", *_searched_fields(provider))
        _store(manager, provider, rows)
    return len(ids)


def _indexed(provider: ModelSearchProvider, using: str) -> bool:
    """Whether this database keeps an index for the provider's objects."""
    vendor = connections[using].vendor
    return vendor == "sqlite" or (vendor == "postgresql" and bool(provider.vector_field))


def _searched_fields(provider: ModelSearchProvider) -> list[str]:
    return list(dict.fromkeys([provider.title_field, *(name for name, _w in provider.fields)]))


def _store(
    manager: Manager[Any], provider: ModelSearchProvider, rows: Iterable[dict[str, Any]]
) -> None:
    if connections[manager.db].vendor == "postgresql":
        _store_vectors(manager, provider, rows)
    else:
        with connections[manager.db].cursor() as cursor:
            sqlite_index.store(cursor, provider.kind, _texts(provider, rows))


def refresh_stored_vectors(queryset: QuerySet[Any]) -> int:
    """PostgreSQL's stored vectors only: for the migrations that added them."""
    if connections[queryset.db].vendor != "postgresql":
        return 0
    return refresh_search_index(queryset)


def _texts(
    provider: ModelSearchProvider, rows: Iterable[dict[str, Any]]
) -> Iterator[tuple[Any, dict[str, str], str]]:
    for row in rows:
        by_weight: dict[str, str] = {}
        for name, weight in provider.fields:
            text = _plain(provider, name, row[name])
            by_weight[weight] = f"{by_weight.get(weight, '')} {text}".strip()
        yield row["pk"], by_weight, row[provider.title_field] or ""


def _plain(provider: ModelSearchProvider, name: str, value: str | None) -> str:
    value = value or ""
    return plain_text(value) if name in provider.rich_text_fields else value


def _store_vectors(
    manager: Manager[Any], provider: ModelSearchProvider, rows: Iterable[dict[str, Any]]
) -> None:
    """One UPDATE: the database computes each row's vector from its plain texts."""
    rows = list(rows)
    if not rows:
        return

    def text_of(name: str) -> F | Case:
        if name not in provider.rich_text_fields:
            return F(name)
        return Case(
            *(When(pk=row["pk"], then=Value(_plain(provider, name, row[name]))) for row in rows),
            output_field=TextField(),
        )

    vector = reduce(
        add,
        (
            SearchVector(text_of(name), weight=weight, config=SEARCH_CONFIG)
            for name, weight in provider.fields
        ),
    )
    manager.filter(pk__in=[row["pk"] for row in rows]).update(
        **{cast(str, provider.vector_field): vector}
    )


def on_save(
    sender: type[Model],
    instance: Model,
    raw: bool = False,
    update_fields: Iterable[str] | None = None,
    **kwargs: Any,
) -> None:
    """post_save of any model: a searched object is indexed again."""
    if raw or sender._meta.apps is not global_apps:  # fixtures and migrations index in bulk
        return
    provider = provider_for(sender)
    if provider is None:
        return
    searched = _searched_fields(provider)
    if update_fields is not None and not set(searched) & set(update_fields):
        return
    using = instance._state.db or "default"
    if _indexed(provider, using):
        # The saved values themselves: no query to read them back.
        row = {"pk": instance.pk, **{name: getattr(instance, name) for name in searched}}
        _store(sender._default_manager.db_manager(using), provider, [row])


def on_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    """post_delete of any model: a searched object leaves the SQLite index (PostgreSQL's
    vector goes with the row)."""
    using = instance._state.db or "default"
    if connections[using].vendor != "sqlite" or sender._meta.apps is not global_apps:
        return
    provider = provider_for(sender)
    if provider is not None:
        with connections[using].cursor() as cursor:
            sqlite_index.forget(cursor, provider.kind, instance.pk)
