"""The API tests build content with the news and partnerships fixtures."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Article
from partnerships.models import Agreement, AgreementDocument, Event, PlanItem, Signatory
from tests.news.conftest import make_illustrated_article, tag
from tests.partnerships.conftest import (
    frozen_today,
    home_city,
    make_agreement,
    make_area,
    make_event,
    make_partner,
    make_plan,
    pdf_upload,
    torez,
)

__all__ = [
    "frozen_today",
    "home_city",
    "make_agreement",
    "make_area",
    "make_event",
    "make_illustrated_article",
    "make_partner",
    "make_plan",
    "pdf_upload",
    "tag",
    "torez",
]

D = datetime.date


@pytest.fixture(
    params=[
        "/api/articles/",
        "/api/rubrics/",
        "/api/agreements/",
        "/api/partners/",
        "/api/events/",
        "/api/plans/",
    ]
)
def list_url(request):
    """Each list the API serves."""
    return request.param


@pytest.fixture
def portal_content(
    db,
    make_article,
    make_illustrated_article,
    make_agreement,
    make_area,
    make_event,
    make_partner,
    make_plan,
    pdf_upload,
    home_city,
    torez,
):
    """Public content of every kind, and drafts of every kind beside it (``hidden``)."""
    culture = make_area("Культура", slug="kultura")
    sport = make_area("Спорт", slug="sport")
    twinning = make_agreement(
        "Соглашение о побратимстве",
        kind=Agreement.Kind.TWINNING,
        signing_place="Донецкий международный инвестиционный форум",
        signing_occasion="секция «Донбасс и регионы России»",
        areas=[culture, sport],
    )
    Signatory.objects.create(
        agreement=twinning, name="Наталья Пяткова", position="Глава", side=torez
    )
    Signatory.objects.create(agreement=twinning, name="Без стороны", position="Свидетель")
    AgreementDocument.objects.create(agreement=twinning, title="Скан", file=pdf_upload())
    lipetsk = make_partner("Липецк", slug="lipetsk")
    memorandum = make_agreement(
        "Меморандум",
        kind=Agreement.Kind.MEMORANDUM,
        status=Agreement.Status.NEGOTIATION,
        partners=[home_city, lipetsk],
        areas=[sport],
    )
    festival = make_event(
        "Фестиваль",
        agreement=twinning,
        partners=[torez],
        areas=[culture],
        starts_on=D(2016, 1, 1),
        precision=Event.Precision.YEAR,
    )
    make_event(
        "Выступления",
        agreement=twinning,
        partners=[torez],
        areas=[culture],
        starts_on=D(2017, 1, 1),
        ends_on=D(2018, 12, 31),
        precision=Event.Precision.YEAR,
    )
    make_event(
        "Ответный визит",
        agreement=twinning,
        partners=[torez],
        starts_on=D(2018, 4, 1),
        precision=Event.Precision.MONTH,
    )
    make_event("Матч", partners=[lipetsk], areas=[sport], starts_on=D(2030, 5, 1))
    plan = make_plan(twinning, statuses=[PlanItem.Status.DONE, PlanItem.Status.PLANNED])
    plan.items.filter(status=PlanItem.Status.DONE).update(event=festival, area=culture)

    news = make_illustrated_article("Подписано соглашение", tags=("побратимы",), photos=1)
    twinning.articles.add(news)
    older = make_article("Новость 2019 года", publish_at=timezone.now() - timedelta(days=800))

    hidden_agreement = make_agreement(
        "Тайное соглашение", is_published=False, partners=[home_city, make_partner("Тайный")]
    )
    hidden_event = make_event("Событие тайного соглашения", agreement=hidden_agreement)
    hidden_plan = make_plan(hidden_agreement, title="Тайный план")
    unpublished_event = make_event("Неопубликованное событие", is_published=False)
    plan.items.filter(status=PlanItem.Status.PLANNED).update(event=unpublished_event)
    draft = make_article("Черновик", status=Article.Status.DRAFT)
    twinning.articles.add(draft)
    scheduled = make_article("Запланированная", publish_at=timezone.now() + timedelta(days=1))
    archived = make_article("В архиве", status=Article.Status.ARCHIVED)
    return {
        "agreements": [twinning, memorandum],
        "articles": [news, older],
        "festival": festival,
        "plan": plan,
        "hidden": {
            "agreement": hidden_agreement,
            "event": hidden_event,
            "plan": hidden_plan,
            "unpublished_event": unpublished_event,
            "articles": [draft, scheduled, archived],
        },
    }
