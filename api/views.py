"""The read-only open data API: /api/ (OpenAPI at /api/openapi.json, docs at /api/docs/).

Only public content is served, through the same querysets as the public pages
(``Article.objects.published()``, ``Agreement.objects.public()``…) and their read shapes
(``for_listing()``, ``with_parties()``), and the lists take the filters of those pages; the
register's and the events' filters are the very FilterSets of ``partnerships.filters``. A
parameter an operation does not take, or a filter value the API does not know, is a 400
naming the parameter (a page would ignore it, a program should hear about it); a malformed
value is a 422. The views return querysets and model instances: api.schemas reads them, and
api.pagination pages the lists.

Every operation answers GET, HEAD and OPTIONS only; answers are public and cacheable, and
django-cors-headers (settings: ``CORS_URLS_REGEX``) lets other sites' scripts read them.
"""

import functools

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Router, Schema
from ninja.pagination import paginate
from ninja.renderers import JSONRenderer

from api import schemas
from api.docs import SelfHostedSwagger
from api.pagination import MAX_PAGE_SIZE, BoundedPagination
from news.models import Article, Rubric, Tag
from pages.models import Page
from partnerships.filters import AgreementFilter, EventFilter
from partnerships.models import (
    TIMELINE_ORDER,
    Agreement,
    CooperationPlan,
    Event,
    Partner,
    PlanItem,
    Signatory,
)
from portal.pagination import MAX_PAGES

READ_METHODS = ("GET", "HEAD", "OPTIONS")

DESCRIPTION = f"""
Open data of the city's information office: news, and the register of the city's
partnerships (agreements, partners, events and cooperation plans).

Everything is read-only and public: the API shows exactly what the public pages show.
Lists are paginated (`page`, `page_size` up to {MAX_PAGE_SIZE}) and take the filters of the
matching pages. As on the public pages, only the first {MAX_PAGES} pages of a list are
served (and counted in `count`), so that every page answers as fast as the first: older news
are reached with the `year` and `month` filters. Every object links to its public page
(`url`). A query parameter an operation does not take (a misspelt filter, say) is refused
with a 400 that names it, and so is a filter value that names nothing (an unknown slug); a
malformed value is a 422. Kinds and statuses come as a code and its Russian label
(`*_display`). Event dates are given at the precision they are known to (a day, a month or
a year), with the text the site writes.

The agreements register is also downloadable as CSV, XLSX and JSON from its page.
"""


class ReadableJSONRenderer(JSONRenderer):
    """Cyrillic as it is, not as \\u escapes: half the size and readable."""

    json_dumps_params = {"ensure_ascii": False}


class OpenDataAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        return operation.view_func.__name__


api = OpenDataAPI(
    title="Vestnik open data API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    renderer=ReadableJSONRenderer(),
    docs=SelfHostedSwagger(),
    docs_url="/docs/",
    openapi_url="/openapi.json",
)

news = Router(tags=["news"])
partnerships = Router(tags=["partnerships"])
pages = Router(tags=["pages"])

RESPONSES = {
    400: schemas.FilterErrorOut,
    404: schemas.ErrorOut,
    422: schemas.ValidationErrorOut,
}


class Rejected(Exception):
    """Parameters or filter values the API does not take: a 400 naming each of them."""

    def __init__(self, detail: str, errors: dict[str, list[str]]):
        super().__init__(detail)
        self.detail, self.errors = detail, errors


@api.exception_handler(Rejected)
def rejected_answer(request, error: Rejected):
    return api.create_response(
        request, {"detail": error.detail, "errors": error.errors}, status=400
    )


def unknown_values(errors: dict[str, list[str]]) -> Rejected:
    detail = _("Some filter values are not known: %(names)s.") % {
        "names": ", ".join(sorted(errors))
    }
    return Rejected(detail, errors)


def allow(request):
    """A plain OPTIONS names the methods (ninja answers none; a CORS preflight is answered
    by django-cors-headers before it gets here)."""
    return HttpResponse(status=204, headers={"Allow": ", ".join(READ_METHODS)})


def allow_item(request, slug: str):
    return allow(request)


def known_parameters_only(view):
    """Refuse query parameters that ``view`` does not take: a misspelt filter would otherwise
    be ignored and every object listed, as if it matched."""

    @functools.wraps(view)
    def checked(request, **kwargs):
        known = set()
        for value in kwargs.values():
            if isinstance(value, Schema):
                known |= type(value).model_fields.keys()
        unknown = sorted(set(request.GET) - known)
        if unknown:
            reason = _("This operation takes no such parameter.")
            detail = _("Some parameters are not known: %(names)s.") % {"names": ", ".join(unknown)}
            raise Rejected(detail, {name: [reason] for name in unknown})
        return view(request, **kwargs)

    return checked


def read(router: Router, path: str, item, options=None, **kwargs):
    """Register a GET operation answering ``item`` (a list of them: paginated), and HEAD
    and OPTIONS for the same path (left out of the schema: HEAD is GET without the body,
    OPTIONS names the methods; ``options`` answers it for a path with other parameters)."""

    def decorator(view):
        if isinstance(item, list):
            (item_schema,) = item
            response = {200: list[item_schema], **RESPONSES}
            view = paginate(BoundedPagination)(view)
        else:
            response = {200: item, **RESPONSES}
        view = known_parameters_only(view)
        router.add_api_operation(path, ["HEAD"], view, response=response, include_in_schema=False)
        answer = options or (allow_item if "{slug}" in path else allow)
        router.add_api_operation(path, ["OPTIONS"], answer, include_in_schema=False)
        return router.get(path, response=response, **kwargs)(view)

    return decorator


def filter_with(filterset_class, queryset, values: dict):
    """Apply a FilterSet of the public pages: the filtered queryset and the values it
    refuses, by parameter (empty when it takes them all)."""
    data = {name: str(value) for name, value in values.items() if value is not None}
    filterset = filterset_class(data, queryset=queryset)
    if not filterset.is_valid():
        errors = filterset.form.errors.items()
        return None, {name: [str(message) for message in messages] for name, messages in errors}
    return filterset.qs, {}


def public_agreement(slug: str | None, errors: dict):
    """The public agreement with ``slug`` (None without a slug); unknown: noted in errors."""
    if slug is None:
        return None
    found = Agreement.objects.public().filter(slug=slug).first()
    if found is None:
        errors["agreement"] = [_("There is no public agreement with this slug.")]
    return found


def events_for_listing(queryset):
    return queryset.for_listing().with_parties().prefetch_related("areas")


def plans_for_listing(queryset):
    items = PlanItem.objects.public().select_related("area", "event__agreement")
    # Grouped by the progress counts, so the model's ordering must be repeated.
    return (
        queryset.with_progress()
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("-period_start", "-id")
    )


# News -----------------------------------------------------------------------------------


@read(news, "/articles/", [schemas.ArticleOut])
def list_articles(request, query: Query[schemas.ArticleQuery]):
    """Published news, newest first; filtered like the rubric, tag and archive pages."""
    articles = Article.objects.published().for_listing().prefetch_related("tags")
    errors = {}
    if query.rubric is not None:
        rubric = Rubric.objects.filter(slug=query.rubric).first()
        if rubric is None:
            errors["rubric"] = [_("There is no rubric with this slug.")]
        articles = articles.filter(rubric=rubric)
    if query.tag is not None:
        tag = Tag.objects.filter(slug=query.tag).first()
        if tag is None:
            errors["tag"] = [_("There is no tag with this slug.")]
        articles = articles.filter(tags=tag)
    if query.month is not None and query.year is None:
        errors["month"] = [_("A month needs a year.")]
    if errors:
        raise unknown_values(errors)
    if query.year is not None:
        articles = articles.filter(publish_at__year=query.year)
    if query.month is not None:
        articles = articles.filter(publish_at__month=query.month)
    return articles


@read(news, "/articles/{slug}/", schemas.ArticleDetailOut, url_name="article")
def get_article(request, slug: str = schemas.SlugPath):
    """One published article with its text and photos."""
    queryset = Article.objects.published().for_listing().prefetch_related("tags", "photos__image")
    return get_object_or_404(queryset, slug=slug)


@read(news, "/rubrics/", [schemas.RubricOut])
def list_rubrics(request):
    """The rubrics of the news, in menu order."""
    return Rubric.objects.all()


# Partnerships ---------------------------------------------------------------------------


@read(partnerships, "/agreements/", [schemas.AgreementOut])
def list_agreements(request, query: Query[schemas.AgreementQuery]):
    """The register of agreements, latest signed first, with the register page's filters."""
    filters = query.model_dump(mode="json", include={"status", "kind", "area", "partner", "year"})
    agreements, errors = filter_with(AgreementFilter, Agreement.objects.public(), filters)
    if errors:
        raise unknown_values(errors)
    return agreements.for_listing()


@read(partnerships, "/agreements/{slug}/", schemas.AgreementDetailOut, url_name="agreement")
def get_agreement(request, slug: str = schemas.SlugPath):
    """One agreement: parties, signatories, areas, documents, timeline, plans, news."""
    timeline = Event.objects.published().order_by(*TIMELINE_ORDER)
    queryset = (
        Agreement.objects.public()
        .for_listing()
        .prefetch_related(
            "documents",
            Prefetch("signatories", queryset=Signatory.objects.select_related("side")),
            Prefetch(
                "events",
                queryset=timeline.with_parties().prefetch_related("areas"),
                to_attr="timeline",
            ),
            Prefetch("plans", queryset=plans_for_listing(CooperationPlan.objects.public())),
        )
    )
    return get_object_or_404(queryset, slug=slug)


@read(partnerships, "/partners/", [schemas.PartnerOut])
def list_partners(request, query: Query[schemas.PartnerQuery]):
    """Partners named by a public agreement or event, our city included (``is_home``)."""
    partners = Partner.objects.public().with_emblem().order_by("-is_home", "name")
    if query.kind is not None:
        partners = partners.filter(kind=query.kind)
    return partners


@read(partnerships, "/partners/{slug}/", schemas.PartnerDetailOut, url_name="partner")
def get_partner(request, slug: str = schemas.SlugPath):
    """One partner with its agreements and the events with it, as on its public page."""
    return get_object_or_404(Partner.objects.public().with_emblem(), slug=slug)


@read(partnerships, "/events/", [schemas.EventOut])
def list_events(request, query: Query[schemas.EventQuery]):
    """Events of the partnerships with the events page's filters."""
    filters = query.model_dump(mode="json", include={"kind", "partner", "area", "year"})
    events, errors = filter_with(EventFilter, Event.objects.public(), filters)
    agreement = public_agreement(query.agreement, errors)
    if errors:
        raise unknown_values(errors)
    if agreement is not None:
        events = events.filter(agreement=agreement)
    today = timezone.localdate()
    if query.when == "upcoming":
        events = events.upcoming(today)
    elif query.when == "past":
        events = events.past(today)
    else:
        events = events.order_by(*TIMELINE_ORDER)
    return events_for_listing(events)


@read(partnerships, "/events/{slug}/", schemas.EventDetailOut, url_name="event")
def get_event(request, slug: str = schemas.SlugPath):
    """One event with its description, photos and the news about it."""
    articles = Article.objects.published().for_listing()
    queryset = events_for_listing(Event.objects.public()).prefetch_related(
        "photos__image", Prefetch("articles", queryset=articles, to_attr="published_articles")
    )
    return get_object_or_404(queryset, slug=slug)


@read(partnerships, "/plans/", [schemas.PlanOut])
def list_plans(request, query: Query[schemas.PlanQuery]):
    """Approved and completed cooperation plans of public agreements (drafts are never
    public), with their items and progress."""
    errors = {}
    agreement = public_agreement(query.agreement, errors)
    if errors:
        raise unknown_values(errors)
    plans = (
        CooperationPlan.objects.public()
        .select_related("agreement")
        .order_by("-period_start", "-id")
    )
    if agreement is not None:
        plans = plans.filter(agreement=agreement)
    if query.status is not None:
        plans = plans.filter(status=query.status)
    return plans_for_listing(plans)


# Pages ----------------------------------------------------------------------------------


def allow_page(request, page_id: int):
    return allow(request)


@read(pages, "/pages/", [schemas.PageOut])
def list_pages(request):
    """The public pages of the site (О городе, Администрация…), in the order of their addresses."""
    return Page.objects.published().for_listing().select_related("parent")


@read(pages, "/pages/{page_id}/", schemas.PageDetailOut, options=allow_page, url_name="page")
def get_page(request, page_id: int):
    """One public page with its text."""
    return get_object_or_404(Page.objects.published().select_related("parent"), pk=page_id)


api.add_router("/", news)
api.add_router("/", partnerships)
api.add_router("/", pages)
