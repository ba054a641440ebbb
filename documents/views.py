from django.conf import settings
from django.contrib import admin
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from documents.filters import DocumentFilter
from documents.models import Document, DocumentLink
from documents.search import matching
from portal.cache import reads_query
from portal.pagination import LenientPaginationMixin
from portal.private_files import private_file_response
from portal.search.query import SearchTerms


def may_change_documents(request) -> bool:
    """An admin user's request (second factor included) who may change documents."""
    return admin.site.has_permission(request) and request.user.has_perm(
        "documents.change_document"
    )


def breadcrumbs(*more):
    return [(_("Home"), reverse("news:home")), (_("Documents"), reverse("documents:list")), *more]


@reads_query("page", "q", *DocumentFilter.base_filters)
class DocumentListView(LenientPaginationMixin, ListView):
    template_name = "documents/document_list.html"
    context_object_name = "documents"
    paginate_by = settings.NEWS_PAGE_SIZE

    def get_queryset(self):
        self.filterset = DocumentFilter(self.request.GET, queryset=Document.objects.public())
        self.terms = SearchTerms.parse(self.request.GET.get("q", ""))
        documents = self.filterset.qs
        if self.terms.text:
            documents = matching(documents, self.terms)
        return documents.for_listing().newest_first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["query"] = self.terms.text
        context["total"] = context["paginator"].count
        context["breadcrumbs"] = breadcrumbs()
        return context


def _public_links(queryset, related):
    return queryset.filter(**{f"{related}__in": Document.objects.public()}).select_related(
        f"{related}__issuing_body"
    )


@reads_query()
class DocumentDetailView(DetailView):
    """The public sees what ``public()`` allows; editors who may change documents also see
    the others, with a banner and headers that keep the page out of caches."""

    template_name = "documents/document_detail.html"
    context_object_name = "document"

    @cached_property
    def may_preview(self) -> bool:
        return may_change_documents(self.request)

    def get_queryset(self):
        documents = Document.objects.all() if self.may_preview else Document.objects.public()
        return documents.select_related("issuing_body").prefetch_related(
            Prefetch("outgoing_links", queryset=_public_links(DocumentLink.objects, "target")),
            Prefetch("incoming_links", queryset=_public_links(DocumentLink.objects, "source")),
        )

    def get_context_data(self, **kwargs):
        is_preview = (
            self.may_preview and not Document.objects.public().filter(pk=self.object.pk).exists()
        )
        return super().get_context_data(
            is_preview=is_preview,
            breadcrumbs=breadcrumbs((self.object.designation, self.object.get_absolute_url())),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("is_preview"):
            add_never_cache_headers(response)
        return response


@reads_query()
@require_safe
def document_file(request, slug, filename):
    """A document's PDF while the document is public (cacheable then), and to those who may
    change documents (never cached); a 404 to anyone else, as if it did not exist."""
    document = get_object_or_404(Document.objects.exclude(file=""), slug=slug)
    public = Document.objects.public().filter(pk=document.pk).exists()
    if filename != document.file.filename or not (public or may_change_documents(request)):
        raise Http404
    try:
        return private_file_response(
            request,
            document.file,
            download_name=document.download_name,
            content_type="application/pdf",
            public=public,
        )
    except FileNotFoundError as missing:
        raise Http404 from missing
