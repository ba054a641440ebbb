"""«История связей»: what was signed and what happened with all partners, year by year.

Oldest year first: the page tells how the ties grew, as a press release does («в 2016 году …,
в 2017–2018 годах …, 29 октября 2019 года подписано соглашение»); the events pages already
list the newest first. Events appear once they have begun (a history tells what happened),
under the year they began in, with their dates at their precision; agreements under the year
they were signed. Two queries for each kind (records and their parties), whatever their number.
"""

import datetime
import heapq
import itertools
from dataclasses import dataclass

from django.utils import timezone

from partnerships.dates import format_span, iso_at_precision
from partnerships.models import TIMELINE_ORDER, Agreement, Event


@dataclass(frozen=True)
class Entry:
    """One line of the history: ``record`` is an agreement (signed) or an event."""

    starts_on: datetime.date
    order: int
    when: str
    iso: str
    record: Agreement | Event

    @property
    def is_signing(self) -> bool:
        return isinstance(self.record, Agreement)


@dataclass(frozen=True)
class Year:
    year: int
    entries: list[Entry]


def signings(today: datetime.date):
    return (
        Agreement.objects.public()
        .filter(signed_on__isnull=False, signed_on__lte=today)
        .with_parties()
        .order_by("signed_on", "pk")
    )


def happenings(today: datetime.date):
    return (
        Event.objects.public()
        .filter(starts_on__lte=today)
        .for_listing()
        .with_parties()
        .order_by(*TIMELINE_ORDER)
    )


def history(today: datetime.date | None = None) -> list[Year]:
    """The years with something signed or begun, oldest first; in a year, by date (a signing
    before an event starting the same day, as the signing is what the event is about)."""
    today = today or timezone.localdate()
    agreements = (
        Entry(
            starts_on=agreement.signed_on,
            order=0,
            when=format_span(agreement.signed_on, form="in"),
            iso=agreement.signed_on.isoformat(),
            record=agreement,
        )
        for agreement in signings(today)
    )
    events = (
        Entry(
            starts_on=event.starts_on,
            order=1,
            when=format_span(event.starts_on, event.ends_on, event.precision, form="in"),
            iso=iso_at_precision(event.starts_on, event.precision),
            record=event,
        )
        for event in happenings(today)
    )
    # Both come ordered from the database; merged here, not sorted again.
    merged = heapq.merge(agreements, events, key=lambda e: (e.starts_on, e.order))
    return [
        Year(year, list(entries))
        for year, entries in itertools.groupby(merged, key=lambda e: e.starts_on.year)
    ]
