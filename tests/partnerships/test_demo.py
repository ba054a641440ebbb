import io

import pytest
from django.core.management import call_command
from django.utils.translation import gettext

from news.models import Article
from partnerships import demo
from partnerships.models import (
    Agreement,
    AgreementDocument,
    Area,
    CooperationPlan,
    Event,
    Partner,
    PlanItem,
    Signatory,
)

pytestmark = pytest.mark.django_db

SEVEN_AREAS = [
    "Культура",
    "Торговля",
    "Промышленность",
    "Наука",
    "Образование",
    "Спорт",
    "Обмен историко-культурным и патриотическим наследием",
]
TIMELINE = [
    ("2016 год", "Первый творческий фестиваль детей с ограниченными возможностями"),
    ("2017–2018 годы", "Выступления творческих коллективов Алчевска в Торезе"),
    ("апрель 2018", "Ответный визит вокалистов Торезского ДК им. В. Маяковского в Алчевск"),
    ("2019 год", "Обмен творческими делегациями"),
    ("29 октября 2019", "Подписание Соглашения об установлении побратимских связей"),
]
MODELS = [Partner, Area, Agreement, Signatory, AgreementDocument, Event, CooperationPlan, PlanItem]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def press_release(make_article, department):
    return make_article(
        "Алчевск стал городом-побратимом Тореза Донецкой Народной Республики",
        slug="alchevsk-stal-gorodom-pobratimom-toreza-donetskoi-narodnoi-respubliki",
        department=department,
    )


def test_loading_twice_changes_nothing(press_release):
    summary = demo.load()
    assert "пресс-релиз связан с соглашением" in summary
    first = counts()
    demo.load()
    assert counts() == first
    assert first["Agreement"] >= 5


def test_the_command_loads_it(demo_content):
    """``demo_content`` (the fixture) is ``manage.py demo_content`` run once for the whole run."""
    assert Agreement.objects.filter(slug=demo.TWINNING_SLUG).exists()


def test_the_twinning_agreement_page_tells_the_press_release(client, press_release):
    demo.load()
    agreement = Agreement.objects.get(slug=demo.TWINNING_SLUG)
    page = client.get(agreement.get_absolute_url()).content.decode()

    for fact in (
        "Соглашение об установлении побратимских связей между городами Алчевск и Торез",
        "29 октября 2019",
        "Донецкий международный инвестиционный форум",
        "секция «Донбасс и регионы России»",
        "Наталья Пяткова",
        "Глава Администрации города Алчевска",
        "Дмитрий Лысенко",
        "Глава города Тореза",
        "Донецкая Народная Республика",
        press_release.title,
    ):
        assert fact in page, fact

    areas = page[page.index('id="areas-title"') :]
    areas = areas[: areas.index("</section>")]
    assert [name for name in SEVEN_AREAS if name in areas] == SEVEN_AREAS

    timeline = page[page.index('class="timeline') :]
    positions = [timeline.index(f">{date}</time>") for date, _title in TIMELINE]
    assert positions == sorted(positions)
    for (_date, title), position in zip(TIMELINE, positions, strict=True):
        assert timeline.index(title) > position


def test_the_twinning_agreement_page_keeps_its_draft_plan_from_the_public(client, db):
    demo.load()
    agreement = Agreement.objects.get(slug=demo.TWINNING_SLUG)
    draft = agreement.plans.get(status=CooperationPlan.Status.DRAFT)
    page = client.get(agreement.get_absolute_url()).content.decode()

    assert draft.title not in page
    assert "Черновик" not in page
    for item in draft.items.all():
        assert item.activity not in page


def test_the_press_release_is_linked_to_the_agreement_and_the_signing(press_release):
    demo.load()
    assert list(press_release.agreements.values_list("slug", flat=True)) == [demo.TWINNING_SLUG]
    assert press_release.partnership_events.get().kind == Event.Kind.SIGNING


def test_without_the_press_release_the_rest_still_loads(db):
    assert "связь не создана" in demo.load()
    assert Agreement.objects.public().count() >= 5


def test_the_filters_and_the_calendar_have_content(client, press_release):
    demo.load()
    statuses = set(Agreement.objects.public().values_list("status", flat=True))
    assert len(statuses) >= 4
    assert Event.objects.public().upcoming().exists()
    calendar = client.get("/events.ics").content.decode()
    assert "Дни культуры Тореза в Алчевске" in calendar
    assert "Товарищеский турнир" not in calendar  # known to the month only


def test_coats_of_arms_keep_their_size_so_pages_never_open_the_files(press_release, settings):
    demo.load()
    partners = list(Partner.objects.exclude(coat_of_arms=None))
    assert partners
    assert all(p.coat_of_arms.width and p.coat_of_arms.height for p in partners)
    # Reading a partner must not need the image file (it used to, for its dimensions).
    settings.MEDIA_ROOT = settings.MEDIA_ROOT / "elsewhere"
    assert (
        Partner.objects.get(pk=partners[0].pk).coat_of_arms.width == partners[0].coat_of_arms.width
    )


def test_loading_again_keeps_what_editors_changed(press_release):
    demo.load()
    agreement = Agreement.objects.get(slug=demo.TWINNING_SLUG)
    agreement.title = "Соглашение в редакции редактора"
    agreement.save()
    agreement.areas.set(Area.objects.filter(slug="kultura"))
    event = Event.objects.filter(agreement=agreement).first()
    event.place = "Место, уточнённое редактором"
    event.save()
    partner = Partner.objects.get(slug="torez")
    partner.region = "Регион редактора"
    partner.coat_of_arms = None
    partner.save()
    reopened = PlanItem.objects.filter(status=PlanItem.Status.DONE).first()
    PlanItem.objects.filter(pk=reopened.pk).update(status=PlanItem.Status.PLANNED, result="")

    demo.load()

    agreement.refresh_from_db()
    assert agreement.title == "Соглашение в редакции редактора"
    assert [area.slug for area in agreement.areas.all()] == ["kultura"]
    event.refresh_from_db()
    assert event.place == "Место, уточнённое редактором"
    partner.refresh_from_db()
    assert partner.region == "Регион редактора"
    assert not partner.coat_of_arms
    reopened.refresh_from_db()
    assert reopened.status == PlanItem.Status.PLANNED


def test_loading_again_keeps_the_press_release_unlinked_once_an_editor_unlinked_it(press_release):
    demo.load()
    agreement = Agreement.objects.get(slug=demo.TWINNING_SLUG)
    signing = Event.objects.get(slug=demo.SIGNING_SLUG)
    agreement.articles.remove(press_release)
    signing.articles.remove(press_release)

    summary = demo.load()

    assert not press_release.agreements.exists()
    assert not press_release.partnership_events.exists()
    assert gettext("the press release's links are left as they are") in summary


@pytest.fixture
def quick_demo(monkeypatch, settings):
    """The whole demo without its pictures, its accounts' passwords hashed fast: these tests are
    about the press release's links."""
    monkeypatch.setattr("news.demo.attach_generated_image", lambda *args, **kwargs: None)


def demo_press_release():
    return Article.objects.get(slug__startswith=demo.PRESS_RELEASE_SLUG)


def test_make_demo_links_the_press_release_it_creates(quick_demo):
    call_command("demo_content", stdout=io.StringIO())

    press_release = demo_press_release()
    assert [a.slug for a in press_release.agreements.all()] == [demo.TWINNING_SLUG]
    assert [e.slug for e in press_release.partnership_events.all()] == [demo.SIGNING_SLUG]


def test_make_demo_again_keeps_a_link_an_editor_removed_removed(quick_demo):
    call_command("demo_content", stdout=io.StringIO())
    press_release = demo_press_release()
    Agreement.objects.get(slug=demo.TWINNING_SLUG).articles.remove(press_release)
    Event.objects.get(slug=demo.SIGNING_SLUG).articles.remove(press_release)

    call_command("demo_content", stdout=io.StringIO())
    call_command("demo_content", stdout=io.StringIO())

    assert not press_release.agreements.exists()
    assert not press_release.partnership_events.exists()


def test_make_demo_links_a_press_release_it_recreates_to_the_agreement_kept(quick_demo):
    call_command("demo_content", stdout=io.StringIO())
    demo_press_release().delete()

    call_command("demo_content", stdout=io.StringIO())

    press_release = demo_press_release()
    assert [a.slug for a in press_release.agreements.all()] == [demo.TWINNING_SLUG]
    assert [e.slug for e in press_release.partnership_events.all()] == [demo.SIGNING_SLUG]


def test_the_twinning_agreement_has_a_history_of_stages(press_release):
    from partnerships.models import StageChange

    demo.load()
    agreement = Agreement.objects.get(slug=demo.TWINNING_SLUG)
    stages = list(agreement.stage_changes.values_list("stage", flat=True))
    assert stages[0] == Agreement.Status.IN_FORCE  # newest first
    assert Agreement.Status.SENT_FOR_APPROVAL in stages
    assert agreement.status == Agreement.Status.IN_FORCE
    before = StageChange.objects.count()
    demo.load()
    assert StageChange.objects.count() == before
