"""Dates known to a day, a month or a year, and how they are written.

A press release says «в 2016 году», «в 2017–2018 годах», «в апреле 2018 года» and
«29 октября 2019»: an event is stored as a span of whole periods (``starts_on`` is the first
day of its first period, ``ends_on`` the last day of its last one) together with the precision,
and written back at that precision.

Two forms are produced:

* ``"plain"`` — a label, as in a timeline: «2016 год», «2017–2018 годы», «апрель 2018»,
  «29 октября 2019», «29–31 октября 2019»;
* ``"in"`` — the form used inside a sentence: «в 2016 году», «в 2017–2018 годах»,
  «в апреле 2018 года», «29 октября 2019 года».

Day and month names come from Django's locale ("E" is the genitive «октября», "F" the
nominative «Апрель», lower-cased here as Russian writes it inside a date). The grammar Django
does not provide — «год/годы», «в … году», the prepositional month names — is made of
translatable strings with a ``pgettext`` context; their Russian forms ship in
``partnerships/locale/ru``. Ranges use an en dash: without spaces between simple
parts («2017–2018»), with spaces when a part has spaces itself («29 октября – 2 ноября 2019»).
"""

import calendar
import datetime

from django.db import models
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

EN_DASH = "\u2013"


class Precision(models.TextChoices):
    DAY = "day", _("Exact day")
    MONTH = "month", _("Month only")
    YEAR = "year", _("Year only")


MONTHS_PREPOSITIONAL = {
    1: pgettext_lazy("month name in the prepositional case, as in “in January 2020”", "January"),
    2: pgettext_lazy("month name in the prepositional case, as in “in January 2020”", "February"),
    3: pgettext_lazy("month name in the prepositional case, as in “in January 2020”", "March"),
    4: pgettext_lazy("month name in the prepositional case, as in “in January 2020”", "April"),
    5: pgettext_lazy("month name in the prepositional case, as in “in January 2020”", "May"),
    6: pgettext_lazy("month name in the prepositional case, as in “in January 2020”", "June"),
    7: pgettext_lazy("month name in the prepositional case, as in “in January 2020”", "July"),
    8: pgettext_lazy("month name in the prepositional case, as in “in January 2020”", "August"),
    9: pgettext_lazy("month name in the prepositional case, as in “in January 2020”", "September"),
    10: pgettext_lazy("month name in the prepositional case, as in “in January 2020”", "October"),
    11: pgettext_lazy("month name in the prepositional case, as in “in January 2020”", "November"),
    12: pgettext_lazy("month name in the prepositional case, as in “in January 2020”", "December"),
}


def period_start(value: datetime.date, precision: str) -> datetime.date:
    """The first day of the day, month or year that ``value`` falls in."""
    if precision == Precision.YEAR:
        return value.replace(month=1, day=1)
    if precision == Precision.MONTH:
        return value.replace(day=1)
    return value


def period_end(value: datetime.date, precision: str) -> datetime.date:
    """The last day of the day, month or year that ``value`` falls in."""
    if precision == Precision.YEAR:
        return value.replace(month=12, day=31)
    if precision == Precision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value


def infer_precision(start: datetime.date, end: datetime.date) -> str:
    """The coarsest precision at which ``start``–``end`` is a span of whole periods."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return Precision.YEAR
    if start.day == 1 and end == period_end(end, Precision.MONTH):
        return Precision.MONTH
    return Precision.DAY


def iso_at_precision(value: datetime.date, precision: str) -> str:
    """ISO 8601 at the precision: "2016", "2018-04" or "2019-10-29" (valid in <time>)."""
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def format_span(start, end=None, precision=Precision.DAY, form="plain") -> str:
    """Write the span ``start``–``end`` at ``precision`` in the ``"plain"`` or ``"in"`` form."""
    if start is None:
        return ""
    end = end or start
    if end < start:
        start, end = end, start
    if precision == Precision.YEAR:
        return _years(start.year, end.year, form)
    if precision == Precision.MONTH:
        return _months(start, end, form)
    return _days(start, end, form)


def _years(first: int, last: int, form: str) -> str:
    if first == last:
        if form == "in":
            return pgettext("event date at year precision, in a sentence", "in %(year)s") % {
                "year": first
            }
        return pgettext("event date at year precision", "%(year)s") % {"year": first}
    values = {"start": first, "end": last}
    if form == "in":
        return (
            pgettext("event date at year precision, a range in a sentence", "in %(start)s–%(end)s")
            % values
        )
    return pgettext("event date at year precision, a range", "%(start)s–%(end)s") % values


def _month_name(value: datetime.date) -> str:
    return dateformat.format(value, "F").lower()


def _months(start: datetime.date, end: datetime.date, form: str) -> str:
    same_month = (start.year, start.month) == (end.year, end.month)
    if form == "in":
        if same_month:
            return pgettext(
                "event date at month precision, in a sentence", "in %(month)s %(year)s"
            ) % {"month": MONTHS_PREPOSITIONAL[start.month], "year": start.year}
        if start.year == end.year:
            return pgettext(
                "event date at month precision, a range within a year, in a sentence",
                "in %(start)s–%(end)s %(year)s",
            ) % {
                "start": MONTHS_PREPOSITIONAL[start.month],
                "end": MONTHS_PREPOSITIONAL[end.month],
                "year": start.year,
            }
        return pgettext(
            "event date at month precision, a range over years, in a sentence",
            "in %(start_month)s %(start_year)s – %(end_month)s %(end_year)s",
        ) % {
            "start_month": MONTHS_PREPOSITIONAL[start.month],
            "start_year": start.year,
            "end_month": MONTHS_PREPOSITIONAL[end.month],
            "end_year": end.year,
        }
    if same_month:
        return f"{_month_name(start)} {start.year}"
    if start.year == end.year:
        return f"{_month_name(start)}{EN_DASH}{_month_name(end)} {start.year}"
    return f"{_month_name(start)} {start.year} {EN_DASH} {_month_name(end)} {end.year}"


def _days(start: datetime.date, end: datetime.date, form: str) -> str:
    if start == end:
        text = dateformat.format(start, "j E Y")
    elif (start.year, start.month) == (end.year, end.month):
        text = f"{start.day}{EN_DASH}{dateformat.format(end, 'j E Y')}"
    elif start.year == end.year:
        text = f"{dateformat.format(start, 'j E')} {EN_DASH} {dateformat.format(end, 'j E Y')}"
    else:
        text = f"{dateformat.format(start, 'j E Y')} {EN_DASH} {dateformat.format(end, 'j E Y')}"
    if form == "in":
        return pgettext("event date at day precision, in a sentence", "on %(date)s") % {
            "date": text
        }
    return text


def add_years(day: datetime.date, years: int) -> datetime.date:
    """``day`` moved by ``years`` years; 29 February becomes 28 February in a common year,
    the last day of the same month, as the civil code (ГК РФ, ст. 192) ends a term in years."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return datetime.date(year, 2, 28)
    return day.replace(year=year)
