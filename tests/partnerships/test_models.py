"""Validation rules, database constraints and the derived values of the register.

Messages are checked in English, the msgids; the Russian wording comes from the catalog.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation

from partnerships.models import (
    Agreement,
    AgreementDocument,
    CooperationPlan,
    Event,
    Partner,
    PlanItem,
)
from partnerships.services import complete_plan_item
from tests.conftest import make_image_bytes

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def messages_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


class TestEventValidation:
    def test_an_event_cannot_end_before_it_starts(self):
        event = Event(title="Визит", starts_on=D(2019, 10, 29), ends_on=D(2019, 10, 28))
        assert messages_of(event)["ends_on"] == ["The event cannot end before it starts."]

    def test_at_month_precision_days_inside_the_month_do_not_matter(self):
        event = Event(
            title="Визит",
            starts_on=D(2018, 4, 20),
            ends_on=D(2018, 4, 3),
            precision=Event.Precision.MONTH,
        )
        event.full_clean()
        assert (event.starts_on, event.ends_on) == (D(2018, 4, 1), None)

    def test_the_database_refuses_an_end_before_the_start(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Event.objects.create(title="Визит", starts_on=D(2019, 10, 29), ends_on=D(2019, 1, 1))

    def test_slug_rss_is_reserved_for_the_feed(self):
        event = Event(title="Rss", slug="rss", starts_on=D(2019, 10, 29))
        assert "slug" in messages_of(event)
        event.slug = ""
        event.save()
        assert event.slug != "rss"


class TestAgreementValidation:
    def agreement(self, **fields):
        fields.setdefault("title", "Соглашение")
        fields.setdefault("summary", "Кратко.")
        return Agreement(**fields)

    def test_valid_until_cannot_precede_signing(self):
        agreement = self.agreement(
            status=Agreement.Status.IN_FORCE,
            signed_on=D(2019, 10, 29),
            valid_until=D(2019, 10, 1),
        )
        assert messages_of(agreement)["valid_until"] == [
            "The agreement cannot expire before it was signed: "
            "«valid until» must not be earlier than the signing date."
        ]

    def test_valid_until_cannot_precede_valid_from(self):
        agreement = self.agreement(valid_from=D(2020, 1, 1), valid_until=D(2019, 12, 31))
        assert messages_of(agreement)["valid_until"] == [
            "«Valid until» must not be earlier than «valid from»."
        ]

    def test_a_signed_agreement_needs_its_signing_date(self):
        agreement = self.agreement(status=Agreement.Status.SIGNED)
        assert messages_of(agreement)["signed_on"] == [
            "Enter the signing date: an agreement with this status has been signed."
        ]

    def test_an_agreement_under_negotiation_needs_no_date(self):
        self.agreement(status=Agreement.Status.NEGOTIATION).full_clean()

    def test_the_database_refuses_expiry_before_signing(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Agreement.objects.create(
                title="Соглашение",
                summary="Кратко.",
                status=Agreement.Status.SIGNED,
                signed_on=D(2019, 10, 29),
                valid_until=D(2019, 1, 1),
            )

    def test_the_slug_is_transliterated_and_never_shadows_the_partners_page(self):
        agreement = self.agreement(title="Соглашение о побратимстве")
        agreement.save()
        assert agreement.slug == "soglashenie-o-pobratimstve"
        partners = self.agreement(title="Партнёры", slug="partners")
        assert messages_of(partners)["slug"] == ["This address is taken by another page."]


class TestDocuments:
    def test_a_document_must_be_a_pdf_by_its_content(self, make_agreement):
        agreement = make_agreement()
        disguised = SimpleUploadedFile("scan.pdf", make_image_bytes(), "application/pdf")
        document = AgreementDocument(agreement=agreement, title="Скан", file=disguised)
        assert messages_of(document)["file"] == [
            "The file is not a PDF document. Save the document as PDF and upload it again."
        ]

    def test_a_pdf_is_accepted_and_its_size_stored(self, make_agreement, pdf_upload):
        agreement = make_agreement()
        upload = pdf_upload()
        document = AgreementDocument(agreement=agreement, title="Текст", file=upload)
        document.full_clean()
        document.save()
        assert document.size == upload.size
        assert document.file.name.endswith(".pdf")


class TestPlans:
    def test_an_item_is_due_within_the_plan_period(self, make_agreement, make_plan):
        plan = make_plan(make_agreement())
        item = PlanItem(plan=plan, activity="Встреча", due_on=D(2021, 2, 1))
        assert messages_of(item)["due_on"] == [
            "The due date 1 February 2021 is outside the plan's period, "
            "1 January 2020 – 31 December 2020."
        ]
        item.due_on = D(2020, 2, 1)
        item.full_clean()

    def test_the_plan_period_cannot_end_before_it_starts(self, make_agreement):
        plan = CooperationPlan(
            agreement=make_agreement(),
            title="План",
            period_start=D(2020, 1, 1),
            period_end=D(2019, 1, 1),
        )
        assert messages_of(plan)["period_end"] == ["The plan period cannot end before it starts."]

    def test_progress_is_the_share_of_done_items_cancelled_left_out(
        self, make_agreement, make_plan
    ):
        S = PlanItem.Status
        plan = make_plan(make_agreement(), [S.DONE, S.DONE, S.PLANNED, S.CANCELLED])
        annotated = CooperationPlan.objects.with_progress().get(pk=plan.pk)
        assert (annotated.items_done, annotated.items_total, annotated.progress) == (2, 3, 67)

    def test_a_plan_without_items_has_no_progress(self, make_agreement, make_plan):
        plan = make_plan(make_agreement())
        assert CooperationPlan.objects.with_progress().get(pk=plan.pk).progress is None

    def test_progress_of_many_plans_takes_one_query(
        self, make_agreement, make_plan, django_assert_num_queries
    ):
        agreement = make_agreement()
        for _ in range(5):
            make_plan(agreement, [PlanItem.Status.DONE, PlanItem.Status.PLANNED])
        with django_assert_num_queries(1):
            progress = [plan.progress for plan in CooperationPlan.objects.with_progress()]
        assert progress == [50] * 5

    def test_completing_an_item_links_the_event_to_the_agreement(
        self, make_agreement, make_plan, make_event
    ):
        agreement = make_agreement()
        plan = make_plan(agreement, [PlanItem.Status.PLANNED])
        event = make_event(starts_on=D(2020, 5, 5))
        complete_plan_item(plan.items.get(), event=event, result="Состоялось.")
        event.refresh_from_db()
        assert event.agreement == agreement
        assert plan.progress == 100


class TestPartners:
    def test_only_one_partner_is_our_city(self, home_city):
        other = Partner(name="Другой", slug="drugoi", is_home=True)
        with pytest.raises(ValidationError) as caught:
            other.full_clean()
        assert "Another partner is already marked as our city." in caught.value.messages

    def test_coordinates_come_in_pairs(self):
        partner = Partner(name="Торез", latitude="48.03")
        assert messages_of(partner)["longitude"] == [
            "Enter both latitude and longitude, or neither."
        ]


class TestPublicAndDerived:
    def test_an_unpublished_agreement_hides_its_events(self, make_agreement, make_event):
        hidden = make_agreement(is_published=False)
        make_event("Событие скрытого соглашения", agreement=hidden)
        make_event("Самостоятельное событие")
        assert list(Agreement.objects.public()) == []
        assert [e.title for e in Event.objects.public()] == ["Самостоятельное событие"]

    def test_partners_are_public_through_public_agreements_and_events(
        self, make_agreement, make_partner, torez, home_city
    ):
        secret = make_partner("Курск")
        make_agreement(partners=[home_city, secret], is_published=False)
        assert set(Partner.objects.public()) == set()
        make_agreement(partners=[home_city, torez])
        assert set(Partner.objects.public()) == {home_city, torez}
        assert list(Partner.objects.public().counterparts()) == [torez]

    @pytest.mark.usefixtures("frozen_today")
    def test_upcoming_and_past_are_derived_from_the_dates(self, make_event):
        make_event("Вчера", starts_on=D(2024, 5, 14))
        make_event("Идёт сейчас", starts_on=D(2024, 5, 10), ends_on=D(2024, 5, 20))
        make_event("Сегодня", starts_on=D(2024, 5, 15))
        make_event("В этом году", starts_on=D(2024, 1, 1), precision=Event.Precision.YEAR)
        make_event("Завтра", starts_on=D(2024, 5, 16))
        make_event("В прошлом году", starts_on=D(2023, 1, 1), precision=Event.Precision.YEAR)
        upcoming = [e.title for e in Event.objects.upcoming()]
        past = [e.title for e in Event.objects.past()]
        assert upcoming == ["В этом году", "Идёт сейчас", "Сегодня", "Завтра"]
        assert past == ["Вчера", "В прошлом году"]
