"""A cooperation plan's public page: progress by area as an accessible SVG chart with the same
numbers in a table, the items with their results and links to what fulfilled them (public
things only), 404 for what is not public, and a place in the page cache."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from news.models import Article
from partnerships.models import CooperationPlan, PlanItem

SVG = "{http://www.w3.org/2000/svg}"
Status = PlanItem.Status


@pytest.fixture
def plan_with_evidence(make_agreement, make_plan, make_area, make_event, make_article, pdf_upload):
    agreement = make_agreement("Соглашение с Торезом", slug="torez")
    plan = make_plan(agreement)
    culture, sport = make_area("Культура"), make_area("Спорт")
    festival = make_event("Фестиваль «Созвездие»", agreement=agreement)
    hidden_event = make_event("Черновик мероприятия", is_published=False)
    news = make_article("Фестиваль прошёл в Торезе")
    draft_news = make_article("Черновик новости", status=Article.Status.DRAFT)
    later_news = make_article(
        "Будущая новость", publish_at=timezone.now() + datetime.timedelta(days=3)
    )
    protocol = agreement.documents.create(title="Протокол встречи", file=pdf_upload())
    items = [
        ("Детский фестиваль", culture, Status.DONE, {"event": festival, "article": news}),
        ("Гастроли ансамбля", culture, Status.DONE, {"event": hidden_event}),
        ("Выставка", culture, Status.IN_PROGRESS, {"article": draft_news}),
        ("Турнир по футболу", sport, Status.DONE, {"document": protocol}),
        ("Матч ветеранов", sport, Status.PLANNED, {"article": later_news}),
        ("Эстафета", sport, Status.CANCELLED, {}),
    ]
    for order, (activity, area, status, evidence) in enumerate(items):
        PlanItem.objects.create(
            plan=plan,
            activity=activity,
            area=area,
            status=status,
            order=order,
            result=f"Итог: {activity}",
            responsible="Отдел культуры",
            **evidence,
        )
    return plan


def test_the_plan_has_a_page_linked_from_its_agreement(plan_with_evidence, client):
    url = plan_with_evidence.get_absolute_url()
    assert url == f"/partnerships/torez/plans/{plan_with_evidence.pk}/"
    agreement_page = client.get(plan_with_evidence.agreement.get_absolute_url())
    assert f'href="{url}"' in agreement_page.content.decode()
    assert client.get(url).status_code == 200


def test_the_chart_is_accessible_svg_and_the_table_gives_its_numbers(plan_with_evidence, client):
    page = client.get(plan_with_evidence.get_absolute_url()).content.decode()
    svg_text = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    svg = ET.fromstring(svg_text)
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.find(f"{SVG}desc").get("id") == desc_id
    assert "по направлениям" in svg.find(f"{SVG}title").text
    bars = svg.findall(f".//{SVG}rect[@class='bar-chart__bar']")
    values = [text.text for text in svg.iter(f"{SVG}text") if "value" in text.get("class")]
    # Culture: 2 of 3 done; sport: 1 of 2 (the cancelled item left out).
    assert values == ["67% (2 из 3)", "50% (1 из 2)"]
    assert [int(bar.get("width")) for bar in bars] == [200, 150]

    table = page.split('id="by-area"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<th scope="row">([^<]*)</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)%</td>', table
    )
    assert rows == [("Культура", "2", "3", "67"), ("Спорт", "1", "2", "50")]


def test_items_show_results_and_link_only_public_evidence(plan_with_evidence, client):
    page = client.get(plan_with_evidence.get_absolute_url()).content.decode()
    festival = plan_with_evidence.items.get(activity="Детский фестиваль")
    assert "Итог: Детский фестиваль" in page
    assert f'href="{festival.event.get_absolute_url()}"' in page
    assert f'href="{festival.article.get_absolute_url()}"' in page
    protocol = plan_with_evidence.items.get(activity="Турнир по футболу").document
    assert f'href="{protocol.get_absolute_url()}"' in page
    for hidden in ("Черновик мероприятия", "Черновик новости", "Будущая новость"):
        assert hidden not in page
    assert "Отдел культуры" in page


def test_the_page_is_in_the_page_cache(plan_with_evidence, client):
    url = plan_with_evidence.get_absolute_url()
    client.get(url)
    again = client.get(url + "?utm=1")
    assert again.status_code == 200
    assert again.headers.get("X-Cache") == "hit"


def test_a_draft_plan_or_an_unpublished_agreement_is_not_found(
    plan_with_evidence, make_agreement, make_plan, client
):
    draft = make_plan(plan_with_evidence.agreement, status=CooperationPlan.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    hidden = make_plan(make_agreement("Черновое соглашение", slug="chernovik", is_published=False))
    assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/partnerships/torez/plans/999999/",
        "/partnerships/drugoe/plans/{pk}/",
        "/partnerships/torez/plans/99999999999999999999999/",
        "/partnerships/torez/plans/abc/",
    ],
)
def test_bad_addresses_are_not_found(path, plan_with_evidence, client):
    response = client.get(path.format(pk=plan_with_evidence.pk))
    assert response.status_code == 404


def test_the_page_makes_a_constant_number_of_queries(
    plan_with_evidence, make_area, client, django_assert_max_num_queries
):
    url = plan_with_evidence.get_absolute_url()
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    area = make_area("Образование")
    for number in range(12):
        PlanItem.objects.create(
            plan=plan_with_evidence,
            activity=f"Урок {number}",
            area=area,
            status=Status.DONE,
            event=plan_with_evidence.items.first().event,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url + "?fresh=1").status_code == 200


def test_the_agreement_page_shows_quarters_and_staff_in_charge(
    plan_with_evidence, django_user_model, client
):
    officer = django_user_model.objects.create_user(
        "partnery", first_name="Полина", last_name="Партнёрова", is_staff=True
    )
    PlanItem.objects.create(
        plan=plan_with_evidence,
        activity="Круглый стол",
        due_year=2020,
        due_quarter=3,
        responsible_user=officer,
    )
    page = client.get(plan_with_evidence.agreement.get_absolute_url()).content.decode()
    assert "III квартал 2020" in page
    assert "Полина Партнёрова" in page
