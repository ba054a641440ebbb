"""The register of documents in the API: /api/documents/ and /api/documents/{slug}/, with the
filters of the public list (documents.filters.DocumentFilter). Registered by api/urls.py."""

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from api.pagination import EmptyMeansAbsent
from api.schemas import SLUG_PATTERN, Displayed, Linked, SlugPath, absolute, one_of
from api.views import filter_with, read, unknown_values
from documents.filters import DocumentFilter
from documents.models import Document

router = Router(tags=["documents"])


class OfficialDocumentQuery(EmptyMeansAbsent):
    """The filters of the public list of documents."""

    kind: one_of(Document.Kind) | None = None
    status: one_of(Document.Status) | None = None
    year: int | None = Field(None, ge=1, le=9999, description="Year of the document's date.")
    body: str | None = Field(None, pattern=SLUG_PATTERN, description="An issuing body's slug.")


class IssuingBodyOut(Schema):
    name: str
    slug: str


class OfficialDocumentRef(Linked):
    designation: str
    title: str
    url: str


class OfficialDocumentOut(OfficialDocumentRef, Displayed):
    kind: str
    kind_display: str
    number: str
    date: str = Field(description="The date on the document (ISO 8601).")
    issuing_body: IssuingBodyOut
    status: str
    status_display: str
    file_url: str | None = Field(description="The PDF, if the document has one.")
    file_size: int | None = Field(description="In bytes.")
    accessible: bool = Field(
        description="False: a PDF screen readers cannot read, and no text on the page."
    )

    @staticmethod
    def resolve_date(obj):
        return obj.adopted_on.isoformat()

    @staticmethod
    def resolve_file_url(obj, context):
        return absolute(context, obj.get_file_url()) if obj.file else None

    @staticmethod
    def resolve_file_size(obj):
        return obj.size if obj.file else None

    @staticmethod
    def resolve_accessible(obj):
        return obj.is_accessible


class LinkOut(Schema):
    kind: str
    label: str
    document: OfficialDocumentRef


class OfficialDocumentDetailOut(OfficialDocumentOut):
    text: str = Field(description="The text as HTML (sanitised), empty if only the PDF is.")
    links: list[LinkOut] = Field(description="Documents this one amends, repeals, supplements.")
    linked_from: list[LinkOut] = Field(description="Documents that act on this one.")

    @staticmethod
    def resolve_links(obj):
        public = Document.objects.public()
        links = obj.outgoing_links.filter(target__in=public).select_related("target")
        return [
            {"kind": link.kind, "label": link.get_kind_display(), "document": link.target}
            for link in links
        ]

    @staticmethod
    def resolve_linked_from(obj):
        public = Document.objects.public()
        links = obj.incoming_links.filter(source__in=public).select_related("source")
        return [
            {"kind": link.kind, "label": link.passive_label, "document": link.source}
            for link in links
        ]


@read(router, "/documents/", [OfficialDocumentOut])
def list_documents(request, query: Query[OfficialDocumentQuery]):
    """The public documents, latest first, with the filters of the documents page."""
    filters = query.model_dump(mode="json", include={"kind", "status", "year", "body"})
    documents, errors = filter_with(DocumentFilter, Document.objects.public(), filters)
    if errors:
        raise unknown_values(errors)
    return documents.for_listing().newest_first()


@read(router, "/documents/{slug}/", OfficialDocumentDetailOut, url_name="document")
def get_document(request, slug: str = SlugPath):
    """One public document with its text and its links to other documents."""
    return get_object_or_404(Document.objects.public().select_related("issuing_body"), slug=slug)
