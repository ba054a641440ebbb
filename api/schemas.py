"""The shapes of the API's answers and of its query parameters (OpenAPI comes from these).

Every object carries ``url``, the absolute address of its public page. Kinds and statuses
come as a stable code (``status``) and its Russian label (``status_display``). Event dates
are given at their precision: see ``EventDates``.
"""

import datetime
from typing import Any, Literal

from ninja import Field, Path, Schema
from pydantic import field_validator

from partnerships.models import Agreement, CooperationPlan, Event, Partner

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


def one_of(choices):
    """The codes of a model's TextChoices as a Literal (enums of the same name would clash
    in the OpenAPI components: Agreement.Status and CooperationPlan.Status…)."""
    return Literal[tuple(choices.values)]


SlugPath = Path(
    ..., pattern=SLUG_PATTERN, max_length=100, description="The slug in the public page's address."
)


# Query parameters -----------------------------------------------------------------------


class PageQuery(Schema):
    @field_validator("*", mode="before")
    @classmethod
    def empty_means_absent(cls, value, info):
        """``?area=`` is what the public pages' filter forms send for «all»."""
        return cls.model_fields[info.field_name].default if value == "" else value

    page: int = Field(1, ge=1, description="The page number, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Items per page, at most {MAX_PAGE_SIZE}.",
    )


class ArticleQuery(PageQuery):
    rubric: str | None = Field(None, pattern=SLUG_PATTERN, description="A rubric's slug.")
    tag: str | None = Field(None, pattern=SLUG_PATTERN, description="A tag's slug.")
    # Publication times are compared in the site's time zone: years 1 and 9999 would
    # overflow in the conversion.
    year: int | None = Field(None, ge=1000, le=9998, description="Year of publication.")
    month: int | None = Field(
        None, ge=1, le=12, description="Month of publication (1–12); needs `year`."
    )


class AgreementQuery(PageQuery):
    """The filters of the public register (partnerships.filters.AgreementFilter)."""

    status: one_of(Agreement.Status) | None = None
    kind: one_of(Agreement.Kind) | None = None
    area: str | None = Field(
        None, pattern=SLUG_PATTERN, description="An area of cooperation's slug."
    )
    partner: str | None = Field(None, pattern=SLUG_PATTERN, description="A partner's slug.")
    year: int | None = Field(None, ge=1, le=9999, description="Year of signing.")


class PartnerQuery(PageQuery):
    kind: one_of(Partner.Kind) | None = None


class EventQuery(PageQuery):
    """The filters of the public events list (partnerships.filters.EventFilter) and more."""

    when: Literal["upcoming", "past"] | None = Field(
        None,
        description=(
            "`upcoming`: not over yet, soonest first; `past`: over, latest first. "
            "Without it, all events in chronological order."
        ),
    )
    kind: one_of(Event.Kind) | None = None
    partner: str | None = Field(None, pattern=SLUG_PATTERN, description="A partner's slug.")
    agreement: str | None = Field(None, pattern=SLUG_PATTERN, description="An agreement's slug.")
    area: str | None = Field(
        None, pattern=SLUG_PATTERN, description="An area of cooperation's slug."
    )
    year: int | None = Field(
        None, ge=1, le=9999, description="Events that took place at least partly in the year."
    )


class PlanQuery(PageQuery):
    agreement: str | None = Field(None, pattern=SLUG_PATTERN, description="An agreement's slug.")
    status: one_of(CooperationPlan.Status) | None = None


# Answers --------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str


class FilterErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(description="The rejected parameters and why.")


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


class Image(Schema):
    url: str
    width: int | None
    height: int | None
    alt: str
    caption: str


class RubricRef(Schema):
    slug: str
    name: str
    url: str


class RubricOut(RubricRef):
    description: str


class TagRef(Schema):
    slug: str
    name: str
    url: str


class ArticleRef(Schema):
    slug: str
    title: str
    publish_at: datetime.datetime
    url: str


class ArticleOut(Schema):
    slug: str
    title: str
    lead: str = Field(description="Plain text: the summary shown in lists and feeds.")
    publish_at: datetime.datetime
    updated_at: datetime.datetime
    rubric: RubricRef
    tags: list[TagRef]
    department: str | None = Field(description="The author department named in the byline.")
    featured: bool
    lead_image: Image | None
    url: str


class ArticleDetailOut(ArticleOut):
    body: str = Field(description="Sanitised HTML.")
    photos: list[Image]


class PartnerRef(Schema):
    slug: str
    name: str
    is_home: bool = Field(description="True for the portal's own city.")
    url: str


class PartnerOut(PartnerRef):
    kind: str
    kind_display: str
    region: str
    website: str
    latitude: float | None
    longitude: float | None
    population: int | None
    coat_of_arms: Image | None


class AreaRef(Schema):
    slug: str
    name: str
    url: str


class AgreementRef(Schema):
    slug: str
    title: str
    url: str


class AgreementOut(AgreementRef):
    kind: str
    kind_display: str
    status: str
    status_display: str
    partners: list[PartnerRef]
    signed_on: datetime.date | None
    signing_place: str
    signing_occasion: str
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    areas: list[AreaRef]
    summary: str


class EventDates(Schema):
    """When an event took place, at the precision it is known to."""

    start: datetime.date = Field(description="The first day of the first period.")
    end: datetime.date | None = Field(
        description="The last day of the last period, for an event over several periods."
    )
    last_day: datetime.date = Field(description="The last day the event may have lasted.")
    precision: Literal["day", "month", "year"]
    iso: str = Field(
        description='ISO 8601 at the precision: "2016", "2018-04", "2019-10-29", '
        'or an interval such as "2017/2018".'
    )
    display: str = Field(description="As the site writes it, e.g. «2017–2018 годы».")


class EventRef(Schema):
    slug: str
    title: str
    dates: EventDates
    url: str


class EventOut(EventRef):
    kind: str
    kind_display: str
    place: str
    participants: str
    summary: str
    partners: list[PartnerRef]
    areas: list[AreaRef]
    agreement: AgreementRef | None
    is_upcoming: bool


class SignatoryOut(Schema):
    name: str
    position: str
    side: PartnerRef | None


class DocumentOut(Schema):
    title: str
    kind: str
    kind_display: str
    size: int = Field(description="In bytes.")
    url: str


class PlanItemOut(Schema):
    activity: str
    area: AreaRef | None
    responsible: str
    due_on: datetime.date | None
    status: str
    status_display: str
    result: str
    event: EventRef | None


class PlanOut(Schema):
    id: int
    title: str
    status: str
    status_display: str
    period_start: datetime.date
    period_end: datetime.date
    period_display: str
    note: str
    progress: int | None = Field(description="Per cent of the items done; null without items.")
    agreement: AgreementRef
    items: list[PlanItemOut]
    url: str


class AgreementDetailOut(AgreementOut):
    body: str = Field(description="Sanitised HTML.")
    signatories: list[SignatoryOut]
    documents: list[DocumentOut]
    events: list[EventOut]
    plans: list[PlanOut]
    related_articles: list[ArticleRef]


class EventDetailOut(EventOut):
    description: str = Field(description="Sanitised HTML.")
    photos: list[Image]
    articles: list[ArticleRef] = Field(description="Published news about the event.")


class PartnerDetailOut(PartnerOut):
    description: str = Field(description="Sanitised HTML.")
    agreements: list[AgreementRef] = Field(
        description="Public agreements naming the partner, the latest signed first."
    )
    events: list[EventRef] = Field(
        description="Public events with the partner or under its agreements, in time order."
    )


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """The paginated answer holding ``item`` objects."""
    return type(
        name,
        (Schema,),
        {
            "__annotations__": {
                "count": int,
                "page": int,
                "pages": int,
                "page_size": int,
                "next": str | None,
                "previous": str | None,
                "results": list[item],
            },
            "__doc__": f"One page of {item.__name__.removesuffix('Out').lower()} objects.",
            "__module__": __name__,
        },
    )


ArticlePage = page_of(ArticleOut, "ArticlePage")
RubricPage = page_of(RubricOut, "RubricPage")
AgreementPage = page_of(AgreementOut, "AgreementPage")
PartnerPage = page_of(PartnerOut, "PartnerPage")
EventPage = page_of(EventOut, "EventPage")
PlanPage = page_of(PlanOut, "PlanPage")
