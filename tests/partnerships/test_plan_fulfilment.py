"""Plan items: evidence before «done», due quarters and the overdue rule (one in SQL and in
Python, on the Moscow date), and the admin's dashboards of the plans' fulfilment."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from partnerships import plan_progress
from partnerships.models import Agreement, PlanItem
from partnerships.plan_admin import PlanItemForm
from tests.clock import near_midnight_of

Status = PlanItem.Status
QUARTER_END = datetime.date(2020, 3, 31)


@pytest.fixture
def plan(make_agreement, make_plan):
    return make_plan(make_agreement())


def form_for(plan, instance=None, **data):
    data = {"plan": plan.pk, "activity": "Фестиваль", "status": Status.PLANNED, "order": 0, **data}
    form = PlanItemForm(data={k: v for k, v in data.items() if v is not None}, instance=instance)
    form.instance.plan = plan
    return form


class TestEvidence:
    def test_done_without_evidence_is_refused_in_russian(self, plan):
        form = form_for(plan, status=Status.DONE)
        assert not form.is_valid()
        assert "только с подтверждением" in str(form.errors["status"])

    @pytest.mark.parametrize("kind", ["event", "article", "document"])
    def test_any_one_evidence_is_enough(self, kind, plan, make_event, make_article, pdf_upload):
        evidence = {
            "event": lambda: make_event(agreement=plan.agreement),
            "article": lambda: make_article(),
            "document": lambda: plan.agreement.documents.create(
                title="Протокол", file=pdf_upload()
            ),
        }[kind]()
        form = form_for(plan, status=Status.DONE, **{kind: evidence.pk})
        assert form.is_valid(), form.errors

    def test_a_document_of_another_agreement_is_refused(self, plan, make_agreement, pdf_upload):
        other = make_agreement("Другое соглашение")
        document = other.documents.create(title="Чужой протокол", file=pdf_upload())
        form = form_for(plan, status=Status.DONE, document=document.pk)
        assert not form.is_valid()
        assert "document" in form.errors

    def test_an_item_done_before_the_rule_saves_unchanged_and_is_warned_about(
        self, plan, editor_client
    ):
        legacy = PlanItem.objects.create(plan=plan, activity="Старый пункт", status=Status.DONE)
        form = form_for(plan, instance=legacy, activity="Старый пункт", status=Status.DONE)
        assert form.is_valid(), form.errors

        page = editor_client.get(
            reverse("admin:partnerships_cooperationplan_change", args=[plan.pk])
        )
        assert "без подтверждения" in page.content.decode()
        assert "«Старый пункт»" in page.content.decode()


class TestDueAndResponsible:
    def test_a_date_and_a_quarter_together_are_refused(self, plan):
        item = PlanItem(
            plan=plan, activity="Выставка", due_on=QUARTER_END, due_year=2020, due_quarter=1
        )
        with pytest.raises(ValidationError) as refused:
            item.full_clean()
        assert "due_quarter" in refused.value.message_dict
        with pytest.raises(IntegrityError), transaction.atomic():
            item.save()

    def test_a_quarter_outside_the_plan_is_refused(self, plan):
        item = PlanItem(plan=plan, activity="Выставка", due_year=2021, due_quarter=1)
        with pytest.raises(ValidationError) as refused:
            item.full_clean()
        assert "квартал" in " ".join(refused.value.message_dict["due_quarter"]).lower()

    def test_a_named_contact_and_a_staff_member_together_are_refused(self, plan, editor):
        item = PlanItem(plan=plan, activity="Обмен", responsible="Иванов", responsible_user=editor)
        with pytest.raises(ValidationError):
            item.full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            item.save()

    def test_the_quarter_is_shown_as_planned(self, plan):
        item = PlanItem(plan=plan, activity="Выставка", due_year=2020, due_quarter=2)
        assert item.due_display == "II квартал 2020"
        assert item.due_date == datetime.date(2020, 6, 30)

    @pytest.mark.parametrize(
        ("quarter", "end"),
        [(1, "2020-03-31"), (2, "2020-06-30"), (3, "2020-09-30"), (4, "2020-12-31")],
    )
    def test_sql_and_python_agree_on_each_quarter_end(self, plan, quarter, end):
        item = PlanItem.objects.create(
            plan=plan, activity="Выставка", due_year=2020, due_quarter=quarter
        )
        annotated = PlanItem.objects.with_due(datetime.date(2021, 1, 1)).get(pk=item.pk)
        assert annotated.due == item.due_date == datetime.date.fromisoformat(end)


@pytest.mark.parametrize(
    ("day", "overdue"),
    [
        *[((QUARTER_END, moment), False) for moment in near_midnight_of(QUARTER_END).values()],
        *[
            ((QUARTER_END + datetime.timedelta(days=1), moment), True)
            for moment in near_midnight_of(QUARTER_END + datetime.timedelta(days=1)).values()
        ],
    ],
)
def test_a_quarter_item_is_overdue_from_the_moscow_day_after_the_quarter(
    day, overdue, plan, time_machine
):
    _date, moment = day
    time_machine.move_to(moment, tick=False)
    item = PlanItem.objects.create(plan=plan, activity="Выставка", due_year=2020, due_quarter=1)
    PlanItem.objects.create(
        plan=plan, activity="Отменено", due_year=2020, due_quarter=1, status=Status.CANCELLED
    )
    assert item.is_overdue_on() is overdue
    assert PlanItem.objects.with_due().get(pk=item.pk).is_overdue is overdue
    assert list(PlanItem.objects.overdue()) == ([item] if overdue else [])


def test_an_expired_agreement_s_items_are_not_reported_overdue(make_agreement, make_plan):
    agreement = make_agreement(valid_until=datetime.date(2020, 2, 1))
    plan = make_plan(agreement)
    item = PlanItem.objects.create(plan=plan, activity="Выставка", due_year=2020, due_quarter=1)
    day = datetime.date(2020, 4, 2)
    assert item.is_overdue_on(day)
    assert agreement.status == Agreement.Status.IN_FORCE
    assert list(PlanItem.objects.overdue(day)) == []


# -- dashboards ------------------------------------------------------------------------------

TODAY = datetime.date(2020, 7, 15)


@pytest.fixture
def handmade(make_agreement, make_plan, make_area, make_partner, make_event, editor, home_city):
    """Two plans, seven items: 2 done, 1 in progress, 1 planned, 2 overdue, 1 cancelled."""
    culture, sport = make_area("Культура"), make_area("Спорт")
    first = make_plan(make_agreement("С Торезом"), title="План с Торезом")
    second = make_plan(
        make_agreement("С Луганском", partners=[home_city, make_partner("Луганск")]),
        title="План с Луганском",
    )
    event = make_event()
    rows = [
        (first, culture, Status.DONE, "Отдел культуры", None, {"event": event}),
        (first, culture, Status.IN_PROGRESS, "", editor, {"due_on": datetime.date(2020, 9, 1)}),
        (first, sport, Status.PLANNED, "", editor, {"due_year": 2020, "due_quarter": 1}),
        (first, sport, Status.CANCELLED, "Отдел спорта", None, {"due_on": TODAY}),
        (second, culture, Status.DONE, "Отдел культуры", None, {"event": event}),
        (second, None, Status.IN_PROGRESS, "", None, {"due_on": datetime.date(2020, 5, 1)}),
        (second, sport, Status.PLANNED, "Отдел спорта", None, {}),
    ]
    for number, (plan, area, status, named, user, extra) in enumerate(rows, start=1):
        PlanItem.objects.create(
            plan=plan,
            activity=f"Пункт {number}",
            area=area,
            status=status,
            responsible=named,
            responsible_user=user,
            **extra,
        )
    return first, second


def cell(page, cell_id):
    match = re.search(rf'id="{cell_id}">([^<]*)<', page)
    return match.group(1)


def rows_of(page, table_id):
    table = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    found = re.findall(r'<th scope="row">([^<]*)</th>((?:\s*<td>[^<]*</td>)+)', table)
    return {label.strip(): re.findall(r"<td>([^<]*)</td>", cells) for label, cells in found}


def test_the_dashboard_counts_across_plans(handmade, editor_client, time_machine):
    time_machine.move_to(datetime.datetime(2020, 7, 15, 12, tzinfo=datetime.UTC), tick=False)
    url = reverse("admin:partnerships_cooperationplan_dashboard")
    assert url == "/admin/partnerships/cooperationplan/dashboard/"
    page = editor_client.get(url).content.decode()

    assert [
        cell(page, f"count-{name}")
        for name in ("done", "in-progress", "planned", "overdue", "cancelled", "progress")
    ] == ["2", "1", "1", "2", "1", "33%"]
    by_area = rows_of(page, "by-area")
    assert by_area["Культура"] == ["2", "1", "0", "0", "0", "67%"]
    assert by_area["Спорт"] == ["0", "0", "1", "1", "1", "0%"]
    assert by_area["Направление не указано"] == ["0", "0", "0", "1", "0", "0%"]
    by_person = rows_of(page, "by-responsible")
    assert by_person["Отдел культуры"] == ["2", "0", "0", "0", "0", "100%"]
    assert by_person["editor"] == ["0", "1", "0", "1", "0", "0%"]
    assert by_person["Ответственный не назначен"] == ["0", "0", "0", "1", "0", "0%"]
    by_partner = rows_of(page, "by-partner")
    assert by_partner["Торез"] == ["1", "1", "0", "1", "1", "33%"]
    assert by_partner["Луганск"] == ["1", "0", "1", "1", "0", "33%"]
    assert "Алчевск" not in by_partner

    overdue = page.split('id="overdue-items"', 1)[1].split("</section>", 1)[0]
    # The longest overdue first: item 3 (31 March), then item 6 (1 May).
    assert overdue.index("Пункт 3") < overdue.index("Пункт 6")
    assert "Пункт 2" not in overdue
    assert page.index('id="overdue-items"') < page.index('id="status-counts"')


def test_the_dashboard_of_one_plan(handmade, editor_client, time_machine):
    time_machine.move_to(datetime.datetime(2020, 7, 15, 12, tzinfo=datetime.UTC), tick=False)
    first, _second = handmade
    url = reverse("admin:partnerships_cooperationplan_plan_dashboard", args=[first.pk])
    assert url == f"/admin/partnerships/cooperationplan/{first.pk}/dashboard/"
    page = editor_client.get(url).content.decode()
    assert [cell(page, f"count-{name}") for name in ("done", "overdue", "cancelled")] == [
        "1",
        "1",
        "1",
    ]
    assert "Пункт 5" not in page


@pytest.mark.parametrize("object_id", ["999999", "abc", "1%00"])
def test_the_dashboard_of_a_missing_plan_is_not_found(object_id, editor_client):
    page = editor_client.get(f"/admin/partnerships/cooperationplan/{object_id}/dashboard/")
    assert page.status_code in (302, 404)
    assert page.status_code != 500


def test_the_dashboards_are_linked_from_the_plans_list_and_the_admin_front_page(
    handmade, editor_client
):
    url = reverse("admin:partnerships_cooperationplan_dashboard")
    plans = editor_client.get(reverse("admin:partnerships_cooperationplan_changelist"))
    assert f'href="{url}"' in plans.content.decode()
    index = editor_client.get(reverse("admin:index")).content.decode()
    attention = index.split('id="register-attention"', 1)[1]
    assert f'href="{url}"' in attention


def test_the_dashboard_needs_the_admin(client, handmade):
    page = client.get(reverse("admin:partnerships_cooperationplan_dashboard"))
    assert page.status_code == 302


def make_items(plan, areas, users, count):
    for number in range(count):
        PlanItem.objects.create(
            plan=plan,
            activity=f"Пункт {number}",
            area=areas[number % len(areas)],
            responsible_user=users[number % len(users)],
            status=list(Status)[number % 4],
            due_on=datetime.date(2020, 3, 1),
        )


@pytest.mark.parametrize("scope", ["across", "one"])
def test_the_dashboards_make_a_constant_number_of_queries(
    scope,
    make_agreement,
    make_plan,
    make_area,
    editor,
    editor_client,
    django_user_model,
    django_assert_max_num_queries,
):
    areas = [make_area(f"Направление {n}") for n in range(3)]
    users = [
        editor,
        *(django_user_model.objects.create_user(f"u{n}", is_staff=True) for n in range(3)),
    ]
    plan = make_plan(make_agreement())
    url = (
        reverse("admin:partnerships_cooperationplan_dashboard")
        if scope == "across"
        else reverse("admin:partnerships_cooperationplan_plan_dashboard", args=[plan.pk])
    )
    make_items(plan, areas, users, 5)
    editor_client.get(url)  # sessions, permissions warmed up
    with django_assert_max_num_queries(12) as few:
        assert editor_client.get(url).status_code == 200
    make_items(make_plan(make_agreement("Второе")), areas, users, 10)
    make_items(plan, areas, users, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert editor_client.get(url).status_code == 200


def test_summarise_matches_the_sql_rule(handmade):
    today = TODAY
    items = list(plan_progress.items_for_summary(PlanItem.objects.all()))
    sql = set(
        PlanItem.objects.with_due(today).filter(is_overdue=True).values_list("pk", flat=True)
    )
    assert {item.pk for item in plan_progress.summarise(items, today).overdue} == sql
