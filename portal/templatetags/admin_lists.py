"""The admin's date drill-down without a DISTINCT over the table (see portal.admin_lists).

(Ours rather than django-admin-lightweight-date-hierarchy: some forty lines over Django's own
tag, which it falls back to for a month's days.)
"""

import datetime
from typing import Any

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.contrib.admin.views.main import ChangeList
from django.db.models import Max, Min
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

register = template.Library()


def _local_date(value: datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.inclusion_tag("admin/date_hierarchy.html")
def date_hierarchy_by_range(cl: ChangeList) -> dict[str, Any] | None:
    """Django's ``{% date_hierarchy cl %}`` without a ``DISTINCT`` over the whole table.

    The years, and a chosen year's months, are those between the first and the last date of
    the unfiltered list (``root_queryset``: two index look-ups); a month's days are Django's
    own (the days of that month that have records). A year or month may then show an empty
    list, as a filter can. See ``portal.admin_lists``.
    """
    field_name = cl.date_hierarchy
    if not field_name:
        return None
    year = cl.params.get(f"{field_name}__year")
    month = cl.params.get(f"{field_name}__month")
    if month or cl.params.get(f"{field_name}__day"):
        return date_hierarchy(cl)
    bounds = cl.root_queryset.aggregate(first=Min(field_name), last=Max(field_name))
    if bounds["first"] is None:
        return {"show": True, "back": None, "choices": []}
    first, last = _local_date(bounds["first"]), _local_date(bounds["last"])
    if (first.year, first.month) == (last.year, last.month):
        return date_hierarchy(cl)  # one month of records: Django's own query is small

    def link(filters: dict[str, Any]) -> str:
        return cl.get_query_string(filters, [f"{field_name}__"])

    if year is None and first.year == last.year:
        year = str(first.year)
    if year is None:
        return {
            "show": True,
            "back": None,
            "choices": [
                {"link": link({f"{field_name}__year": str(number)}), "title": str(number)}
                for number in range(first.year, last.year + 1)
            ],
        }
    number = int(year)
    months = range(
        first.month if number == first.year else 1, (last.month if number == last.year else 12) + 1
    )
    return {
        "show": True,
        "back": {"link": link({}), "title": _("All dates")},
        "choices": [
            {
                "link": link({f"{field_name}__year": year, f"{field_name}__month": month}),
                "title": capfirst(
                    formats.date_format(datetime.date(number, month, 1), "YEAR_MONTH_FORMAT")
                ),
            }
            for month in months
            if number in range(first.year, last.year + 1)
        ],
    }
