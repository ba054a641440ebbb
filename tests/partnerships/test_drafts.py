"""Drafts of anything are never public: not an unpublished agreement with its signatories and
documents, not a draft cooperation plan or its items — on the pages, in the API, the exports,
the sitemap or the search. New agreements and events start as drafts."""

import datetime
import io
import json

import lxml.html
import openpyxl
import pytest
from django.urls import reverse

from partnerships.models import (
    Agreement,
    AgreementDocument,
    CooperationPlan,
    Event,
    PlanItem,
    Signatory,
)

pytestmark = pytest.mark.django_db

DRAFT_PLAN = "Проект плана на 2021 год"
DRAFT_ITEM = "Обмен выставками городских музеев"
SECRET_SIGNATORY = "Тайный Подписант Иванович"
SECRET_DOCUMENT = "Проект текста соглашения"


@pytest.fixture
def twinning(make_agreement, make_plan):
    """A public agreement with an approved plan and a draft one."""
    agreement = make_agreement("Соглашение о побратимстве", slug="pobratimstvo")
    make_plan(agreement, [PlanItem.Status.DONE], title="План сотрудничества на 2020 год")
    draft = make_plan(
        agreement,
        title=DRAFT_PLAN,
        status=CooperationPlan.Status.DRAFT,
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2021, 12, 31),
    )
    PlanItem.objects.create(plan=draft, activity=DRAFT_ITEM)
    return agreement


@pytest.fixture
def draft_agreement(make_agreement, pdf_upload, torez):
    agreement = make_agreement(
        "Проект соглашения о побратимстве", slug="proekt", is_published=False
    )
    Signatory.objects.create(
        agreement=agreement, name=SECRET_SIGNATORY, position="Глава", side=torez
    )
    AgreementDocument.objects.create(agreement=agreement, title=SECRET_DOCUMENT, file=pdf_upload())
    return agreement


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def xlsx_text(response) -> str:
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return " ".join(
        str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
    )


def test_the_agreement_page_leaves_out_a_draft_plan_and_its_items(client, twinning):
    page = text(client.get(twinning.get_absolute_url()))

    assert "План сотрудничества на 2020 год" in page
    assert DRAFT_PLAN not in page
    assert DRAFT_ITEM not in page
    assert "Черновик" not in page


def test_the_api_leaves_out_a_draft_plan_and_its_items(client, twinning):
    listed = client.get("/api/plans/").json()
    asked_for = client.get("/api/plans/?status=draft").json()
    detail = client.get(f"/api/agreements/{twinning.slug}/").json()

    assert [plan["title"] for plan in listed["results"]] == ["План сотрудничества на 2020 год"]
    assert asked_for["results"] == []
    assert [plan["title"] for plan in detail["plans"]] == ["План сотрудничества на 2020 год"]
    everything = json.dumps([listed, detail], ensure_ascii=False)
    assert DRAFT_PLAN not in everything
    assert DRAFT_ITEM not in everything


def test_a_draft_agreement_its_signatories_and_documents_are_not_reachable(
    client, twinning, draft_agreement
):
    assert client.get(draft_agreement.get_absolute_url()).status_code == 404
    assert client.get(f"/api/agreements/{draft_agreement.slug}/").status_code == 404
    assert client.get(f"/partnerships/{draft_agreement.slug}/rss/").status_code == 404

    public_outputs = {
        "register": text(client.get(reverse("partnerships:register"))),
        "torez": text(client.get(reverse("partnerships:partner", args=["torez"]))),
        "api agreements": text(client.get("/api/agreements/")),
        "api partner": text(client.get("/api/partners/torez/")),
        "api plans": text(client.get("/api/plans/")),
        "csv": text(client.get(reverse("partnerships:export-csv"))),
        "json": text(client.get(reverse("partnerships:export-json"))),
        "xlsx": xlsx_text(client.get(reverse("partnerships:export-xlsx"))),
        "sitemap": text(client.get("/sitemap.xml")),
        "search": text(client.get("/search/", {"q": "соглашение"})),
    }
    for where, output in public_outputs.items():
        for secret in (draft_agreement.title, SECRET_SIGNATORY, SECRET_DOCUMENT, "proekt"):
            assert secret not in output, (where, secret)


def test_new_agreements_and_events_start_unpublished(torez):
    agreement = Agreement.objects.create(title="Новое соглашение")
    event = Event.objects.create(title="Новое событие", starts_on=datetime.date(2030, 5, 1))

    assert not agreement.is_published and not event.is_published
    assert not Agreement.objects.public().filter(pk=agreement.pk).exists()
    assert not Event.objects.public().filter(pk=event.pk).exists()


@pytest.mark.parametrize("model", ["agreement", "event"])
def test_the_admin_add_form_starts_with_published_unticked(editor_client, model):
    page = lxml.html.fromstring(
        text(editor_client.get(reverse(f"admin:partnerships_{model}_add")))
    )

    assert page.get_element_by_id("id_is_published").checked is False
