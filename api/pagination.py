"""The API's numbered pages, bounded as the public pages are (portal.pagination).

django-ninja's own PageNumberPagination counts the whole list and skips into it with any
OFFSET; this one serves the newest ``MAX_PAGES`` pages only, so the deepest page costs what
the first does. Older news are reached with the ``year`` and ``month`` filters.
"""

from typing import Any

from django.core.paginator import EmptyPage
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase
from pydantic import field_validator

from portal.pagination import MAX_PAGES, BoundedPaginator

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


class EmptyMeansAbsent(Schema):
    @field_validator("*", mode="before")
    @classmethod
    def empty_means_absent(cls, value, info):
        """``?area=`` is what the public pages' filter forms send for «all»."""
        return cls.model_fields[info.field_name].default if value == "" else value


class PageQuery(EmptyMeansAbsent):
    page: int = Field(
        1, ge=1, description=f"The page number, from 1; at most {MAX_PAGES} pages are served."
    )
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Items per page, at most {MAX_PAGE_SIZE}.",
    )


class Page(Schema):
    count: int = Field(description=f"The number of items, counted up to {MAX_PAGES} pages' worth.")
    page: int
    pages: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[Any]


class BoundedPagination(PaginationBase):
    Input = PageQuery
    Output = Page
    items_attribute = "results"

    def paginate_queryset(self, queryset, pagination: PageQuery, request, **params):
        paginator = BoundedPaginator(queryset, pagination.page_size, allow_empty_first_page=True)
        try:
            page = paginator.page(pagination.page)
        except EmptyPage:
            raise HttpError(
                404,
                _("There is no page %(page)s: the last page is %(last)s.")
                % {"page": pagination.page, "last": paginator.num_pages},
            ) from None

        def link(number):
            parameters = request.GET.copy()
            parameters["page"] = number
            return request.build_absolute_uri(f"{request.path}?{parameters.urlencode()}")

        return {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "page_size": pagination.page_size,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": page.object_list,
        }
