"""The demo's approved plan shows what plan fulfilment is about: a staff member and named
contacts in charge, an item done with its evidence and overdue items (by date and by quarter)."""

import datetime

import pytest

from partnerships import demo
from partnerships.models import CooperationPlan, PlanItem
from portal import demo as portal_demo

pytestmark = pytest.mark.django_db


def test_the_demo_plan_has_people_evidence_and_overdue_items():
    portal_demo.load()
    demo.load()
    plan = CooperationPlan.objects.get(title="План мероприятий на 2023 год")
    items = {item.activity: item for item in plan.items.select_related("responsible_user")}

    fair = items["Совместная ярмарка товаров местных производителей"]
    assert fair.responsible_user.username == "partnery"
    assert fair.responsible == ""
    assert items["Стажировка преподавателей колледжей"].responsible
    visit = items["Визит делегации Алчевска на предприятия Липецка"]
    assert visit.status == PlanItem.Status.DONE and visit.has_evidence
    assert all(item.has_evidence for item in items.values() if item.status == "done")

    overdue = set(
        PlanItem.objects.overdue(datetime.date(2024, 2, 1)).values_list("activity", flat=True)
    )
    assert overdue == {
        "Совместная ярмарка товаров местных производителей",
        "Стажировка преподавателей колледжей",
    }
