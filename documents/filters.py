"""The filters of /documents/ (and of the API's list).

Every filter is a choice among known values, so a value that is not one of them (a typo, an
old link, a crafted query) fails validation and is ignored: it never reaches the database.
The years and the issuing bodies are read once per request, whatever the query string.
"""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from documents.models import Document, IssuingBody

ALL = _("All")


class DocumentFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Document.Kind.choices, empty_label=ALL
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Document.Status.choices, empty_label=ALL
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="adopted_on__year", empty_label=ALL
    )
    body = django_filters.ChoiceFilter(
        label=_("Issuing body"), field_name="issuing_body__slug", empty_label=ALL
    )

    class Meta:
        model = Document
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        public = Document.objects.public()
        years = public.dates("adopted_on", "year", order="DESC")
        self.filters["year"].extra["choices"] = [(str(d.year), str(d.year)) for d in years]
        bodies = IssuingBody.objects.filter(Exists(public.filter(issuing_body=OuterRef("pk"))))
        self.filters["body"].extra["choices"] = list(bodies.values_list("slug", "name"))

    @property
    def active(self) -> dict:
        """The valid, non-empty filter values."""
        return {name: value for name, value in self.form.cleaned_data.items() if value}

    @property
    def ignored(self) -> list[str]:
        """Names of the parameters whose values were not understood."""
        return list(self.form.errors)
