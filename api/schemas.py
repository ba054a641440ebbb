"""The shapes of the API's answers and of its query parameters (OpenAPI comes from these).

The answers are read straight from the model instances the views select: a field reads the
attribute of its name, or its ``Field(alias=...)``; ``resolve_*`` computes the rest. Every
object carries ``url``, the absolute address of its public page. Kinds and statuses come as
a stable code (``status``) and its Russian label (``status_display``). Event dates are given
at their precision: see ``EventDates``.
"""

import datetime
from dataclasses import dataclass
from typing import Any, Literal

from ninja import Field, Path, Schema

from api.pagination import EmptyMeansAbsent
from partnerships.dates import format_span, iso_at_precision, period_end
from partnerships.models import TIMELINE_ORDER, Agreement, CooperationPlan, Event, Partner

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
RELATED_ARTICLES = 20


def one_of(choices):
    """The codes of a model's TextChoices as a Literal (enums of the same name would clash
    in the OpenAPI components: Agreement.Status and CooperationPlan.Status…)."""
    return Literal[tuple(choices.values)]


SlugPath = Path(
    ..., pattern=SLUG_PATTERN, max_length=100, description="The slug in the public page's address."
)


def absolute(context, path: str) -> str:
    return context["request"].build_absolute_uri(path)


# Query parameters (the page ones are api.pagination's) -----------------------------------


class ArticleQuery(EmptyMeansAbsent):
    rubric: str | None = Field(None, pattern=SLUG_PATTERN, description="A rubric's slug.")
    tag: str | None = Field(None, pattern=SLUG_PATTERN, description="A tag's slug.")
    # Publication times are compared in the site's time zone: years 1 and 9999 would
    # overflow in the conversion.
    year: int | None = Field(None, ge=1000, le=9998, description="Year of publication.")
    month: int | None = Field(
        None, ge=1, le=12, description="Month of publication (1–12); needs `year`."
    )


class AgreementQuery(EmptyMeansAbsent):
    """The filters of the public register (partnerships.filters.AgreementFilter)."""

    status: one_of(Agreement.Status) | None = None
    kind: one_of(Agreement.Kind) | None = None
    area: str | None = Field(
        None, pattern=SLUG_PATTERN, description="An area of cooperation's slug."
    )
    partner: str | None = Field(None, pattern=SLUG_PATTERN, description="A partner's slug.")
    year: int | None = Field(None, ge=1, le=9999, description="Year of signing.")


class PartnerQuery(EmptyMeansAbsent):
    kind: one_of(Partner.Kind) | None = None


class EventQuery(EmptyMeansAbsent):
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


class PlanQuery(EmptyMeansAbsent):
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


class Linked(Schema):
    """An object with a public page, its ``url``."""

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.get_absolute_url())


class Displayed(Schema):
    """An object with a kind or a status: ``*_display`` is the label of its code."""

    @staticmethod
    def resolve_kind_display(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_display(obj):
        return obj.get_status_display()


@dataclass
class Picture:
    """A library image used outside a photo model (an article's lead image, a coat of arms),
    in the attribute names of the photo models (portal.models.Photo)."""

    image: Any  # media.models.Image
    alt: str
    caption: str = ""


class Image(Schema):
    url: str
    width: int | None
    height: int | None
    alt: str
    caption: str

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.image.url)

    @staticmethod
    def resolve_width(obj):
        return obj.image.width

    @staticmethod
    def resolve_height(obj):
        return obj.image.height


class RubricRef(Linked):
    slug: str
    name: str
    url: str


class RubricOut(RubricRef):
    description: str


class TagRef(Linked):
    slug: str
    name: str
    url: str


class ArticleRef(Linked):
    slug: str
    title: str
    publish_at: datetime.datetime
    url: str


class ArticleOut(Linked):
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

    @staticmethod
    def resolve_department(obj):
        return obj.department.name if obj.department else None

    @staticmethod
    def resolve_lead_image(obj):
        if not obj.lead_image:
            return None
        return Picture(obj.lead_image, alt=obj.lead_image_alt, caption=obj.lead_image_caption)


class ArticleDetailOut(ArticleOut):
    body: str = Field(description="Sanitised HTML.")
    photos: list[Image]


class PageOut(Linked):
    id: int
    title: str
    path: str = Field(description="The page's address on the site, e.g. /o-gorode/istoriya/.")
    parent: int | None = Field(description="The id of the page above it; null at the top.")
    lead: str
    publish_at: datetime.datetime
    expire_at: datetime.datetime | None = Field(description="When the page leaves the site.")
    updated_at: datetime.datetime
    url: str

    @staticmethod
    def resolve_parent(obj):
        return obj.parent_id


class PageDetailOut(PageOut):
    body: str = Field(description="Sanitised HTML.")


class PartnerRef(Linked):
    slug: str
    name: str
    is_home: bool = Field(description="True for the portal's own city.")
    url: str


class PartnerOut(PartnerRef, Displayed):
    kind: str
    kind_display: str
    region: str
    website: str
    latitude: float | None
    longitude: float | None
    population: int | None
    coat_of_arms: Image | None

    @staticmethod
    def resolve_coat_of_arms(obj):
        if not obj.coat_of_arms:
            return None
        return Picture(obj.coat_of_arms, alt=obj.emblem_alt)


class AreaRef(Linked):
    slug: str
    name: str
    url: str


class AgreementRef(Linked):
    slug: str
    title: str
    url: str


class AgreementOut(AgreementRef, Displayed):
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
    extends_automatically: bool
    term_ends_on: datetime.date | None = Field(
        description="The end of the current term: «valid_until», moved on by each automatic "
        "extension that has passed."
    )
    areas: list[AreaRef]
    summary: str

    @staticmethod
    def resolve_status(obj):
        """The stage as it reads today: «expired» once «valid_until» has passed."""
        return obj.current_status

    @staticmethod
    def resolve_status_display(obj):
        return obj.get_current_status_display()

    @staticmethod
    def resolve_term_ends_on(obj):
        return obj.term_ends_on()


class EventDates(Schema):
    """When an event took place, at the precision it is known to (read from the event)."""

    start: datetime.date = Field(
        alias="starts_on", description="The first day of the first period."
    )
    end: datetime.date | None = Field(
        alias="ends_on",
        description="The last day of the last period, for an event over several periods.",
    )
    last_day: datetime.date = Field(description="The last day the event may have lasted.")
    precision: Literal["day", "month", "year"]
    iso: str = Field(
        description='ISO 8601 at the precision: "2016", "2018-04", "2019-10-29", '
        'or an interval such as "2017/2018".'
    )
    display: str = Field(description="As the site writes it, e.g. «2017–2018 годы».")

    @staticmethod
    def resolve_last_day(obj):
        return period_end(obj.ends_on or obj.starts_on, obj.precision)

    @staticmethod
    def resolve_iso(obj):
        iso = iso_at_precision(obj.starts_on, obj.precision)
        if obj.ends_on:
            iso = f"{iso}/{iso_at_precision(obj.ends_on, obj.precision)}"
        return iso

    @staticmethod
    def resolve_display(obj):
        return format_span(obj.starts_on, obj.ends_on, obj.precision)


class EventRef(Linked):
    slug: str
    title: str
    dates: EventDates
    url: str

    @staticmethod
    def resolve_dates(obj):
        return obj


class EventOut(EventRef, Displayed):
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


class DocumentOut(Displayed):
    title: str
    kind: str
    kind_display: str
    size: int = Field(description="In bytes.")
    url: str

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.get_absolute_url())


class PlanItemOut(Displayed):
    activity: str
    area: AreaRef | None
    responsible: str
    due_on: datetime.date | None
    status: str
    status_display: str
    result: str
    event: EventRef | None

    @staticmethod
    def resolve_event(obj):
        """Only a public event is linked: an unpublished one has no public page."""
        return obj.event if obj.event and obj.event.is_public else None


class PlanOut(Linked, Displayed):
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
    events: list[EventOut] = Field(alias="timeline")
    plans: list[PlanOut]
    related_articles: list[ArticleRef]

    @staticmethod
    def resolve_related_articles(obj):
        return obj.related_articles()[:RELATED_ARTICLES]


class EventDetailOut(EventOut):
    description: str = Field(description="Sanitised HTML.")
    photos: list[Image]
    articles: list[ArticleRef] = Field(
        alias="published_articles", description="Published news about the event."
    )


class PartnerDetailOut(PartnerOut):
    description: str = Field(description="Sanitised HTML.")
    agreements: list[AgreementRef] = Field(
        description="Public agreements naming the partner, the latest signed first.",
    )
    events: list[EventRef] = Field(
        description="Public events with the partner or under its agreements, in time order.",
    )

    @staticmethod
    def resolve_agreements(obj):
        return Agreement.objects.public().filter(partners=obj)

    @staticmethod
    def resolve_events(obj):
        return Event.objects.public().involving(obj).order_by(*TIMELINE_ORDER)
