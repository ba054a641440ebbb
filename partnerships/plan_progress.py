"""When a plan item is due, whether it is overdue, what fulfilled it, and the counts of a plan.

An item is due on its date (``due_on``), else on the last day of its quarter (``due_year`` and
``due_quarter``), else on the plan's last day. It is *overdue* when that day is before today
(the Moscow date) and it is neither done nor cancelled. Nothing is stored when a day passes:
the rule is written once for SQL (``due_expression``, ``overdue_expression``, used by
``PlanItemQuerySet.with_due``) and once for Python (``due_of``, ``is_overdue``), like an
agreement's current status.

An item may be marked done only with its evidence: the event, the news article or the
agreement's document that fulfilled it (``check_done``, used by the admin's form). Items done
before that rule keep their status; the admin warns about them (``done_without_evidence``).
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

OPEN_STATUSES = ("planned", "in_progress")
EVIDENCE_FIELDS = ("event", "article", "document")


def quarter_end(year: int, quarter: int) -> datetime.date:
    month = quarter * 3
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


class QuarterEnd(models.Func):
    """The last day of quarter ``quarter`` of ``year`` (two integer columns), in SQL."""

    output_field = models.DateField()

    def __init__(self, year, quarter, **extra):
        super().__init__(year, quarter, **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        # Built by concatenation: printf's percent signs would need escaping for the driver.
        (year, year_params), (quarter, quarter_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        sql = (
            f"date(CAST({year} AS TEXT) || '-' || substr('0' || CAST(({quarter}) * 3 AS TEXT), -2)"
            " || '-01', '+1 month', '-1 day')"
        )
        return sql, (*year_params, *quarter_params)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template=(
                "(make_date(%(expressions)s * 3, 1) + interval '1 month' - interval '1 day')::date"
            ),
            arg_joiner=", ",
            **extra_context,
        )


def due_expression():
    """The SQL for ``due_of``."""
    by_quarter = models.Case(
        models.When(
            Q(due_year__isnull=False, due_quarter__isnull=False),
            then=QuarterEnd("due_year", "due_quarter"),
        ),
        default=None,
        output_field=models.DateField(),
    )
    return Coalesce("due_on", by_quarter, "plan__period_end", output_field=models.DateField())


def overdue_expression(today: datetime.date | None = None):
    """The SQL for ``is_overdue``; reads the ``due`` annotation."""
    today = today or timezone.localdate()
    return models.Case(
        models.When(Q(status__in=OPEN_STATUSES, due__lt=today), then=models.Value(True)),
        default=models.Value(False),
        output_field=models.BooleanField(),
    )


def due_of(item) -> datetime.date | None:
    """The day ``item`` is due: its date, the end of its quarter or the plan's last day."""
    if item.due_on is not None:
        return item.due_on
    if item.due_year and item.due_quarter:
        return quarter_end(item.due_year, item.due_quarter)
    plan = getattr(item, "plan", None)
    return plan.period_end if plan is not None else None


def is_overdue(item, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    due = due_of(item)
    return item.status in OPEN_STATUSES and due is not None and due < today


def due_display(item) -> str:
    """«31 марта 2020» or «II квартал 2020», as the item was planned."""
    from django.utils.formats import date_format

    if item.due_on is not None:
        return date_format(item.due_on, "j E Y")
    if item.due_year and item.due_quarter:
        return gettext("%(quarter)s quarter %(year)s") % {
            "quarter": item.get_due_quarter_display(),
            "year": item.due_year,
        }
    return ""


def check_item(item) -> None:
    """The model's own rules, in plain words: one way of being due, one person in charge,
    a quarter within the plan's years, evidence from the plan's own agreement."""
    errors = {}
    if item.due_on is not None and (item.due_year or item.due_quarter):
        errors["due_quarter"] = _("Give either an exact date or a quarter, not both.")
    elif bool(item.due_year) != bool(item.due_quarter):
        errors["due_quarter"] = _("Give the quarter together with its year.")
    if item.responsible_user_id and item.responsible:
        errors["responsible_user"] = _(
            "Name the person in charge or choose a staff member, not both."
        )
    plan = getattr(item, "plan", None) if item.plan_id else None
    if plan is not None and item.due_year and item.due_quarter and "due_quarter" not in errors:
        first = datetime.date(item.due_year, item.due_quarter * 3 - 2, 1)
        if quarter_end(item.due_year, item.due_quarter) < plan.period_start or (
            first > plan.period_end
        ):
            errors["due_quarter"] = _("The quarter is outside the plan's period.")
    if plan is not None and item.document_id and item.document.agreement_id != plan.agreement_id:
        errors["document"] = _("The document must belong to the plan's agreement.")
    if errors:
        raise ValidationError(errors)


def check_done(item) -> None:
    """Refuse «done» without the event, article or document that fulfilled the item."""
    if item.status == "done" and not item.has_evidence:
        raise ValidationError(
            _(
                "An item can be marked done only with its evidence: choose the event, the "
                "news article or the document that fulfilled it."
            ),
            code="evidence",
        )


def done_without_evidence(items) -> list:
    """The items done without evidence (marked so before evidence was required)."""
    return [item for item in items if item.status == "done" and not item.has_evidence]


@dataclass
class Tally:
    """The items of one group (a plan, an area, a person, a partner) by their state; an
    overdue item counts as overdue only, not as planned or in progress."""

    label: str
    done: int = 0
    in_progress: int = 0
    planned: int = 0
    overdue: int = 0
    cancelled: int = 0

    @property
    def counted(self) -> int:
        """Items that count towards progress: all but the cancelled ones."""
        return self.done + self.in_progress + self.planned + self.overdue

    @property
    def total(self) -> int:
        return self.counted + self.cancelled

    @property
    def percent(self) -> int | None:
        return round(self.done * 100 / self.counted) if self.counted else None

    def add(self, item, today: datetime.date) -> None:
        if item.status == "done":
            self.done += 1
        elif item.status == "cancelled":
            self.cancelled += 1
        elif is_overdue(item, today):
            self.overdue += 1
        elif item.status == "in_progress":
            self.in_progress += 1
        else:
            self.planned += 1


@dataclass
class Summary:
    """A plan's (or several plans') items counted: overall, by area, by person in charge and
    by partner; ``overdue`` lists the overdue items, the longest overdue first."""

    total: Tally
    by_area: list[Tally] = field(default_factory=list)
    by_responsible: list[Tally] = field(default_factory=list)
    by_partner: list[Tally] = field(default_factory=list)
    overdue: list = field(default_factory=list)


def _grouped(groups: dict[str, Tally]) -> list[Tally]:
    return sorted(groups.values(), key=lambda tally: (-tally.total, tally.label))


def summarise(items, today: datetime.date | None = None) -> Summary:
    """Count ``items`` (with their plan, area, responsible user and the plan's agreement's
    partners prefetched: see ``items_for_summary``) in Python, in one pass."""
    today = today or timezone.localdate()
    total = Tally(gettext("All items"))
    areas: dict[str, Tally] = {}
    people: dict[str, Tally] = {}
    partners: dict[str, Tally] = {}
    partners_of: dict[int, list[str]] = {}
    overdue = []
    no_area, nobody = gettext("No area given"), gettext("Nobody named")
    for item in items:
        total.add(item, today)
        area = item.area.name if item.area else no_area
        areas.setdefault(area, Tally(area)).add(item, today)
        person = item.responsible_display or nobody
        people.setdefault(person, Tally(person)).add(item, today)
        if item.plan_id not in partners_of:
            partners_of[item.plan_id] = [
                partner.name
                for partner in item.plan.agreement.partners.all()
                if not partner.is_home
            ]
        for name in partners_of[item.plan_id]:
            partners.setdefault(name, Tally(name)).add(item, today)
        if is_overdue(item, today):
            overdue.append(item)
    overdue.sort(key=lambda item: (due_of(item), item.pk))
    return Summary(total, _grouped(areas), _grouped(people), _grouped(partners), overdue)


def items_for_summary(items) -> list:
    """``items`` read in the shape ``summarise`` needs, in five queries for any count: the
    items' own columns, then their plans (with agreements and partners), areas and people
    once each, shared by every item (thousands are counted: one object per row each)."""
    from django.contrib.auth import get_user_model

    from partnerships.models import Area, CooperationPlan, Partner

    rows = list(
        items.only(
            "plan",
            "area",
            "responsible_user",
            "activity",
            "responsible",
            "due_on",
            "due_year",
            "due_quarter",
            "status",
            "order",
        )
    )
    plans = (
        CooperationPlan.objects.filter(pk__in={row.plan_id for row in rows})
        .select_related("agreement")
        .only("title", "period_end", "agreement__title")
        .prefetch_related(
            Prefetch("agreement__partners", queryset=Partner.objects.only("name", "is_home"))
        )
        .in_bulk()
    )
    areas = Area.objects.in_bulk({row.area_id for row in rows if row.area_id})
    people = get_user_model().objects.in_bulk(
        {row.responsible_user_id for row in rows if row.responsible_user_id}
    )
    for row in rows:
        row.plan = plans[row.plan_id]
        row.area = areas.get(row.area_id) if row.area_id else None
        if row.responsible_user_id:
            row.responsible_user = people[row.responsible_user_id]
    return rows
