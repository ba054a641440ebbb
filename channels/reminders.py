"""Reminders for the partnerships officers, computed for one day (the Moscow date).

* An agreement's validity ends (``valid_until``): notices 90, 30 and 7 days before, for
  agreements signed, in force or suspended. Each notice is due from its day until the next
  one's, so a day without a check (or an agreement entered late) still gets the latest
  notice it has reached: entered 20 days before its end, it gets the 30-day notice, saying
  «через 20 дней». An agreement that extends automatically (``extends_automatically``) gets
  no notices; one extended by hand gets a new «valid until», and with it notices of its own.
* A cooperation-plan item passes its due date undone: the day after its due date (the last
  day of its quarter, or the plan's last day, if the item has no date), for planned or
  in-progress items of approved plans of agreements signed or in force as they read that
  day — one rule with the admin's dashboard (``PlanItem.objects.overdue``,
  partnerships/plan_progress.py; an agreement past «valid until» reads as expired).
* An anniversary of signing (years since ``signed_on``, for agreements signed or in
  force): the mail suggests writing about it. An agreement signed on 29 February has its
  anniversary on 28 February in other years — the last day of the same month, as the civil
  code (ГК РФ, ст. 192) ends a term counted in years; 1 March would fall in another month.

Overdue items and anniversaries missed on their day (no worker ran) are still sent up to
``CATCH_UP_DAYS`` later. Every reminder is sent once: its ``SentMessage`` key names the
record and the occasion (``agreement:12:expires:2027-03-01:30``, ``planitem:5:overdue:
2026-06-30``, ``agreement:12:anniversary:5``).
"""

import calendar
import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from channels.digest import deliver
from channels.mail import Refusals, absolute
from channels.models import Kind
from channels.notifications import reachable
from partnerships.models import Agreement, PlanItem

EXPIRY_NOTICE_DAYS = (90, 30, 7)
CATCH_UP_DAYS = 7
EXPIRING_STATUSES = (
    Agreement.Status.SIGNED,
    Agreement.Status.IN_FORCE,
    Agreement.Status.SUSPENDED,
)
LIVING_STATUSES = (Agreement.Status.SIGNED, Agreement.Status.IN_FORCE)
KINDS = (Kind.AGREEMENT_EXPIRES, Kind.PLAN_ITEM_OVERDUE, Kind.AGREEMENT_ANNIVERSARY)


@dataclass(frozen=True)
class Reminder:
    kind: Kind
    occasion: str
    subject: str
    context: dict


def expiry_notice(days_left: int) -> int | None:
    """The notice (90, 30 or 7 days) reached with ``days_left`` days to go, if any."""
    reached = [days for days in EXPIRY_NOTICE_DAYS if days_left <= days]
    return min(reached) if reached and days_left > 0 else None


def anniversary_in(signed_on: datetime.date, year: int) -> datetime.date:
    """The anniversary of ``signed_on`` in ``year``: 29 February → 28 February when
    ``year`` is not a leap year."""
    try:
        return signed_on.replace(year=year)
    except ValueError:
        return datetime.date(year, 2, 28)


def _days(first: datetime.date, count: int) -> list[datetime.date]:
    return [first + datetime.timedelta(days=n) for n in range(count)]


def _window(day: datetime.date) -> list[datetime.date]:
    """The days whose reminders are still sent on ``day``, oldest first."""
    return _days(day - datetime.timedelta(days=CATCH_UP_DAYS - 1), CATCH_UP_DAYS)


def _agreement_context(agreement: Agreement) -> dict:
    return {
        "agreement": agreement,
        "parties": ", ".join(partner.name for partner in agreement.partners.all()),
        "admin_url": absolute(reverse("admin:partnerships_agreement_change", args=[agreement.pk])),
    }


def expiring(day: datetime.date) -> Iterator[Reminder]:
    for agreement in _expiring_agreements(day).with_parties():
        days_left = (agreement.valid_until - day).days
        notice = expiry_notice(days_left)
        if notice is None:
            continue
        subject = ngettext(
            "The agreement «%(title)s» expires in %(days)d day",
            "The agreement «%(title)s» expires in %(days)d days",
            days_left,
        ) % {"title": agreement.title, "days": days_left}
        yield Reminder(
            Kind.AGREEMENT_EXPIRES,
            f"agreement:{agreement.pk}:expires:{agreement.valid_until}:{notice}",
            subject,
            {**_agreement_context(agreement), "days": days_left},
        )


def _overdue_items(day: datetime.date):
    """Overdue items of approved plans of living agreements, on the Moscow date ``day``."""
    return PlanItem.objects.overdue(day).select_related("plan__agreement")


def _expiring_agreements(day: datetime.date):
    last = day + datetime.timedelta(days=max(EXPIRY_NOTICE_DAYS))
    return Agreement.objects.filter(
        status__in=EXPIRING_STATUSES,
        extends_automatically=False,
        valid_until__gt=day,
        valid_until__lte=last,
    ).order_by("valid_until", "pk")


def overdue(day: datetime.date) -> Iterator[Reminder]:
    items = _overdue_items(day).filter(due__gte=day - datetime.timedelta(days=CATCH_UP_DAYS))
    for item in items:
        yield Reminder(
            Kind.PLAN_ITEM_OVERDUE,
            f"planitem:{item.pk}:overdue:{item.due}",
            gettext("Plan item overdue: «%(activity)s»") % {"activity": item.activity},
            {
                "item": item,
                "plan": item.plan,
                "agreement": item.plan.agreement,
                "due": item.due,
                "admin_url": absolute(
                    reverse("admin:partnerships_cooperationplan_change", args=[item.plan_id])
                ),
            },
        )


def _signed_on_one_of(dates) -> Q:
    """Agreements whose anniversary falls on one of ``dates``."""
    matches = Q()
    for date in dates:
        matches |= Q(signed_on__month=date.month, signed_on__day=date.day)
        if (date.month, date.day) == (2, 28) and not calendar.isleap(date.year):
            matches |= Q(signed_on__month=2, signed_on__day=29)
    return matches


def _anniversaries_on(dates: list[datetime.date]):
    """``(agreement, date, years)`` for each anniversary on one of ``dates`` (in order)."""
    agreements = Agreement.objects.filter(
        _signed_on_one_of(dates), status__in=LIVING_STATUSES, signed_on__lt=dates[0]
    ).with_parties()
    for agreement in agreements.order_by("signed_on", "pk"):
        date = next(d for d in dates if anniversary_in(agreement.signed_on, d.year) == d)
        years = date.year - agreement.signed_on.year
        if years >= 1:
            yield agreement, date, years


def anniversary_title(agreement: Agreement, years: int) -> str:
    if agreement.kind == Agreement.Kind.TWINNING:
        title = ngettext(
            "%(years)d year of twinning: «%(title)s»",
            "%(years)d years of twinning: «%(title)s»",
            years,
        )
    else:
        title = ngettext(
            "%(years)d year since the signing: «%(title)s»",
            "%(years)d years since the signing: «%(title)s»",
            years,
        )
    return title % {"years": years, "title": agreement.title}


def anniversaries(day: datetime.date) -> Iterator[Reminder]:
    for agreement, date, years in _anniversaries_on(_window(day)):
        yield Reminder(
            Kind.AGREEMENT_ANNIVERSARY,
            f"agreement:{agreement.pk}:anniversary:{years}",
            anniversary_title(agreement, years),
            {
                **_agreement_context(agreement),
                "years": years,
                "anniversary": date,
                "write_url": absolute(reverse("admin:news_article_add")),
            },
        )


def due(day: datetime.date) -> Iterator[Reminder]:
    """Every reminder due on ``day``, sent or not."""
    yield from expiring(day)
    yield from overdue(day)
    yield from anniversaries(day)


def officers(kind: Kind):
    """Those who keep the register (``channels.models.KIND_PERMISSIONS``) and take ``kind``."""
    return reachable(get_user_model().objects.all(), kind).order_by("pk")


def send_due(day: datetime.date) -> int:
    """Mail (or collect into digests) the reminders due on ``day`` that have not gone out
    yet; returns how many went out now."""
    sent, refusals = 0, Refusals()
    with translation.override(settings.LANGUAGE_CODE):
        recipients = {kind: list(officers(kind)) for kind in KINDS}
        preferences_url = absolute(reverse("channels:preferences"))
        for reminder in due(day):
            for user in recipients[reminder.kind]:
                with refusals.each():
                    sent += deliver(
                        user,
                        kind=reminder.kind,
                        occasion=reminder.occasion,
                        name=reminder.kind.value,
                        subject=reminder.subject,
                        context={
                            **reminder.context,
                            "recipient": user,
                            "preferences_url": preferences_url,
                        },
                    )
    refusals.raise_first()
    return sent


@dataclass(frozen=True)
class Upcoming:
    date: datetime.date
    text: str
    url: str


def upcoming(day: datetime.date, horizon: int = 30, limit: int = 15) -> list[Upcoming]:
    """What the officer's front page lists: agreements ending within the expiry notices'
    reach, items overdue now and anniversaries within ``horizon`` days, by date."""
    shown = [
        Upcoming(
            agreement.valid_until,
            gettext("Validity of «%(title)s» ends") % {"title": agreement.title},
            reverse("admin:partnerships_agreement_change", args=[agreement.pk]),
        )
        for agreement in _expiring_agreements(day)[:limit]
    ]
    shown += [
        Upcoming(
            item.due,
            gettext("Overdue: «%(activity)s» (plan «%(plan)s»)")
            % {"activity": item.activity, "plan": item.plan.title},
            reverse("admin:partnerships_cooperationplan_change", args=[item.plan_id]),
        )
        for item in _overdue_items(day)[:limit]
    ]
    shown += [
        Upcoming(
            date,
            anniversary_title(agreement, years),
            reverse("admin:partnerships_agreement_change", args=[agreement.pk]),
        )
        for agreement, date, years in _anniversaries_on(_days(day, horizon + 1))
    ]
    return sorted(shown, key=lambda entry: entry.date)[:limit]
