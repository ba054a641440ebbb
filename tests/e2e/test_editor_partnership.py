"""An editor records a partnership in a real browser: an agreement with its parties, a
signatory (an inline row) and an area, then an event of that agreement, both ticked as
published (they start unpublished); the agreement is then in the public register and the event
on the agreement's timeline."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Agreement, Area, Event, Partner
from portal.typography import typeset
from tests.e2e.support import choose_in_autocomplete, log_in_to_admin

pytestmark = pytest.mark.e2e

PASSWORD = "Redaktor-brauzer-2026"
AGREEMENT = "Соглашение о сотрудничестве городов Алчевск и Стаханов"
EVENT = "Фестиваль дружбы городов"


@pytest.fixture
def editor(django_user_model, settings):
    return django_user_model.objects.create_superuser("partner", "partner@example.org", PASSWORD)


@pytest.fixture
def partners(transactional_db):
    Area.objects.create(name="Культура", slug="kultura")
    return [
        Partner.objects.create(name="Алчевск", slug="alchevsk", is_home=True),
        Partner.objects.create(name="Стаханов", slug="stakhanov", region="ЛНР"),
    ]


def russian_date(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def test_an_editor_records_an_agreement_and_its_event(
    live_server, new_context, screenshots, editor, partners
):
    page = new_context(base_url=live_server.url).new_page()
    log_in_to_admin(page, "partner", PASSWORD)

    page.goto(reverse("admin:partnerships_agreement_add"))
    page.fill("#id_title", AGREEMENT)
    page.select_option("#id_kind", Agreement.Kind.COOPERATION)
    page.select_option("#id_status", Agreement.Status.IN_FORCE)
    page.check("#id_is_published")
    choose_in_autocomplete(page, ".field-partners", "Алчевск")
    choose_in_autocomplete(page, ".field-partners", "Стаханов")
    page.fill("#id_signed_on", "12.09.2024")
    page.fill("#id_signing_place", "Администрация города Алчевска")
    page.get_by_label("Культура").check()
    page.fill("#id_summary", "Города договорились о культурных обменах.")
    page.locator("#signatories-group .add-row a").click()
    page.fill("#id_signatories-0-name", "Иван Петров")
    page.fill("#id_signatories-0-position", "Глава города Стаханова")
    choose_in_autocomplete(page, "#signatories-0 .field-side", "Стаханов")
    screenshots(page, "agreement-form")
    page.click("input[name=_save]")
    page.locator(".messagelist .success").wait_for()
    agreement = Agreement.objects.get(title=typeset(AGREEMENT))  # «о», «и» keep to their words
    assert [s.name for s in agreement.signatories.all()] == ["Иван Петров"]
    assert sorted(p.slug for p in agreement.partners.all()) == ["alchevsk", "stakhanov"]
    screenshots(page, "agreement-saved")

    day = timezone.localdate() + datetime.timedelta(days=30)
    page.goto(reverse("admin:partnerships_event_add"))
    page.fill("#id_title", EVENT)
    page.select_option("#id_kind", Event.Kind.FESTIVAL)
    page.check("#id_is_published")
    page.fill("#id_starts_on", russian_date(day))
    page.select_option("#id_precision", Event.Precision.DAY)
    page.fill("#id_place", "Дворец культуры, г. Стаханов")
    choose_in_autocomplete(page, ".field-agreement", "Алчевск и Стаханов")
    choose_in_autocomplete(page, ".field-partners", "Стаханов")
    page.fill("#id_summary", "Концерт коллективов двух городов.")
    screenshots(page, "event-form")
    page.click("input[name=_save]")
    page.locator(".messagelist .success").wait_for()
    event = Event.objects.get(title=EVENT)
    assert event.agreement == agreement and event.starts_on == day
    screenshots(page, "event-saved")

    page.goto(reverse("partnerships:register"))
    page.get_by_role("link", name=AGREEMENT).click()
    page.wait_for_url("**" + agreement.get_absolute_url())
    screenshots(page, "agreement-page")
    assert "Иван Петров" in page.locator(".signatory-list").inner_text()
    timeline = page.locator(".timeline")
    assert timeline.get_by_role("link", name=EVENT).is_visible()
    timeline.get_by_role("link", name=EVENT).click()
    page.wait_for_url("**" + event.get_absolute_url())
    assert page.locator("h1").inner_text() == EVENT
    screenshots(page, "event-page")
