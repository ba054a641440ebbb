"""Filters of the register and of the events list.

Every filter is a choice among known values, so a value that is not one of them (a typo, an
old link, a crafted query) fails validation and is simply ignored: it never reaches the
database. The choices are loaded once per request (``load_choices``) and shared with the
facet counts, so the number of queries stays the same whatever the query string.

Both the choices and the register's facet counts are kept in the cache for the content
version and the Moscow date they were counted under (``remembered``): they change only when
the content does (a save, a delete, a scheduled moment: each drops the version) or when the
date does (an agreement's term ends at midnight). A reader's page then costs none of their
grouped queries over the whole register until the next change.
"""

import datetime
import hashlib

import django_filters
from django.core.cache import cache
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from partnerships.models import Agreement, Area, Event, Partner, current_status_expression
from portal.cache import PAGE_TIMEOUT, content_moment
from portal.forms import WrittenOutSelect

ALL = _("All")


def remembered(name: str, compute):
    """``compute()``, counted once per content version and Moscow date."""
    return cache.get_or_set(
        f"partnerships-filters:{name}:{content_moment()}", compute, PAGE_TIMEOUT
    )


class PreloadedChoicesFilterSet(django_filters.FilterSet):
    """A FilterSet whose dynamic choices are queried once and may be passed in."""

    def __init__(self, data=None, queryset=None, *, choices=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        if choices is None:
            choices = remembered(f"{type(self).__name__}:choices", self.load_choices)
        self.choices = choices
        for name, options in self.choices.items():
            self.filters[name].extra["choices"] = options

    def load_choices(self) -> dict:
        return {}

    @property
    def active(self) -> dict:
        """The valid, non-empty filter values."""
        return {name: value for name, value in self.form.cleaned_data.items() if value}

    @property
    def ignored(self) -> list[str]:
        """Names of the parameters whose values were not understood."""
        return list(self.form.errors)


class AgreementFilter(PreloadedChoicesFilterSet):
    # The stage as it reads today: an agreement whose «valid until» has passed counts as expired.
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Agreement.Status.choices,
        empty_label=ALL,
        widget=WrittenOutSelect,
        method="filter_status",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Agreement.Kind.choices, empty_label=ALL, widget=WrittenOutSelect
    )
    area = django_filters.ChoiceFilter(
        label=_("Area of cooperation"),
        field_name="areas__slug",
        empty_label=ALL,
        widget=WrittenOutSelect,
    )
    partner = django_filters.ChoiceFilter(
        label=_("Partner"), field_name="partners__slug", empty_label=ALL, widget=WrittenOutSelect
    )
    year = django_filters.ChoiceFilter(
        label=_("Year of signing"),
        field_name="signed_on",
        method="filter_year",
        empty_label=ALL,
        widget=WrittenOutSelect,
    )

    # What each facet counts by: the value a filter option stands for.
    facets = {
        "status": current_status_expression,
        "kind": F("kind"),
        "area": F("areas__slug"),
        "partner": F("partners__slug"),
        "year": ExtractYear("signed_on"),
    }

    class Meta:
        model = Agreement
        fields = []

    def load_choices(self):
        public = Agreement.objects.public()
        return {
            "area": list(
                Area.objects.filter(agreements__in=public)
                .distinct()
                .order_by("order", "name")
                .values_list("slug", "name")
            ),
            "partner": list(
                Partner.objects.counterparts()
                .filter(agreements__in=public)
                .distinct()
                .order_by("name")
                .values_list("slug", "name")
            ),
            "year": [
                (str(day.year), str(day.year))
                for day in public.dates("signed_on", "year", order="DESC")
            ],
        }

    def filter_year(self, queryset, name, value):
        return queryset.filter(**{f"{name}__year": int(value)})

    def filter_status(self, queryset, name, value):
        return queryset.with_current_status().filter(current_status_code=value)

    def facet_counts(self) -> dict[str, dict[str, int]]:
        """For every filter, how many results each of its options would give, the other
        active filters kept (one grouped query per filter, unless remembered)."""
        active = self.active
        chosen = hashlib.sha256(repr(sorted(active.items())).encode()).hexdigest()[:16]
        return remembered(f"{type(self).__name__}:facets:{chosen}", self._count_facets)

    def _count_facets(self) -> dict[str, dict[str, int]]:
        active = self.active
        counts = {}
        for name, expression in self.facets.items():
            queryset = self.queryset
            for other, value in active.items():
                if other != name:
                    queryset = self.filters[other].filter(queryset, value)
            rows = (
                queryset.order_by()
                .annotate(facet=expression() if callable(expression) else expression)
                .values("facet")
                .annotate(count=Count("pk", distinct=True))
                .values_list("facet", "count")
            )
            counts[name] = {str(value): count for value, count in rows if value is not None}
        return counts

    def label_with_counts(self, counts: dict[str, dict[str, int]]) -> None:
        """Write the counts into the option labels, e.g. «В силе (3)»."""
        for name, field in self.form.fields.items():
            by_value = counts.get(name, {})
            field.choices = [
                (value, f"{label} ({by_value.get(str(value), 0)})")
                for value, label in self.filters[name].extra["choices"]
            ]


class EventFilter(PreloadedChoicesFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Event.Kind.choices, empty_label=ALL, widget=WrittenOutSelect
    )
    partner = django_filters.ChoiceFilter(
        label=_("Partner"), field_name="partners__slug", empty_label=ALL, widget=WrittenOutSelect
    )
    area = django_filters.ChoiceFilter(
        label=_("Area of cooperation"),
        field_name="areas__slug",
        empty_label=ALL,
        widget=WrittenOutSelect,
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), method="filter_year", empty_label=ALL, widget=WrittenOutSelect
    )

    class Meta:
        model = Event
        fields = []

    def load_choices(self):
        public = Event.objects.public()
        spans = public.order_by().values_list("starts_on__year", "ends_on__year").distinct()
        years = sorted(
            {year for first, last in spans for year in range(first, (last or first) + 1)},
            reverse=True,
        )
        return {
            "partner": list(
                Partner.objects.counterparts()
                .filter(events__in=public)
                .distinct()
                .order_by("name")
                .values_list("slug", "name")
            ),
            "area": list(
                Area.objects.filter(events__in=public)
                .distinct()
                .order_by("order", "name")
                .values_list("slug", "name")
            ),
            "year": [(str(year), str(year)) for year in years],
        }

    def filter_year(self, queryset, name, value):
        """Events that took place at least partly in the year (2017–2018 counts for both)."""
        year = int(value)
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return queryset.filter(starts_on__lte=last).filter(
            Q(ends_on__gte=first) | Q(ends_on__isnull=True, starts_on__gte=first)
        )
