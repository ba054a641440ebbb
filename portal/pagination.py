from django.core.paginator import InvalidPage
from django.http import Http404


class LenientPaginationMixin:
    """A ``?page=`` that is not a number shows page 1; a number past the end is a 404."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        raw = self.request.GET.get(self.page_kwarg) or "1"
        if not (raw.isascii() and raw.isdigit()):
            raw = "1"
        try:
            page = paginator.page(int(raw) if len(raw) < 19 else paginator.num_pages + 1)
        except InvalidPage as error:
            raise Http404(str(error)) from error
        return paginator, page, page.object_list, page.has_other_pages()
