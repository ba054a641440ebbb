"""Pinned results: an editor's «best answer» for a query, shown first on its first page."""

from collections.abc import Collection
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Model, QuerySet

from portal.search.providers import ModelSearchProvider, SearchHit, provider_for, registry
from portal.search.query import normalised_query

if TYPE_CHECKING:
    from portal.search.engine import SearchResults

CACHE_KEY = "search-pins"


def active_pins(using: str = "default") -> dict[str, list[tuple[int, int]]]:
    """``{query: [(content type id, object id), …]}`` of every active pin, in order.

    Kept in the cache (pins are few and change rarely; ``forget_pins`` on every change), so
    a search costs no query for them.
    """
    from portal.models import SearchPin

    def load() -> dict[str, list[tuple[int, int]]]:
        pins: dict[str, list[tuple[int, int]]] = {}
        rows = SearchPin.objects.using(using).filter(is_active=True).order_by("order", "pk")
        for query, content_type_id, object_id in rows.values_list(
            "query", "content_type_id", "object_id"
        ):
            pins.setdefault(query, []).append((content_type_id, object_id))
        return pins

    return cast(dict[str, list[tuple[int, int]]], cache.get_or_set(f"{CACHE_KEY}-{using}", load))


def forget_pins(sender: type[Model], using: str = "default", **kwargs: Any) -> None:
    """post_save and post_delete of SearchPin."""
    cache.delete(f"{CACHE_KEY}-{using}")


def with_pins(
    results: "SearchResults", *, kinds: Collection[str] = (), using: str = "default"
) -> "SearchResults":
    """``results`` with the active pins of their query put first (page 1 only), each once."""
    if results.page.number != 1:
        return results
    pinned: list[SearchHit] = []
    for content_type_id, object_id in active_pins(using).get(
        normalised_query(results.terms.text), ()
    ):
        model = ContentType.objects.db_manager(using).get_for_id(content_type_id).model_class()
        provider = provider_for(model) if model else None
        if provider is None or (kinds and provider.kind not in kinds):
            continue
        hits = provider.hits([object_id], results.terms, mode=results.mode)
        pinned += [replace(hit, pinned=True) for hit in hits.values()]
    if not pinned:
        return results
    urls = {hit.url for hit in pinned}
    others = [hit for hit in results.hits if hit.url not in urls]
    return replace(results, hits=pinned + others)


def searchable_content_types() -> QuerySet[ContentType]:
    """The content types a pin may point at: those of the registered providers."""
    models = [
        provider.get_queryset().model
        for provider in registry.providers()
        if isinstance(provider, ModelSearchProvider)
    ]
    ids = [
        content_type.pk for content_type in ContentType.objects.get_for_models(*models).values()
    ]
    return ContentType.objects.filter(pk__in=ids)
