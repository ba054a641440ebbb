from typing import TYPE_CHECKING, Any, cast

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import cached_property
from django.views.generic.list import BaseListView

MAX_PAGES = 50


class BoundedPaginator(Paginator):
    """Numbered pages over the newest ``MAX_PAGES`` pages only.

    Counting a large archive and skipping deep into it (OFFSET 80 000) are the slow parts of
    numbered pagination; older content is reached through the year and month archives, so
    the count stops at the bound and every page served is as fast as the first.
    """

    max_pages = MAX_PAGES

    @cached_property
    def count(self) -> int:
        limit = self.per_page * self.max_pages
        object_list = self.object_list
        if hasattr(object_list, "values_list"):
            return (
                cast(QuerySet[Any], object_list)
                .order_by()
                .values_list("pk", flat=True)[:limit]
                .count()
            )
        return min(len(object_list), limit)

    @property
    def is_truncated(self) -> bool:
        return self.count >= self.per_page * self.max_pages


# For the type checker the mixin is what it is mixed into, a list view.
if TYPE_CHECKING:
    from django.core.paginator import _SupportsPagination

    _MixedInto = BaseListView
else:
    _MixedInto = object


class LenientPaginationMixin(_MixedInto):
    """A ``?page=`` that is not a number shows page 1; a number past the end is a 404."""

    paginator_class = BoundedPaginator

    def paginate_queryset(
        self, queryset: "_SupportsPagination[Any]", page_size: int
    ) -> tuple[Paginator, Page[Any], Any, bool]:
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        raw = self.request.GET.get(self.page_kwarg) or "1"
        if not (raw.isascii() and raw.isdigit()):
            raw = "1"
        try:
            page = paginator.page(int(raw) if len(raw) < 19 else paginator.num_pages + 1)
        except InvalidPage as error:
            raise Http404(str(error)) from error
        return paginator, page, page.object_list, page.has_other_pages()
