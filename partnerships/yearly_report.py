"""The yearly report on the city's international and inter-regional ties, computed from the
register (Минэкономразвития order No. 911 of 25.12.2023 and the regions' laws ask
municipalities for it once a year).

``yearly_report(year)`` reads the register in a fixed number of queries, whatever its size,
and decides in Python, by the same rules as ``Agreement.status_on`` and the stage history
(``StageChange``), what happened *in the year* (Moscow dates):

* concluded — signed (``signed_on``) within the year;
* in force — signed, taken effect (``valid_from``, else ``signed_on``) by 31 December and not
  ended before 1 January;
* expired — its «valid until» fell within the year and it does not extend automatically
  (valid until 31 December: expired in that year — it reads «expired» on 1 January), unless
  it had been terminated first; an agreement set to «expired» without a date, by the date of
  that stage;
* terminated — by the date of its «terminated» stage.

Every agreement and event of the register counts, published or not: the report is about what
was signed and done, not about what the public site shows. The scope of a tie (international,
inter-regional, within the region) is read from the partners (``partner_scope``).
"""

import copy
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models import (
    TIMELINE_ORDER,
    Agreement,
    AgreementDocument,
    Area,
    CooperationPlan,
    Event,
    Partner,
    PlanItem,
    StageChange,
)
from portal.models import SiteSettings

FIRST_YEAR = 1990
# «Россия, …» or «…, Россия»: a partner whose «region and country» names another country
# after its last comma is abroad.
RUSSIA = ("россия", "российская федерация", "рф")


class Scope:
    """How far a tie reaches, widest last."""

    REGIONAL = "regional"
    INTERREGIONAL = "interregional"
    INTERNATIONAL = "international"
    ORDER = (REGIONAL, INTERREGIONAL, INTERNATIONAL)
    LABELS = {
        REGIONAL: _("Within the region"),
        INTERREGIONAL: _("Inter-regional"),
        INTERNATIONAL: _("International"),
    }


def _normal(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def partner_scope(partner: "Partner | Party", home: "Partner | Party | None") -> str:
    """The scope of a tie with ``partner``, from its «region and country» (free text, the
    country after the last comma, e.g. «Минская область, Беларусь»): international when it
    names a country other than Russia; within the region when it is empty, names our city
    or is our city's region; inter-regional otherwise."""
    region = _normal(partner.region)
    parts = [part.strip() for part in region.split(",")]
    if len(parts) > 1 and parts[-1] and parts[-1] not in RUSSIA:
        return Scope.INTERNATIONAL
    home_region = _normal(home.region) if home else ""
    if not region or (home and _normal(home.name) in region) or parts[0] == home_region:
        return Scope.REGIONAL
    return Scope.INTERREGIONAL


def widest(scopes) -> str:
    return max(scopes, key=Scope.ORDER.index, default=Scope.REGIONAL)


@dataclass(frozen=True)
class Party:
    """What the report needs of a partner (read as values: no model instance per link)."""

    pk: int
    name: str
    region: str
    is_home: bool


@dataclass(frozen=True)
class SourceDocument:
    agreement_title: str
    title: str
    kind_label: str


@dataclass
class EventEntry:
    event: Event
    partners: list[Party]  # counterparts named by the event or its agreement
    areas: list[str]
    agreement_title: str


@dataclass
class AgreementEntry:
    agreement: Agreement
    counterparts: list[Party]
    areas: list[str]
    scope: str
    ended_on: datetime.date | None  # expired or terminated; None while it runs
    how_ended: str  # "expired", "terminated" or ""
    stage_at_end: str  # the stage as it reads on 1 January of the next year

    @property
    def scope_label(self):
        return Scope.LABELS[self.scope]

    @property
    def stage_label(self):
        return Agreement.Status(self.stage_at_end).label


@dataclass
class Tally:
    """Events counted under one heading (a partner or an area)."""

    name: str
    events: int
    detail: str = ""


@dataclass
class PlanEntry:
    plan: CooperationPlan
    total: int  # cancelled items left out, as in ``with_progress``
    done: int
    in_progress: int
    planned: int
    cancelled: int

    @property
    def percent(self):
        return None if not self.total else round(100 * self.done / self.total)


@dataclass
class YearlyReport:
    year: int
    organisation: str
    concluded: list[AgreementEntry] = field(default_factory=list)
    in_force: list[AgreementEntry] = field(default_factory=list)
    expired: list[AgreementEntry] = field(default_factory=list)
    terminated: list[AgreementEntry] = field(default_factory=list)
    events: list[EventEntry] = field(default_factory=list)
    events_by_partner: list[Tally] = field(default_factory=list)
    events_by_area: list[Tally] = field(default_factory=list)
    plans: list[PlanEntry] = field(default_factory=list)
    documents: list[SourceDocument] = field(default_factory=list)

    @property
    def first_day(self):
        return datetime.date(self.year, 1, 1)

    @property
    def last_day(self):
        return datetime.date(self.year, 12, 31)

    def in_force_by_scope(self) -> list[tuple[str, int]]:
        counts = Counter(entry.scope for entry in self.in_force)
        return [(Scope.LABELS[scope], counts[scope]) for scope in reversed(Scope.ORDER)]

    @property
    def plan_totals(self) -> PlanEntry | None:
        if not self.plans:
            return None
        sums = {
            name: sum(getattr(entry, name) for entry in self.plans)
            for name in ("total", "done", "in_progress", "planned", "cancelled")
        }
        return PlanEntry(plan=None, **sums)


def default_year(today: datetime.date | None = None) -> int:
    """Last year, by the Moscow date: the report is made in January for the year before."""
    return (today or timezone.localdate()).year - 1


def last_year_allowed(today: datetime.date | None = None) -> int:
    return (today or timezone.localdate()).year


def _stage_on(agreement: Agreement, changes: list[StageChange], day: datetime.date) -> str:
    """The stage as it read on ``day``: the last stage recorded by then (the current one if
    none was), with the expiry rule of ``Agreement.status_on``."""
    recorded = [change for change in changes if change.date <= day]
    then = copy.copy(agreement)
    if recorded:
        then.status = max(
            recorded, key=lambda change: (change.date, change.created, change.pk)
        ).stage
    return then.status_on(day)


def _first_date(changes, stage):
    dates = [change.date for change in changes if change.stage == stage]
    return min(dates) if dates else None


def _ending(agreement: Agreement, changes: list[StageChange]):
    """``(date, "expired" | "terminated")`` of the agreement's end, or ``(None, "")``."""
    terminated_on = (
        _first_date(changes, Agreement.Status.TERMINATED)
        if agreement.status == Agreement.Status.TERMINATED
        else None
    )
    expired_on = None
    if agreement.valid_until and not agreement.extends_automatically:
        expired_on = agreement.valid_until  # unless terminated before, see below
    elif agreement.status == Agreement.Status.EXPIRED:
        expired_on = _first_date(changes, Agreement.Status.EXPIRED)
    if expired_on and (terminated_on is None or expired_on < terminated_on):
        return expired_on, "expired"
    if terminated_on:
        return terminated_on, "terminated"
    return None, ""


def _agreements(start, end):
    """The signed agreements that may have been in force in the year or ended in it."""
    return (
        Agreement.objects.filter(status__in=Agreement.SIGNED_STATUSES, signed_on__lte=end)
        .exclude(valid_until__lt=start, extends_automatically=False)
        .only(
            "title",
            "kind",
            "status",
            "signed_on",
            "valid_from",
            "valid_until",
            "extends_automatically",
        )
        .order_by("signed_on", "id")
    )


def _events(start, end):
    """Events held (at least partly) in the year, earliest first, with their agreement's
    title (``agreement_title``)."""
    return (
        Event.objects.filter(starts_on__lte=end)
        .filter(Q(ends_on__gte=start) | Q(ends_on__isnull=True, starts_on__gte=start))
        .only("title", "slug", "kind", "starts_on", "ends_on", "precision", "place", "agreement")
        .annotate(agreement_title=F("agreement__title"))
        .order_by(*TIMELINE_ORDER)
    )


def _links(through, owner: str, target: str, owners) -> dict[int, list[int]]:
    """``{owner id: [target id…]}`` of a many-to-many table, for the owners in the queryset
    ``owners`` (one query, ids only)."""
    found = defaultdict(list)
    rows = through.objects.filter(**{f"{owner}__in": owners.values("pk")})
    for owner_id, target_id in rows.order_by("pk").values_list(f"{owner}_id", f"{target}_id"):
        found[owner_id].append(target_id)
    return found


def _parties(ids) -> dict[int, Party]:
    """The partners ``ids`` and our city, as values."""
    rows = Partner.objects.filter(Q(pk__in=ids) | Q(is_home=True))
    rows = rows.values_list("pk", "name", "region", "is_home")
    return {row[0]: Party(*row) for row in rows}


def _plans(start, end):
    """Plans (not drafts) whose period overlaps the year, with their items counted by status
    (one query)."""
    by_status = {
        name: Count("items", filter=Q(items__status=status))
        for name, status in (
            ("items_done", PlanItem.Status.DONE),
            ("items_in_progress", PlanItem.Status.IN_PROGRESS),
            ("items_planned", PlanItem.Status.PLANNED),
            ("items_cancelled", PlanItem.Status.CANCELLED),
        )
    }
    return (
        CooperationPlan.objects.exclude(status=CooperationPlan.Status.DRAFT)
        .filter(period_start__lte=end, period_end__gte=start)
        .select_related("agreement")
        .annotate(**by_status)
        .order_by("period_start", "agreement__title", "id")
    )


def yearly_report(year: int) -> YearlyReport:
    """The report for ``year``, in a constant number of queries (a dozen): the records are
    read once each, the links between them as ids."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    next_year = end + datetime.timedelta(days=1)
    report = YearlyReport(year=year, organisation=SiteSettings.get_solo().office_name)
    agreements, events = _agreements(start, end), _events(start, end)
    agreement_parties = _links(Agreement.partners.through, "agreement", "partner", agreements)
    event_parties = _links(Event.partners.through, "event", "partner", events)
    events_agreement_parties = _links(
        Agreement.partners.through,
        "agreement",
        "partner",
        Agreement.objects.filter(pk__in=events.values("agreement")),
    )
    agreement_areas = _links(Agreement.areas.through, "agreement", "area", agreements)
    event_areas = _links(Event.areas.through, "event", "area", events)
    partner_ids = {
        pk
        for links in (agreement_parties, event_parties, events_agreement_parties)
        for ids in links.values()
        for pk in ids
    }
    parties = _parties(partner_ids)
    home = next((party for party in parties.values() if party.is_home), None)
    areas = {area.pk: area for area in Area.objects.all()}
    changes = defaultdict(list)
    for change in StageChange.objects.filter(agreement__in=agreements.values("pk")).only(
        "agreement", "stage", "date", "created"
    ):
        changes[change.agreement_id].append(change)
    documents = defaultdict(list)
    for row in (
        AgreementDocument.objects.filter(agreement__in=agreements.values("pk"))
        .order_by("order", "id")
        .values_list("agreement_id", "title", "kind")
    ):
        documents[row[0]].append(row)

    for agreement in agreements:
        history = changes[agreement.pk]
        counterparts = [
            parties[pk] for pk in agreement_parties[agreement.pk] if not parties[pk].is_home
        ]
        counterparts.sort(key=lambda party: party.name)
        ended_on, how = _ending(agreement, history)
        entry = AgreementEntry(
            agreement=agreement,
            counterparts=counterparts,
            areas=[area.name for area in _ordered_areas(areas, agreement_areas[agreement.pk])],
            scope=widest(partner_scope(partner, home) for partner in counterparts),
            ended_on=ended_on,
            how_ended=how,
            stage_at_end=_stage_on(agreement, history, next_year),
        )
        took_effect = agreement.valid_from or agreement.signed_on
        concluded = start <= agreement.signed_on <= end
        in_force = took_effect <= end and (ended_on is None or ended_on >= start)
        if concluded:
            report.concluded.append(entry)
        if in_force:
            report.in_force.append(entry)
        if ended_on and start <= ended_on <= end:
            (report.expired if how == "expired" else report.terminated).append(entry)
        if concluded or in_force:
            report.documents.extend(
                SourceDocument(agreement.title, title, str(AgreementDocument.Kind(kind).label))
                for _agreement, title, kind in documents[agreement.pk]
            )

    by_partner: Counter = Counter()
    by_area: Counter = Counter()
    for event in events:
        involved = dict.fromkeys(
            [*event_parties[event.pk], *events_agreement_parties.get(event.agreement_id, [])]
        )
        counterparts = [parties[pk] for pk in involved if not parties[pk].is_home]
        event_area_list = _ordered_areas(areas, event_areas[event.pk])
        report.events.append(
            EventEntry(
                event=event,
                partners=counterparts,
                areas=[area.name for area in event_area_list],
                agreement_title=event.agreement_title or "",
            )
        )
        by_partner.update(party.pk for party in counterparts)
        by_area.update(area.pk for area in event_area_list)
        if not event_area_list:
            by_area[None] += 1
    report.events_by_partner = sorted(
        (
            Tally(
                name=parties[pk].name,
                events=count,
                detail=str(Scope.LABELS[partner_scope(parties[pk], home)]),
            )
            for pk, count in by_partner.items()
        ),
        key=lambda tally: (-tally.events, tally.name),
    )
    report.events_by_area = [
        Tally(name=area.name, events=by_area[area.pk])
        for area in _ordered_areas(areas, [pk for pk in by_area if pk is not None])
    ]
    if by_area[None]:
        report.events_by_area.append(Tally(name=str(_("Area not given")), events=by_area[None]))

    for plan in _plans(start, end):
        report.plans.append(
            PlanEntry(
                plan=plan,
                total=plan.items_done + plan.items_in_progress + plan.items_planned,
                done=plan.items_done,
                in_progress=plan.items_in_progress,
                planned=plan.items_planned,
                cancelled=plan.items_cancelled,
            )
        )
    return report


def _ordered_areas(areas, ids):
    return sorted((areas[pk] for pk in ids), key=lambda area: (area.order, area.name))
