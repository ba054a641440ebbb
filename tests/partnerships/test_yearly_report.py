"""The yearly report on international and inter-regional ties: its numbers on a small register
counted by hand, on the demo, its files opened back, who may open it, bad input, the default
year at Moscow midnight and a query count that does not grow with the register."""

import datetime
import io

import docx
import openpyxl
import pytest
from django.urls import reverse

from partnerships.models import Agreement, AgreementDocument, CooperationPlan, Partner, PlanItem
from partnerships.services import record_stage
from partnerships.yearly_report import Scope, default_year, partner_scope, yearly_report
from portal import roles
from tests.clock import near_midnight_of

YEAR = 2025
PAGE = "admin:partnerships_yearly_report"


def day(month, number, year=YEAR):
    return datetime.date(year, month, number)


@pytest.fixture
def register(make_agreement, make_partner, make_area, make_event, home_city, torez, pdf_upload):
    """A small register for 2025, counted by hand in the tests:

    agreements — concluded in 2025: Lipetsk, Minsk (abroad: international);
    in force in 2025: Torez (since 2019), Lipetsk, Minsk, Rovenki (expires 31.12.2025),
    Kursk (terminated 10.06.2025); expired in 2025: Rovenki; terminated in 2025: Kursk;
    not counted: Bryansk (expired 2024), a draft, one signed in 2026.
    """
    home_city.region = "Луганская Народная Республика"
    home_city.save()
    lipetsk = make_partner("Липецк", slug="lipetsk", region="Липецкая область, Россия")
    minsk = make_partner("Минск", slug="minsk", region="Минская область, Беларусь")
    rovenki = make_partner("Ровеньки", slug="rovenki", region="Луганская Народная Республика")
    kursk = make_partner("Курск", slug="kursk", region="Курская область, Россия")
    bryansk = make_partner("Брянск", slug="bryansk", region="Брянская область, Россия")
    culture, sport = make_area("Культура", order=1), make_area("Спорт", order=2)
    records = {
        "torez": make_agreement("Побратимство с Торезом", areas=[culture]),
        "lipetsk": make_agreement(
            '=HYPERLINK("http://evil")',
            partners=[home_city, lipetsk],
            signed_on=day(3, 1),
            valid_until=day(3, 1, 2030),
        ),
        "minsk": make_agreement(
            "Меморандум с Минском",
            kind=Agreement.Kind.MEMORANDUM,
            partners=[home_city, minsk],
            signed_on=day(12, 31),
            areas=[culture, sport],
        ),
        "rovenki": make_agreement(
            "Протокол с Ровеньками",
            partners=[home_city, rovenki],
            signed_on=day(2, 20, 2024),
            valid_until=day(12, 31),
            areas=[sport],
        ),
        "kursk": make_agreement(
            "Соглашение с Курском",
            partners=[home_city, kursk],
            signed_on=day(5, 5, 2023),
            valid_until=day(5, 5, 2028),
        ),
        "bryansk": make_agreement(
            "Соглашение с Брянском",
            partners=[home_city, bryansk],
            signed_on=day(1, 1, 2022),
            valid_until=day(6, 30, 2024),
        ),
        "draft": make_agreement(
            "Проект соглашения", status=Agreement.Status.DRAFT, partners=[home_city, lipetsk]
        ),
        "later": make_agreement(
            "Соглашение 2026 года", partners=[home_city, lipetsk], signed_on=day(1, 15, 2026)
        ),
    }
    record_stage(records["kursk"], Agreement.Status.TERMINATED, on=day(6, 10))
    AgreementDocument.objects.create(
        agreement=records["minsk"], title="Текст меморандума (скан)", file=pdf_upload()
    )
    AgreementDocument.objects.create(
        agreement=records["bryansk"], title="Текст соглашения", file=pdf_upload()
    )
    # Events in 2025: two with Torez (culture), one with Minsk (culture and sport), one with
    # Lipetsk through its agreement only (no area); one in 2024 and one in 2026 do not count.
    make_event(
        "Дни культуры Тореза", partners=[home_city, torez], areas=[culture], starts_on=day(4, 10)
    )
    make_event(
        "Фестиваль «Дружба»",
        partners=[torez],
        areas=[culture],
        starts_on=day(1, 1),
        precision="year",
    )
    make_event(
        "Турнир <Минск & Алчевск>",
        partners=[minsk],
        areas=[culture, sport],
        starts_on=day(12, 30, 2024),
        ends_on=day(1, 2),
    )
    make_event("Визит в Липецк", agreement=records["lipetsk"], starts_on=day(9, 9))
    make_event(
        "Прошлогодний визит",
        partners=[torez],
        starts_on=day(12, 1, 2024),
        ends_on=day(12, 20, 2024),
    )
    make_event("Будущий визит", partners=[torez], starts_on=day(1, 1, 2026))
    plan = CooperationPlan.objects.create(
        agreement=records["torez"],
        title="План на 2025 год",
        status=CooperationPlan.Status.APPROVED,
        period_start=day(1, 1),
        period_end=day(12, 31),
    )
    for status in ("done", "done", "in_progress", "planned", "cancelled"):
        PlanItem.objects.create(plan=plan, activity=f"Пункт {status}", status=status)
    CooperationPlan.objects.create(
        agreement=records["torez"],
        title="Черновик плана",
        period_start=day(1, 1),
        period_end=day(12, 31),
    )
    return records


def titles(entries):
    return sorted(entry.agreement.title for entry in entries)


def test_the_numbers_are_the_hand_counted_ones(register):
    report = yearly_report(YEAR)

    assert titles(report.concluded) == sorted(
        ['=HYPERLINK("http://evil")', "Меморандум с Минском"]
    )
    assert titles(report.in_force) == sorted(
        [
            "Побратимство с Торезом",
            '=HYPERLINK("http://evil")',
            "Меморандум с Минском",
            "Протокол с Ровеньками",
            "Соглашение с Курском",
        ]
    )
    assert titles(report.expired) == ["Протокол с Ровеньками"]
    assert report.expired[0].ended_on == day(12, 31)
    assert titles(report.terminated) == ["Соглашение с Курском"]
    assert report.terminated[0].ended_on == day(6, 10)
    assert {str(label): n for label, n in report.in_force_by_scope()} == {
        "Международные": 1,
        "Межрегиональные": 3,
        "В пределах региона": 1,
    }
    stages = {entry.agreement.title: entry.stage_at_end for entry in report.in_force}
    assert stages["Протокол с Ровеньками"] == Agreement.Status.EXPIRED
    assert stages["Соглашение с Курском"] == Agreement.Status.TERMINATED

    assert sorted(entry.event.title for entry in report.events) == sorted(
        ["Дни культуры Тореза", "Фестиваль «Дружба»", "Турнир <Минск & Алчевск>", "Визит в Липецк"]
    )
    assert [(t.name, t.events) for t in report.events_by_partner] == [
        ("Торез", 2),
        ("Липецк", 1),
        ("Минск", 1),
    ]
    assert [(t.name, t.events) for t in report.events_by_area] == [
        ("Культура", 3),
        ("Спорт", 1),
        ("Направление не указано", 1),
    ]
    [plan] = report.plans
    assert (plan.total, plan.done, plan.in_progress, plan.planned, plan.cancelled) == (
        4,
        2,
        1,
        1,
        1,
    )
    assert plan.percent == 50
    assert [document.title for document in report.documents] == ["Текст меморандума (скан)"]


def test_an_agreement_expiring_on_new_years_eve_is_in_force_that_year_not_the_next(register):
    assert titles(yearly_report(YEAR + 1).expired) == []
    assert "Протокол с Ровеньками" not in titles(yearly_report(YEAR + 1).in_force)


@pytest.mark.parametrize(
    ("region", "scope"),
    [
        ("Минская область, Беларусь", Scope.INTERNATIONAL),
        ("Липецкая область, Россия", Scope.INTERREGIONAL),
        ("Донецкая Народная Республика", Scope.INTERREGIONAL),
        ("Луганская Народная Республика", Scope.REGIONAL),
        ("г. Алчевск", Scope.REGIONAL),
        ("", Scope.REGIONAL),
    ],
)
def test_the_scope_is_read_from_region_and_country(region, scope):
    home = Partner(name="Алчевск", region="Луганская  народная республика", is_home=True)
    assert partner_scope(Partner(name="X", region=region), home) == scope


def test_the_demo_register_for_2021_and_2023(demo_content):
    report = yearly_report(2021)
    assert [e.agreement.slug for e in report.concluded] == ["alchevsk-dongtu-sotrudnichestvo"]
    assert [e.agreement.slug for e in report.expired] == ["alchevsk-rovenki-protokol"]
    assert sorted(e.agreement.slug for e in report.in_force) == [
        "alchevsk-dongtu-sotrudnichestvo",
        "alchevsk-rovenki-protokol",
        "alchevsk-torez-pobratimstvo",
    ]
    assert report.events == [] and report.plans == []

    report = yearly_report(2023)
    assert report.concluded == [] and report.expired == [] and report.terminated == []
    assert sorted(e.agreement.slug for e in report.in_force) == [
        "alchevsk-dongtu-sotrudnichestvo",
        "alchevsk-lipetsk-sotrudnichestvo",
        "alchevsk-torez-pobratimstvo",
    ]
    assert [entry.event.slug for entry in report.events] == [
        "vizit-delegatsii-alchevska-v-lipetsk-2023"
    ]
    assert [(t.name, t.events) for t in report.events_by_partner] == [("Липецк", 1)]
    [plan] = report.plans
    # Counted by hand in partnerships/demo_data/register.py: the delegation's visit done; the
    # teachers' placement and the fair in progress; the theatres' tour cancelled (not counted).
    assert (plan.total, plan.done, plan.in_progress, plan.cancelled, plan.percent) == (
        3,
        1,
        2,
        1,
        33,
    )


def _grow(make_agreement, make_event, home_city, pdf_upload, number):
    for index in range(number):
        partner = Partner.objects.create(name=f"Город {number}-{index}", region="Область, Россия")
        agreement = make_agreement(
            f"Соглашение {number}-{index}", partners=[home_city, partner], signed_on=day(2, 1)
        )
        AgreementDocument.objects.create(agreement=agreement, title="Скан", file=pdf_upload())
        make_event(
            f"Визит {number}-{index}", agreement=agreement, partners=[partner], starts_on=day(3, 1)
        )
        plan = CooperationPlan.objects.create(
            agreement=agreement,
            title="План",
            status=CooperationPlan.Status.APPROVED,
            period_start=day(1, 1),
            period_end=day(12, 31),
        )
        PlanItem.objects.create(plan=plan, activity="Пункт", status="done")


def test_the_queries_do_not_grow_with_the_register(
    make_agreement, make_event, home_city, pdf_upload, django_assert_max_num_queries
):
    _grow(make_agreement, make_event, home_city, pdf_upload, 3)
    with django_assert_max_num_queries(14):
        assert len(yearly_report(YEAR).in_force) == 3
    _grow(make_agreement, make_event, home_city, pdf_upload, 9)
    with django_assert_max_num_queries(14):
        report = yearly_report(YEAR)
        assert len(report.in_force) == 12 and len(report.events) == 12


# -- the files -------------------------------------------------------------------------------


def test_the_workbook_has_a_sheet_per_section_with_dates_and_text_as_text(register, editor_client):
    response = editor_client.get(reverse(f"{PAGE}_xlsx"), {"year": YEAR})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="yearly-report-2025.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:5] == [
        "Сводка",
        "Заключённые соглашения",
        "Действующие соглашения",
        "Истёкшие соглашения",
        "Расторгнутые соглашения",
    ]
    summary = {row[0]: row[1] for row in book["Сводка"].iter_rows(values_only=True)}
    assert summary["Заключено соглашений за год"] == 2
    assert summary["Действовало соглашений в году"] == 5
    assert summary["Проведено мероприятий"] == 4
    concluded = book["Заключённые соглашения"]
    assert [cell.value for cell in concluded[1]][:6] == [
        "№",
        "Соглашение",
        "Вид",
        "Охват",
        "Стороны",
        "Дата подписания",
    ]
    assert concluded.column_dimensions["B"].width == 50
    first = concluded[2]
    assert first[1].value == '=HYPERLINK("http://evil")' and first[1].data_type == "s"
    assert first[5].value == datetime.datetime(2025, 3, 1) and first[5].is_date
    assert first[4].value == "Липецк (Липецкая область, Россия)"
    expired = book["Истёкшие соглашения"]
    assert expired["G2"].value == datetime.datetime(2025, 12, 31)
    assert [c.value for c in book["Выполнение планов"][3]][3:9] == [4, 2, 1, 1, 1, 50]


def test_the_document_to_sign_has_the_title_tables_totals_and_signature(register, editor_client):
    response = editor_client.get(reverse(f"{PAGE}_docx"), {"year": YEAR})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    doc = docx.Document(io.BytesIO(response.content))
    text = [paragraph.text for paragraph in doc.paragraphs]
    assert "Отчёт о международных и межрегиональных связях за 2025 год" in text
    assert "Период: 01.01.2025 – 31.12.2025." in text
    assert "2. Заключённые соглашения" in text
    concluded = doc.tables[1]
    assert concluded.rows[1].cells[1].text == '=HYPERLINK("http://evil")'
    assert concluded.rows[1].cells[5].text == "01.03.2025"
    assert [cell.text for cell in concluded.rows[-1].cells][:2] == ["Итого", "2"]
    events = doc.tables[5]
    assert "Турнир <Минск & Алчевск>" in [row.cells[1].text for row in events.rows]
    signature = doc.tables[-1]
    assert [cell.text for cell in signature.rows[1].cells] == [
        "(должность)",
        "(ФИО)",
        "(подпись)",
        "(дата)",
    ]


# -- the page --------------------------------------------------------------------------------


def test_the_page_previews_the_numbers_and_links_the_files(register, editor_client):
    response = editor_client.get(reverse(PAGE), {"year": YEAR})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Отчёт о международных и межрегиональных связях за 2025 год" in page
    assert "Протокол с Ровеньками" in page
    assert "=HYPERLINK(&quot;http://evil&quot;)" in page
    assert f"{reverse(PAGE + '_xlsx')}?year=2025" in page
    assert f"{reverse(PAGE + '_docx')}?year=2025" in page


def test_the_agreements_list_and_the_admin_index_link_the_report(editor_client):
    url = reverse(PAGE)
    assert (
        url
        in editor_client.get(reverse("admin:partnerships_agreement_changelist")).content.decode()
    )
    assert url in editor_client.get(reverse("admin:index")).content.decode()


@pytest.mark.parametrize("year", ["abc", "1800", "3000", "", "2025.5", "9" * 30])
def test_a_bad_year_is_a_form_error(editor_client, year):
    for name in (PAGE, f"{PAGE}_xlsx", f"{PAGE}_docx"):
        response = editor_client.get(reverse(name), {"year": year})
        assert response.status_code == 400
        assert 'class="errorlist' in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (roles.PARTNERSHIPS_OFFICER, 200),
        (roles.CHIEF_EDITOR, 200),
        (roles.AUTHOR, 403),
        (roles.DUTY_OFFICER, 403),
    ],
)
def test_those_who_see_the_register_may_open_it(client, django_user_model, role, status):
    user = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    user.groups.add(roles.sync_roles()[role])
    client.force_login(user)
    for name in (PAGE, f"{PAGE}_xlsx"):
        assert client.get(reverse(name), {"year": YEAR}).status_code == status
    changelist = client.get(reverse("admin:index")).content.decode()
    assert (reverse(PAGE) in changelist) == (status == 200)


def test_visitors_are_sent_to_the_login(client):
    response = client.get(reverse(PAGE))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    "instant", list(near_midnight_of(datetime.date(2027, 1, 1)).values()), ids=["utc", "msk"]
)
def test_the_default_year_is_last_year_by_the_moscow_date(client, editor, time_machine, instant):
    time_machine.move_to(instant, tick=False)
    client.force_login(editor)  # after the clock moved: a session from «now» would have expired
    editor_client = client
    assert default_year() == 2026
    page = editor_client.get(reverse(PAGE)).content.decode()
    assert "за 2026 год" in page
    assert 'value="2026"' in page


@pytest.mark.parametrize(
    "instant",
    [
        datetime.datetime(2026, 12, 31, 20, 30, tzinfo=datetime.UTC),  # 23:30 in Moscow
        datetime.datetime(2026, 12, 31, 21, 30, tzinfo=datetime.UTC),  # 00:30, 1 January
    ],
    ids=["23:30 Moscow", "00:30 Moscow"],
)
def test_the_latest_year_allowed_follows_the_moscow_date(client, editor, time_machine, instant):
    time_machine.move_to(instant, tick=False)
    client.force_login(editor)
    editor_client = client
    moscow_year = 2027 if instant.hour == 21 else 2026
    assert editor_client.get(reverse(PAGE), {"year": moscow_year}).status_code == 200
    assert editor_client.get(reverse(PAGE), {"year": moscow_year + 1}).status_code == 400
