"""How the site search finds agreements, events and partners (registered in hooks.py).

Agreements and events keep a stored, weighted search vector (GIN-indexed, recomputed by the
database on every save): computed at query time it cost 270 ms a search at 1,000 agreements
and 5,000 events. Partners are few, so theirs is computed at query time.
"""

from django.db import connections
from django.db.models import F, Q
from django.db.models.signals import post_save
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from partnerships.dates import iso_at_precision
from partnerships.models import Agreement, Event, Partner
from portal import search


class AgreementSearchProvider(search.ModelSearchProvider):
    kind = "agreements"
    vector_field = "search_vector"
    label = _("Agreements")
    item_label = _("Agreement")
    fields = (
        ("title", "A"),
        ("summary", "B"),
        ("signing_place", "C"),
        ("signing_occasion", "C"),
        ("body", "C"),
    )
    rich_text_fields = frozenset({"body"})
    snippet_fields = ("summary", "body")

    def get_queryset(self):
        return Agreement.objects.public()

    def date_of(self):
        return F("signed_on")

    def filter_dates(self, queryset, date_from, date_to):
        if date_from:
            queryset = queryset.filter(signed_on__gte=date_from)
        if date_to:
            queryset = queryset.filter(signed_on__lte=date_to)
        return queryset

    def describe(self, agreement):
        described = {"meta": agreement.get_status_display()}
        if agreement.signed_on:
            described |= {
                "date": agreement.signed_on,
                "date_text": date_format(agreement.signed_on, "j E Y"),
                "date_iso": agreement.signed_on.isoformat(),
            }
        return described


class EventSearchProvider(search.ModelSearchProvider):
    kind = "events"
    vector_field = "search_vector"
    label = _("Events")
    item_label = _("Event")
    fields = (
        ("title", "A"),
        ("summary", "B"),
        ("place", "C"),
        ("participants", "C"),
        ("description", "C"),
    )
    rich_text_fields = frozenset({"description"})
    snippet_fields = ("summary", "description")

    def get_queryset(self):
        return Event.objects.public().for_listing()

    def date_of(self):
        return F("starts_on")

    def filter_dates(self, queryset, date_from, date_to):
        """Events that took place, at least in part, within the period."""
        if date_from:
            queryset = queryset.filter(
                Q(ends_on__gte=date_from) | Q(ends_on__isnull=True, starts_on__gte=date_from)
            )
        if date_to:
            queryset = queryset.filter(starts_on__lte=date_to)
        return queryset

    def describe(self, event):
        return {
            "date": event.starts_on,
            "date_text": event.dates_display,
            "date_iso": iso_at_precision(event.starts_on, event.precision),
            "meta": event.get_kind_display(),
        }


class PartnerSearchProvider(search.ModelSearchProvider):
    kind = "partners"
    label = _("Partners")
    item_label = _("Partner")
    title_field = "name"
    fields = (("name", "A"), ("region", "B"), ("description", "C"))
    rich_text_fields = frozenset({"description"})
    snippet_fields = ("region", "description")
    dated = False

    def get_queryset(self):
        return Partner.objects.public()

    def describe(self, partner):
        return {"meta": partner.get_kind_display()}


STORED_VECTORS = {"Agreement": AgreementSearchProvider, "Event": EventSearchProvider}


def refresh_search_vectors(queryset) -> int:
    """Recompute the stored vectors of ``queryset`` (agreements or events) in the database.

    PostgreSQL only; elsewhere nothing is stored. Also used by the migration that adds the
    vectors (with historical models) and after bulk inserts (the benchmark's generator).
    """
    if connections[queryset.db].vendor != "postgresql":
        return 0
    provider = STORED_VECTORS[queryset.model.__name__]()
    return queryset.update(search_vector=provider.vector())


def keep_search_vector_current(sender, instance, raw=False, **kwargs):
    """post_save of Agreement and Event."""
    if not raw:
        refresh_search_vectors(sender._default_manager.filter(pk=instance.pk))


def connect_search_vectors():
    """Keep the stored vectors current on every save (PartnershipsConfig.ready())."""
    for model in (Agreement, Event):
        post_save.connect(
            keep_search_vector_current,
            sender=model,
            dispatch_uid=f"search-vector-{model.__name__}",
        )
