import datetime
import zoneinfo

import pytest
from django.db import connection

from news.demo import PRESS_RELEASE
from news.demo_data.articles import ARTICLES
from news.models import Article, Department, Rubric
from partnerships.models import Agreement, Event, Partner

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Tests marked ``postgres`` hold only where full-text search exists: skipped elsewhere
    (before their fixtures are set up, so a skipped test never loads the whole demo)."""
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL full-text search expectation")


@pytest.fixture
def press_office(db):
    return Department.objects.get_or_create(name="Управление информационной политики")[0]


@pytest.fixture
def partnership_rubric(db):
    return Rubric.objects.create(name="Партнёрство", slug="partnerstvo")


@pytest.fixture
def press_release(partnership_rubric, press_office):
    """The twinning press release of the demo content, verbatim (without its picture)."""
    lines = [line.strip() for line in PRESS_RELEASE.read_text(encoding="utf-8").splitlines()]
    title, lead, *paragraphs, _byline = [line for line in lines if line]
    return Article.objects.create(
        title=title,
        lead=lead,
        body="".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
        rubric=partnership_rubric,
        department=press_office,
        status=Article.Status.PUBLISHED,
        publish_at=datetime.datetime(2019, 10, 30, 10, 0, tzinfo=MOSCOW),
    )


@pytest.fixture
def city_news(db, press_office):
    """The demo's month of ordinary city news (published, text only)."""
    rubrics = {}
    now = datetime.datetime(2026, 11, 1, 12, 0, tzinfo=MOSCOW)
    articles = []
    for index, (rubric, title, lead, paragraphs, _tags) in enumerate(ARTICLES):
        if rubric not in rubrics:
            rubrics[rubric] = Rubric.objects.get_or_create(
                name=rubric, defaults={"slug": f"rubric-{len(rubrics)}"}
            )[0]
        articles.append(
            Article.objects.create(
                title=title,
                lead=lead,
                body="".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
                rubric=rubrics[rubric],
                department=press_office,
                status=Article.Status.PUBLISHED,
                publish_at=now - datetime.timedelta(days=index),
            )
        )
    return articles


@pytest.fixture
def twinning(db):
    """The twinning agreement with Torez, its signing and the partner, as the register has them."""
    home = Partner.objects.create(name="Алчевск", slug="alchevsk", is_home=True)
    torez = Partner.objects.create(
        name="Торез",
        slug="torez",
        region="Донецкая Народная Республика",
        description="<p>Шахтёрский город, побратим Алчевска с 29 октября 2019 года.</p>",
    )
    agreement = Agreement.objects.create(
        title="Соглашение об установлении побратимских связей между городами Алчевск и Торез",
        slug="alchevsk-torez",
        kind=Agreement.Kind.TWINNING,
        status=Agreement.Status.IN_FORCE,
        signed_on=datetime.date(2019, 10, 29),
        signing_place="Донецкий международный инвестиционный форум",
        signing_occasion="секция «Донбасс и регионы России»",
        summary="Алчевск и Торез стали городами-побратимами.",
        body="<p>Сотрудничество в сфере культуры, торговли, промышленности, науки.</p>",
        is_published=True,
    )
    agreement.partners.set([home, torez])
    event = Event.objects.create(
        title="Первый творческий фестиваль детей с ограниченными возможностями",
        slug="festival-2016",
        kind=Event.Kind.FESTIVAL,
        starts_on=datetime.date(2016, 1, 1),
        precision=Event.Precision.YEAR,
        place="Дворец культуры им. В. Маяковского, г. Торез",
        agreement=agreement,
        is_published=True,
    )
    event.partners.set([home, torez])
    return {"agreement": agreement, "event": event, "torez": torez, "home": home}
