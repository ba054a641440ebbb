"""The read-only open data API: /api/ (OpenAPI at /api/openapi.json, docs at /api/docs/).

Only public content is served, through the same querysets as the public pages
(``Article.objects.published()``, ``Agreement.objects.public()``…), and the lists take the
filters of those pages; the register's and the events' filters are the very FilterSets of
``partnerships.filters``. A parameter an operation does not take, or a filter value the API
does not know, is a 400 naming the parameter (a page would ignore it, a program should hear
about it); a malformed value is a 422.

Every operation answers GET, HEAD and OPTIONS only; answers are public and cacheable, so
they carry ``Access-Control-Allow-Origin: *`` for use from other sites' scripts.
"""

import functools

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Router, Status
from ninja.errors import HttpError
from ninja.renderers import JSONRenderer

from api import schemas, serialize
from api.docs import SelfHostedSwagger
from news.models import Article, Rubric, Tag
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

READ_METHODS = ("GET", "HEAD", "OPTIONS")
RELATED_ARTICLES = 20

DESCRIPTION = """
Open data of the city's information office: news, and the register of the city's
partnerships (agreements, partners, events and cooperation plans).

Everything is read-only and public: the API shows exactly what the public pages show.
Lists are paginated (`page`, `page_size` up to 100) and take the filters of the matching
pages; every object links to its public page (`url`). A query parameter an operation does not
take (a misspelt filter, say) is refused with a 400 that names it, and so is a filter value
that names nothing (an unknown slug); a malformed value is a 422. Kinds and statuses come as a code and
its Russian label (`*_display`). Event dates are given at the precision they are known to
(a day, a month or a year), with the text the site writes.

The agreements register is also downloadable as CSV, XLSX and JSON from its page.
"""


class ReadableJSONRenderer(JSONRenderer):
    """Cyrillic as it is, not as \\u escapes: half the size and readable."""

    json_dumps_params = {"ensure_ascii": False}


class OpenDataAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        return operation.view_func.__name__

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        response["Access-Control-Allow-Origin"] = "*"
        return response


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

LIST_RESPONSES = {
    400: schemas.FilterErrorOut,
    404: schemas.ErrorOut,
    422: schemas.ValidationErrorOut,
}
DETAIL_RESPONSES = {
    400: schemas.FilterErrorOut,
    404: schemas.ErrorOut,
    422: schemas.ValidationErrorOut,
}


def options(request):
    response = HttpResponse(status=204)
    response["Allow"] = ", ".join(READ_METHODS)
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = ", ".join(READ_METHODS)
    response["Access-Control-Max-Age"] = "86400"
    return response


def options_for_item(request, slug: str):
    return options(request)


def known_parameters_only(view):
    """Refuse query parameters that ``view`` does not take: a misspelt filter would otherwise
    be ignored and every object listed, as if it matched."""

    @functools.wraps(view)
    def checked(request, **kwargs):
        query = kwargs.get("query")
        known = type(query).model_fields.keys() if query is not None else set()
        unknown = sorted(set(request.GET) - known)
        if unknown:
            reason = _("This operation takes no such parameter.")
            detail = _("Some parameters are not known: %(names)s.") % {"names": ", ".join(unknown)}
            return Status(400, {"detail": detail, "errors": {name: [reason] for name in unknown}})
        return view(request, **kwargs)

    return checked


def read(router: Router, path: str, response: dict, **kwargs):
    """Register a GET operation, and HEAD and OPTIONS for the same path (left out of the
    schema: HEAD is GET without the body, OPTIONS names the methods)."""

    def decorator(view):
        view = known_parameters_only(view)
        router.add_api_operation(path, ["HEAD"], view, response=response, include_in_schema=False)
        answer = options_for_item if "{slug}" in path else options
        router.add_api_operation(path, ["OPTIONS"], answer, include_in_schema=False)
        return router.get(path, response=response, **kwargs)(view)

    return decorator


def paginate(request, queryset, query: schemas.PageQuery, item):
    """One page of ``queryset`` as ``item(request, obj)`` dicts, with absolute links to the
    neighbouring pages; a page past the last one is a 404."""
    paginator = Paginator(queryset, query.page_size, allow_empty_first_page=True)
    try:
        page = paginator.page(query.page)
    except EmptyPage:
        raise HttpError(
            404,
            _("There is no page %(page)s: the last page is %(last)s.")
            % {"page": query.page, "last": paginator.num_pages},
        ) from None

    def link(number):
        parameters = request.GET.copy()
        parameters["page"] = number
        return request.build_absolute_uri(f"{request.path}?{parameters.urlencode()}")

    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "page_size": query.page_size,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": [item(request, obj) for obj in page.object_list],
    }


def rejected(errors: dict[str, list[str]]):
    return Status(
        400,
        {
            "detail": _("Some filter values are not known: %(names)s.")
            % {"names": ", ".join(sorted(errors))},
            "errors": errors,
        },
    )


def filter_with(filterset_class, queryset, values: dict):
    """Apply a FilterSet of the public pages; its form errors, if any, as a dict."""
    data = {name: str(value) for name, value in values.items() if value is not None}
    filterset = filterset_class(data, queryset=queryset)
    if not filterset.is_valid():
        errors = {
            name: [str(message) for message in messages]
            for name, messages in filterset.form.errors.items()
        }
        return None, errors
    return filterset.qs, None


def public_agreement(slug: str | None, errors: dict):
    """The public agreement with ``slug`` (None without a slug); unknown: noted in errors."""
    if slug is None:
        return None
    found = Agreement.objects.public().filter(slug=slug).first()
    if found is None:
        errors["agreement"] = [_("There is no public agreement with this slug.")]
    return found


def parties():
    return Prefetch("partners", queryset=Partner.objects.order_by("-is_home", "name"))


def events_for_listing(queryset):
    return queryset.for_listing().prefetch_related(parties(), "areas")


def plans_for_listing(queryset):
    items = PlanItem.objects.public().select_related("area", "event__agreement")
    # Grouped by the progress counts, so the model's ordering must be repeated.
    return (
        queryset.with_progress()
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("-period_start", "-id")
    )


# News -----------------------------------------------------------------------------------


@read(news, "/articles/", response={200: schemas.ArticlePage, **LIST_RESPONSES})
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
        return rejected(errors)
    if query.year is not None:
        articles = articles.filter(publish_at__year=query.year)
    if query.month is not None:
        articles = articles.filter(publish_at__month=query.month)
    return paginate(request, articles, query, serialize.article)


@read(
    news,
    "/articles/{slug}/",
    response={200: schemas.ArticleDetailOut, **DETAIL_RESPONSES},
    url_name="article",
)
def get_article(request, slug: str = schemas.SlugPath):
    """One published article with its text and photos."""
    queryset = Article.objects.published().for_listing().prefetch_related("tags", "photos")
    return serialize.article_detail(request, get_object_or_404(queryset, slug=slug))


@read(news, "/rubrics/", response={200: schemas.RubricPage, **LIST_RESPONSES})
def list_rubrics(request, query: Query[schemas.PageQuery]):
    """The rubrics of the news, in menu order."""
    return paginate(request, Rubric.objects.all(), query, serialize.rubric)


# Partnerships ---------------------------------------------------------------------------


@read(partnerships, "/agreements/", response={200: schemas.AgreementPage, **LIST_RESPONSES})
def list_agreements(request, query: Query[schemas.AgreementQuery]):
    """The register of agreements, latest signed first, with the register page's filters."""
    filters = query.model_dump(mode="json", include={"status", "kind", "area", "partner", "year"})
    agreements, errors = filter_with(AgreementFilter, Agreement.objects.public(), filters)
    if errors:
        return rejected(errors)
    return paginate(
        request, agreements.prefetch_related(parties(), "areas"), query, serialize.agreement
    )


@read(
    partnerships,
    "/agreements/{slug}/",
    response={200: schemas.AgreementDetailOut, **DETAIL_RESPONSES},
    url_name="agreement",
)
def get_agreement(request, slug: str = schemas.SlugPath):
    """One agreement: parties, signatories, areas, documents, timeline, plans, news."""
    timeline = Event.objects.filter(is_published=True).order_by(*TIMELINE_ORDER)
    queryset = Agreement.objects.public().prefetch_related(
        parties(),
        "areas",
        "documents",
        Prefetch("signatories", queryset=Signatory.objects.select_related("side")),
        Prefetch(
            "events",
            queryset=timeline.prefetch_related(parties(), "areas"),
            to_attr="timeline",
        ),
        Prefetch("plans", queryset=plans_for_listing(CooperationPlan.objects.public())),
    )
    agreement = get_object_or_404(queryset, slug=slug)
    related = agreement.related_articles()[:RELATED_ARTICLES]
    return serialize.agreement_detail(request, agreement, related_articles=related)


@read(partnerships, "/partners/", response={200: schemas.PartnerPage, **LIST_RESPONSES})
def list_partners(request, query: Query[schemas.PartnerQuery]):
    """Partners named by a public agreement or event, our city included (``is_home``)."""
    partners = Partner.objects.public().order_by("-is_home", "name")
    if query.kind is not None:
        partners = partners.filter(kind=query.kind)
    return paginate(request, partners, query, serialize.partner)


@read(
    partnerships,
    "/partners/{slug}/",
    response={200: schemas.PartnerDetailOut, **DETAIL_RESPONSES},
    url_name="partner",
)
def get_partner(request, slug: str = schemas.SlugPath):
    """One partner with its agreements and the events with it, as on its public page."""
    partner = get_object_or_404(Partner.objects.public(), slug=slug)
    agreements = Agreement.objects.public().filter(partners=partner)
    events = Event.objects.public().involving(partner).order_by(*TIMELINE_ORDER)
    return serialize.partner_detail(request, partner, agreements=agreements, events=events)


@read(partnerships, "/events/", response={200: schemas.EventPage, **LIST_RESPONSES})
def list_events(request, query: Query[schemas.EventQuery]):
    """Events of the partnerships with the events page's filters."""
    filters = query.model_dump(mode="json", include={"kind", "partner", "area", "year"})
    events, errors = filter_with(EventFilter, Event.objects.public(), filters)
    errors = errors or {}
    agreement = public_agreement(query.agreement, errors)
    if errors:
        return rejected(errors)
    if agreement is not None:
        events = events.filter(agreement=agreement)
    today = timezone.localdate()
    if query.when == "upcoming":
        events = events.upcoming(today)
    elif query.when == "past":
        events = events.past(today)
    else:
        events = events.order_by(*TIMELINE_ORDER)
    return paginate(
        request,
        events_for_listing(events),
        query,
        lambda request, item: serialize.event(request, item, today=today),
    )


@read(
    partnerships,
    "/events/{slug}/",
    response={200: schemas.EventDetailOut, **DETAIL_RESPONSES},
    url_name="event",
)
def get_event(request, slug: str = schemas.SlugPath):
    """One event with its description, photos and the news about it."""
    articles = Article.objects.published().for_listing()
    queryset = events_for_listing(Event.objects.public()).prefetch_related(
        "photos", Prefetch("articles", queryset=articles, to_attr="published_articles")
    )
    return serialize.event_detail(request, get_object_or_404(queryset, slug=slug))


@read(partnerships, "/plans/", response={200: schemas.PlanPage, **LIST_RESPONSES})
def list_plans(request, query: Query[schemas.PlanQuery]):
    """Approved and completed cooperation plans of public agreements (drafts are never
    public), with their items and progress."""
    errors = {}
    agreement = public_agreement(query.agreement, errors)
    if errors:
        return rejected(errors)
    plans = (
        CooperationPlan.objects.public()
        .select_related("agreement")
        .order_by("-period_start", "-id")
    )
    if agreement is not None:
        plans = plans.filter(agreement=agreement)
    if query.status is not None:
        plans = plans.filter(status=query.status)
    return paginate(request, plans_for_listing(plans), query, serialize.plan)


api.add_router("/", news)
api.add_router("/", partnerships)
