"""Admin lists that stay fast on tables of 100,000 rows.

(Ours rather than an estimated-count or cursor-paginator package: the estimate, the ids-first
deep page and the cheap date drill-down fit together in a few dozen lines over Django's own.)

Django's change list counts the whole table twice on every page (the filtered count and the
«N total» one), reads a deep page by skipping every row before it (``OFFSET`` over full rows)
and offers the date drill-down's years by a ``DISTINCT`` over every row.
``LargeTableAdminMixin`` keeps the lists' look and behaviour and avoids the three:

* ``EstimatedCountPaginator``: on PostgreSQL, a list the planner expects to be longer than
  ``EXACT_COUNT_UP_TO`` rows is not counted: its count is the planner's estimate (``EXPLAIN``,
  nothing is read; for the whole table, the statistics ``ANALYZE`` keeps) and the page says
  «≈» (``templates/admin/pagination.html``). Shorter lists, small tables and other
  databases are counted exactly. A deep page reads only the ids it skips, from an index,
  and then the rows it shows.
* ``show_full_result_count = False``: no second count of the unfiltered table.
* ``list_deferred_fields``: columns the list never shows (a long text, a search vector) are
  not read for its rows; each row's action checkbox is written out, not rendered as a widget.
* The date drill-down (``templates/admin/history_change_list.html``, tag
  ``admin_lists.date_hierarchy_by_range``) offers the years, and a year's months, between the
  first and the last date of the table (two index look-ups); a month's days are still those
  that have records (a ``DISTINCT`` over one month).
"""

import json
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

# Lists PostgreSQL expects to hold fewer rows are counted exactly (a count of an index's few
# thousand entries takes milliseconds); longer ones are estimated. A count stopped early is no
# cheaper for a search: each row read is tested against the query (~20 µs: its vector is read
# and decompressed), while the estimate costs nothing.
EXACT_COUNT_UP_TO = 10_000
# Pages starting this deep read the ids they skip first (an index-only scan), then their rows.
IDS_FIRST_FROM = 1_000


def planner_estimate(queryset: QuerySet[Any]) -> int:
    """PostgreSQL's estimate of the rows ``queryset`` returns (``EXPLAIN``: nothing is run)."""
    plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def table_rows(model: type[Model], using: str) -> int:
    """PostgreSQL's estimate of the rows of ``model``'s table; -1 before it was first analysed."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table]
        )
        return int(cursor.fetchone()[0])


class EstimatedCountPaginator(Paginator):
    """A paginator for admin lists of large tables (see the module docstring).

    ``estimated`` is true when ``count`` is the planner's estimate: the last pages may then
    be empty, or a few rows may be past the last page link (the list's order reaches them).
    """

    estimated = False

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if (
            not isinstance(queryset, QuerySet)
            or connections[queryset.db].vendor != "postgresql"
            # A small table, or one never analysed (its estimates mean nothing yet).
            or table_rows(queryset.model, queryset.db) < EXACT_COUNT_UP_TO
        ):
            return super().count
        estimate = planner_estimate(queryset)
        if estimate < EXACT_COUNT_UP_TO:
            return super().count
        self.estimated = True
        return estimate

    def page(self, number: int | str) -> Page:
        queryset = self.object_list
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if (
            not isinstance(queryset, QuerySet)
            or bottom < IDS_FIRST_FROM
            or queryset.query.distinct
            or queryset.query.combinator
        ):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(queryset.values_list("pk", flat=True)[bottom:top])
        return Page(queryset.filter(pk__in=ids), number, self)


class LargeTableChangeList(ChangeList):
    def get_results(self, request: HttpRequest) -> None:
        deferred = getattr(self.model_admin, "list_deferred_fields", ())
        if deferred:
            # The rows shown only: the actions work on ``get_queryset()``, which stays whole.
            self.queryset = self.queryset.defer(*deferred)
        super().get_results(request)


if TYPE_CHECKING:
    _MixedInto = admin.ModelAdmin[Any]
else:
    _MixedInto = object


class LargeTableAdminMixin(_MixedInto):
    """For the ``ModelAdmin`` of a table that grows to 100,000 rows (see the module docstring)."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_deferred_fields: tuple[str, ...] = ()

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return LargeTableChangeList

    def action_checkbox(self, obj: Model) -> SafeString:
        """Django's checkbox of each row, written out: rendering a form widget's template for
        every row was a third of the list's time."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )
