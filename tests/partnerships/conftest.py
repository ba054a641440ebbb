import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerships.models import Agreement, Area, CooperationPlan, Event, Partner, PlanItem
from tests.clock import near_midnight_of
from tests.support import pdf_bytes

PDF_BYTES = pdf_bytes()


@pytest.fixture
def home_city(db):
    return Partner.objects.create(name="Алчевск", slug="alchevsk", is_home=True)


@pytest.fixture
def torez(db):
    return Partner.objects.create(
        name="Торез", slug="torez", region="Донецкая Народная Республика"
    )


@pytest.fixture
def make_partner(db):
    def build(name, **fields):
        return Partner.objects.create(name=name, **fields)

    return build


@pytest.fixture
def make_area(db):
    def build(name, **fields):
        return Area.objects.create(name=name, **fields)

    return build


@pytest.fixture
def make_agreement(db, home_city, torez):
    """Agreements signed and in force with Torez, published, unless told otherwise."""

    def build(title="Соглашение о сотрудничестве", partners=None, areas=(), **fields):
        fields.setdefault("kind", Agreement.Kind.COOPERATION)
        fields.setdefault("status", Agreement.Status.IN_FORCE)
        if fields["status"] not in Agreement.UNSIGNED_STATUSES:
            fields.setdefault("signed_on", datetime.date(2019, 10, 29))
        fields.setdefault("summary", "Краткое описание соглашения.")
        fields.setdefault("is_published", True)
        agreement = Agreement.objects.create(title=title, **fields)
        agreement.partners.set(partners if partners is not None else [home_city, torez])
        agreement.areas.set(areas)
        return agreement

    return build


@pytest.fixture
def make_event(db):
    """Published day-precision events on 29 October 2019 unless told otherwise."""

    def build(title="Визит делегации", partners=(), areas=(), **fields):
        fields.setdefault("starts_on", datetime.date(2019, 10, 29))
        fields.setdefault("is_published", True)
        event = Event.objects.create(title=title, **fields)
        event.partners.set(partners)
        event.areas.set(areas)
        return event

    return build


@pytest.fixture
def make_plan(db):
    """Approved plans (public with their agreement) unless told otherwise."""

    def build(agreement, statuses=(), **fields):
        fields.setdefault("title", "План сотрудничества на 2020 год")
        fields.setdefault("status", CooperationPlan.Status.APPROVED)
        fields.setdefault("period_start", datetime.date(2020, 1, 1))
        fields.setdefault("period_end", datetime.date(2020, 12, 31))
        plan = CooperationPlan.objects.create(agreement=agreement, **fields)
        for number, status in enumerate(statuses, start=1):
            PlanItem.objects.create(plan=plan, activity=f"Мероприятие {number}", status=status)
        return plan

    return build


@pytest.fixture
def pdf_upload():
    def build(name="soglashenie.pdf", content=PDF_BYTES):
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    return build


TODAY = datetime.date(2024, 5, 15)


@pytest.fixture(params=list(near_midnight_of(TODAY).items()), ids=lambda item: item[0])
def frozen_today(request, time_machine):
    """Freeze the clock on 15 May 2024 in Moscow, at 00:30 there and at 23:30 UTC (02:30 in
    Moscow), when the UTC date is still the 14th; returns that date."""
    time_machine.move_to(request.param[1], tick=False)
    return TODAY
