"""The overdue-item reminder follows the computed rule (partnerships/plan_progress.py): an item
due by a quarter is reported the Moscow day after the quarter ends, and not for an agreement
that reads as expired by its «valid until» although its stored stage is «in force»."""

import datetime

import pytest

from partnerships.models import PlanItem
from tests.channels.conftest import daily_checks
from tests.clock import near_midnight_of

pytestmark = pytest.mark.django_db(transaction=True)

QUARTER_END = datetime.date(2026, 3, 31)
NEXT_DAY = QUARTER_END + datetime.timedelta(days=1)


@pytest.fixture
def plan_2026(make_agreement, make_plan):
    return make_plan(
        make_agreement("Соглашение с Торезом"),
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )


@pytest.mark.parametrize("moment", near_midnight_of(QUARTER_END).values(), ids=str)
def test_not_reported_on_the_quarter_s_last_moscow_day(
    moment, smtp, officer, plan_2026, time_machine
):
    time_machine.move_to(moment, tick=False)
    PlanItem.objects.create(plan=plan_2026, activity="Выставка", due_year=2026, due_quarter=1)
    daily_checks()
    assert smtp.messages == []


@pytest.mark.parametrize("moment", near_midnight_of(NEXT_DAY).values(), ids=str)
def test_reported_the_moscow_day_after_the_quarter(moment, smtp, officer, plan_2026, time_machine):
    time_machine.move_to(moment, tick=False)
    PlanItem.objects.create(plan=plan_2026, activity="Выставка", due_year=2026, due_quarter=1)
    daily_checks()
    [message] = smtp.messages
    assert "Выставка" in message["Subject"]


def test_not_reported_for_an_agreement_expired_by_its_date(
    smtp, officer, make_agreement, make_plan, time_machine
):
    agreement = make_agreement("Истёкшее соглашение", valid_until=datetime.date(2026, 2, 1))
    plan = make_plan(
        agreement, period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31)
    )
    PlanItem.objects.create(plan=plan, activity="Выставка", due_on=datetime.date(2026, 1, 20))
    time_machine.move_to(near_midnight_of(datetime.date(2026, 1, 22))["00:30 Moscow"], tick=False)
    daily_checks()
    # Still in force on 22 January: reported (beside the agreement's own expiry notice).
    assert any("Выставка" in message["Subject"] for message in smtp.messages)
    smtp.messages.clear()
    time_machine.move_to(near_midnight_of(NEXT_DAY)["00:30 Moscow"], tick=False)
    PlanItem.objects.create(plan=plan, activity="Конференция", due_on=datetime.date(2026, 3, 30))
    daily_checks()
    assert all("Конференция" not in message["Subject"] for message in smtp.messages)
