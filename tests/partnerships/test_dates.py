"""Dates are written at their precision, in Russian, as the press release writes them."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from partnerships.dates import Precision, format_span, iso_at_precision, period_end, period_start
from partnerships.models import CooperationPlan, Event

D = datetime.date


def render(event, form=None):
    argument = f':"{form}"' if form else ""
    template = Template("{% load partnerships %}{{ event|event_dates" + argument + " }}")
    with translation.override("ru"):
        return template.render(Context({"event": event}))


def event(start, end=None, precision=Precision.DAY):
    instance = Event(title="Событие", starts_on=start, ends_on=end, precision=precision)
    instance.normalise_dates()
    return instance


@pytest.mark.parametrize(
    ("start", "end", "precision", "plain", "in_sentence"),
    [
        (D(2016, 5, 1), None, Precision.YEAR, "2016 год", "в 2016 году"),
        (D(2017, 1, 1), D(2018, 1, 1), Precision.YEAR, "2017–2018 годы", "в 2017–2018 годах"),
        (D(2018, 4, 20), None, Precision.MONTH, "апрель 2018", "в апреле 2018 года"),
        (
            D(2018, 4, 1),
            D(2018, 5, 3),
            Precision.MONTH,
            "апрель–май 2018",
            "в апреле–мае 2018 года",
        ),
        (
            D(2018, 12, 1),
            D(2019, 1, 1),
            Precision.MONTH,
            "декабрь 2018 – январь 2019",
            "в декабре 2018 – январе 2019 года",
        ),
        (D(2019, 10, 29), None, Precision.DAY, "29 октября 2019", "29 октября 2019 года"),
        (D(2019, 10, 29), D(2019, 10, 31), Precision.DAY, "29–31 октября 2019", None),
        (D(2019, 10, 29), D(2019, 11, 2), Precision.DAY, "29 октября – 2 ноября 2019", None),
        (D(2019, 12, 30), D(2020, 1, 2), Precision.DAY, "30 декабря 2019 – 2 января 2020", None),
    ],
)
def test_event_dates_are_written_at_their_precision(start, end, precision, plain, in_sentence):
    subject = event(start, end, precision)
    assert render(subject) == plain
    if in_sentence:
        assert render(subject, "in") == in_sentence


def test_the_press_release_dates():
    """«в 2016 году», «в 2017 - 2018 годах», «в апреле 2018 года», «29 октября»."""
    assert render(event(D(2016, 1, 1), precision=Precision.YEAR), "in") == "в 2016 году"
    assert render(event(D(2017, 1, 1), D(2018, 12, 31), Precision.YEAR), "in") == (
        "в 2017–2018 годах"
    )
    assert render(event(D(2018, 4, 1), precision=Precision.MONTH), "in") == "в апреле 2018 года"
    assert render(event(D(2019, 10, 29))) == "29 октября 2019"


@pytest.mark.django_db
def test_a_month_is_stored_from_its_first_day():
    stored = Event.objects.create(
        title="Ответный визит", starts_on=D(2018, 4, 17), precision=Precision.MONTH
    )
    stored.refresh_from_db()
    assert (stored.starts_on, stored.ends_on) == (D(2018, 4, 1), None)
    assert render(stored) == "апрель 2018"


@pytest.mark.django_db
def test_a_range_is_stored_to_the_last_day_of_its_last_period():
    stored = Event.objects.create(
        title="Гастроли",
        starts_on=D(2017, 3, 3),
        ends_on=D(2018, 5, 5),
        precision=Precision.YEAR,
    )
    assert (stored.starts_on, stored.ends_on) == (D(2017, 1, 1), D(2018, 12, 31))
    assert render(stored) == "2017–2018 годы"


@pytest.mark.django_db
def test_an_end_within_the_start_period_is_dropped():
    stored = Event.objects.create(
        title="Подписание", starts_on=D(2019, 10, 29), ends_on=D(2019, 10, 29)
    )
    assert stored.ends_on is None


def test_iso_dates_keep_the_precision_for_machines():
    assert iso_at_precision(D(2016, 1, 1), Precision.YEAR) == "2016"
    assert iso_at_precision(D(2018, 4, 1), Precision.MONTH) == "2018-04"
    assert iso_at_precision(D(2019, 10, 29), Precision.DAY) == "2019-10-29"


def test_a_plan_for_a_calendar_year_reads_as_the_year():
    plan = CooperationPlan(period_start=D(2020, 1, 1), period_end=D(2020, 12, 31))
    with translation.override("ru"):
        assert plan.period_display == "2020 год"
    plan = CooperationPlan(period_start=D(2020, 3, 1), period_end=D(2020, 9, 15))
    with translation.override("ru"):
        assert plan.period_display == "1 марта – 15 сентября 2020"


@given(
    st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)),
    st.sampled_from(list(Precision)),
)
def test_a_date_lies_within_its_period(day, precision):
    assert period_start(day, precision) <= day <= period_end(day, precision)
    with translation.override("ru"):
        assert format_span(day, None, precision)
