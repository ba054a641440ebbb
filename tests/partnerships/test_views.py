import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.models import Article
from partnerships.models import Agreement, AgreementDocument, Event, PlanItem, Signatory
from tests import support

D = datetime.date
pytestmark = pytest.mark.django_db
REGISTER = "/partnerships/"


def html(response):
    return response.content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


class TestRegister:
    def test_lists_public_agreements_with_partner_date_status_and_areas(
        self, client, make_agreement, make_area
    ):
        culture = make_area("Культура", slug="kultura")
        make_agreement("Соглашение с Торезом", areas=[culture])
        make_agreement("Черновик соглашения", is_published=False)
        page = html(client.get(REGISTER))
        assert "Соглашение с Торезом" in page
        assert "Черновик соглашения" not in page
        row = page[page.index("Соглашение с Торезом") :]
        for fact in ("Торез", "29 октября 2019", "Культура", 'class="status status--in_force"'):
            assert fact in row

    def test_the_own_city_is_not_listed_as_a_partner(self, client, make_agreement):
        make_agreement()
        row = html(client.get(REGISTER)).split('class="register__item"')[1]
        assert "Торез" in row
        assert "Алчевск" not in row

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("status=negotiation", {"Меморандум с Брянском"}),
            ("kind=twinning", {"Побратимство с Торезом"}),
            ("area=sport", {"Протокол с Ровеньками"}),
            ("partner=briansk", {"Меморандум с Брянском"}),
            ("year=2019", {"Побратимство с Торезом"}),
            ("year=2020&kind=protocol", {"Протокол с Ровеньками"}),
            ("year=2019&kind=protocol", set()),
        ],
    )
    def test_filters(
        self, client, make_agreement, make_partner, make_area, home_city, torez, query, expected
    ):
        sport = make_area("Спорт", slug="sport")
        briansk = make_partner("Брянск", slug="briansk")
        rovenki = make_partner("Ровеньки", slug="rovenki")
        make_agreement("Побратимство с Торезом", kind=Agreement.Kind.TWINNING)
        make_agreement(
            "Меморандум с Брянском",
            kind=Agreement.Kind.MEMORANDUM,
            status=Agreement.Status.NEGOTIATION,
            partners=[home_city, briansk],
        )
        make_agreement(
            "Протокол с Ровеньками",
            kind=Agreement.Kind.PROTOCOL,
            status=Agreement.Status.EXPIRED,
            signed_on=D(2020, 2, 20),
            partners=[home_city, rovenki],
            areas=[sport],
        )
        page = html(client.get(f"{REGISTER}?{query}"))
        titles = set(
            re.findall(r'class="agreement-card__title"><a href="[^"]+">([^<]+)</a>', page)
        )
        assert titles == expected

    def test_counts_per_option_keep_the_other_filters(self, client, make_agreement, make_area):
        sport = make_area("Спорт", slug="sport")
        make_agreement("Первое", areas=[sport])
        make_agreement("Второе", areas=[sport], status=Agreement.Status.SIGNED)
        make_agreement("Третье", status=Agreement.Status.SIGNED)
        page = html(client.get(f"{REGISTER}?area=sport"))
        option = re.search(r'<option value="signed"[^>]*>([^<]+)</option>', page).group(1)
        assert option.endswith("(1)")
        option = re.search(r'<option value="sport"[^>]*>([^<]+)</option>', page).group(1)
        assert option == "Спорт (2)"

    @pytest.mark.parametrize(
        "query",
        [
            "status=bogus",
            "kind=%00",
            "area=no-such-area",
            "partner=%D0%BD%D0%B5%D1%82",
            "year=99999999999999",
            "year=-5",
            "year=abc",
            "page=abc",
            "status=signed&status=%27%3B--",
            "unknown=1",
        ],
    )
    def test_bad_parameters_are_ignored(self, client, make_agreement, query):
        make_agreement("Соглашение с Торезом")
        response = client.get(f"{REGISTER}?{query}")
        assert response.status_code == 200
        assert "Соглашение с Торезом" in html(response)

    def test_a_page_past_the_end_is_not_found(self, client, make_agreement):
        make_agreement()
        assert client.get(f"{REGISTER}?page=99").status_code == 404

    def test_query_count_does_not_grow_with_agreements(
        self,
        client,
        make_agreement,
        make_area,
        make_partner,
        home_city,
        django_assert_max_num_queries,
    ):
        def add(n):
            area = make_area(f"Сфера {n}")
            partner = make_partner(f"Город {n}")
            make_agreement(f"Соглашение {n}", partners=[home_city, partner], areas=[area])

        for n in range(3):
            add(n)
        baseline = count_queries(client, REGISTER)
        for n in range(3, 30):
            add(n)
        with django_assert_max_num_queries(baseline):
            client.get(REGISTER)
        with django_assert_max_num_queries(baseline):
            client.get(f"{REGISTER}?status=in_force&area=sfera-1&partner=gorod-1&year=2019")


class TestAgreementPage:
    @pytest.fixture
    def twinning(
        self, make_agreement, make_area, make_event, make_plan, home_city, torez, make_article
    ):
        areas = [make_area(name) for name in ("Культура", "Торговля", "Спорт")]
        agreement = make_agreement(
            "Соглашение об установлении побратимских связей между городами Алчевск и Торез",
            kind=Agreement.Kind.TWINNING,
            signing_place="Донецкий международный инвестиционный форум",
            signing_occasion="секция «Донбасс и регионы России»",
            areas=areas,
        )
        Signatory.objects.create(
            agreement=agreement,
            name="Наталья Пяткова",
            position="Глава Администрации города Алчевска",
            side=home_city,
        )
        Signatory.objects.create(
            agreement=agreement, name="Дмитрий Лысенко", position="Глава города Тореза", side=torez
        )
        make_event("Подписание соглашения", agreement=agreement, kind=Event.Kind.SIGNING)
        make_event(
            "Фестиваль",
            agreement=agreement,
            starts_on=D(2016, 1, 1),
            precision=Event.Precision.YEAR,
        )
        make_event("Скрытое событие", agreement=agreement, is_published=False)
        make_plan(agreement, [PlanItem.Status.DONE, PlanItem.Status.PLANNED])
        agreement.articles.add(make_article("Алчевск стал городом-побратимом Тореза"))
        agreement.articles.add(make_article("Черновик новости", status=Article.Status.DRAFT))
        return agreement

    def test_shows_the_press_release_facts(self, client, twinning):
        response = client.get(twinning.get_absolute_url())
        page = html(response)
        for fact in (
            "<h1",
            "Соглашение об установлении побратимских связей",
            "29 октября 2019",
            "Донецкий международный инвестиционный форум",
            "секция «Донбасс и регионы России»",
            "Наталья Пяткова",
            "Глава Администрации города Алчевска",
            "Дмитрий Лысенко",
            "Глава города Тореза",
            "Культура",
            "Спорт",
            "План сотрудничества на 2020 год",
            "2020 год",
            '<progress id="plan-',
            'value="50"',
            "Алчевск стал городом-побратимом Тореза",
        ):
            assert fact in page, fact
        assert page.count("<h1") == 1
        assert "Скрытое событие" not in page
        assert "Черновик новости" not in page
        rss = reverse("partnerships:agreement-rss", kwargs={"slug": twinning.slug})
        assert 'type="application/rss+xml"' in page and rss in page

    def test_the_newest_plan_comes_first(self, client, twinning, make_plan):
        make_plan(
            twinning,
            title="План мероприятий на 2023 год",
            period_start=D(2023, 1, 1),
            period_end=D(2023, 12, 31),
        )

        page = html(client.get(twinning.get_absolute_url()))

        assert page.index("План мероприятий на 2023 год") < page.index(
            "План сотрудничества на 2020 год"
        )

    def test_the_timeline_is_in_date_order_at_its_precision(self, client, twinning):
        page = html(client.get(twinning.get_absolute_url()))
        timeline = page[page.index('class="timeline') :]
        assert timeline.index("2016 год") < timeline.index("Фестиваль")
        assert timeline.index("Фестиваль") < timeline.index("Подписание соглашения")

    def test_documents_are_offered_for_download(self, client, twinning, pdf_upload):
        AgreementDocument.objects.create(
            agreement=twinning, title="Текст соглашения", file=pdf_upload()
        )
        page = html(client.get(twinning.get_absolute_url()))
        assert "Текст соглашения" in page
        assert re.search(r'href="/partnerships/documents/\d+/soglashenie[^"]*\.pdf"', page)

    def test_unknown_and_unpublished_agreements_are_not_found(self, client, make_agreement):
        hidden = make_agreement("Черновик", is_published=False)
        assert client.get("/partnerships/no-such-agreement/").status_code == 404
        assert client.get(hidden.get_absolute_url()).status_code == 404

    def test_editors_preview_unpublished_agreements_uncached(self, editor_client, make_agreement):
        hidden = make_agreement("Черновик", is_published=False)
        response = editor_client.get(hidden.get_absolute_url())
        assert response.status_code == 200
        assert 'class="preview-banner"' in html(response)
        assert "no-cache" in response["Cache-Control"]

    def test_query_count_does_not_grow_with_the_timeline(
        self,
        client,
        twinning,
        make_event,
        make_article,
        make_plan,
        pdf_upload,
        django_assert_max_num_queries,
    ):
        baseline = count_queries(client, twinning.get_absolute_url())
        for n in range(30):
            make_event(f"Событие {n}", agreement=twinning, starts_on=D(2018, 1, 1 + n % 28))
            twinning.articles.add(make_article(f"Новость {n}"))
            AgreementDocument.objects.create(
                agreement=twinning, title=f"Документ {n}", file=pdf_upload()
            )
        for _ in range(3):
            make_plan(twinning, [PlanItem.Status.DONE] * 10)
        with django_assert_max_num_queries(baseline):
            client.get(twinning.get_absolute_url())


class TestPartnerPages:
    def test_the_list_shows_partners_of_public_agreements(
        self, client, make_agreement, make_partner, home_city
    ):
        make_agreement()
        secret = make_partner("Курск", slug="kursk")
        make_agreement("Черновик", partners=[home_city, secret], is_published=False)
        page = html(client.get(reverse("partnerships:partner-list")))
        assert "Торез" in page
        assert "Курск" not in page
        assert client.get(secret.get_absolute_url()).status_code == 404

    def test_a_partner_page_shows_its_agreements_and_events(
        self, client, make_agreement, make_event, torez
    ):
        agreement = make_agreement("Побратимство с Торезом")
        make_event("Фестиваль в Торезе", partners=[torez])
        make_event("Подписание", agreement=agreement)
        page = html(client.get(torez.get_absolute_url()))
        for text in (
            "Торез",
            "Донецкая Народная Республика",
            "Побратимство с Торезом",
            "Фестиваль в Торезе",
            "Подписание",
        ):
            assert text in page, text

    def test_unknown_partner_is_not_found(self, client):
        assert client.get("/partnerships/partners/nobody/").status_code == 404


@pytest.mark.usefixtures("frozen_today")
class TestEvents:
    def test_upcoming_and_past_are_listed_apart(self, client, make_event):
        make_event("Будущий визит", starts_on=D(2024, 6, 1))
        make_event("Прошлый визит", starts_on=D(2023, 6, 1))
        make_event("Скрытый визит", starts_on=D(2024, 6, 2), is_published=False)
        page = html(client.get(reverse("partnerships:event-list")))
        upcoming, past = page.split('id="past-title"')
        assert "Будущий визит" in upcoming and "Прошлый визит" not in upcoming
        assert "Прошлый визит" in past
        assert "Скрытый визит" not in page

    def test_todays_event_is_upcoming_and_yesterdays_past_by_the_moscow_date(
        self, client, make_event, frozen_today
    ):
        """At 23:30 UTC and at 00:30 Moscow time the UTC date is still yesterday's."""
        make_event("Сегодняшний концерт", starts_on=frozen_today)
        make_event("Вчерашний визит", starts_on=frozen_today - datetime.timedelta(days=1))
        response = client.get(reverse("partnerships:event-list"))
        upcoming, past = html(response).split('id="past-title"')
        assert "Сегодняшний концерт" in upcoming and "Вчерашний визит" in past
        assert "Вчерашний визит" not in upcoming
        marked = support.page(response).xpath(
            "//li[contains(@class, 'event-item--upcoming')]//*[@class='event-item__title']/a"
        )
        assert [link.text_content() for link in marked] == ["Сегодняшний концерт"]

    def test_filters_and_a_year_range_counts_for_each_year(self, client, make_event):
        make_event(
            "Гастроли",
            starts_on=D(2017, 1, 1),
            ends_on=D(2018, 1, 1),
            precision=Event.Precision.YEAR,
            kind=Event.Kind.PERFORMANCE,
        )
        make_event("Визит делегации Тореза", starts_on=D(2019, 10, 29))
        assert "Гастроли" in html(client.get("/events/?year=2018"))
        assert "Визит делегации Тореза" not in html(client.get("/events/?year=2018"))
        assert "Визит делегации Тореза" not in html(client.get("/events/?kind=performance"))

    @pytest.mark.parametrize("query", ["year=1", "kind=%00", "partner=x", "page=zz", "area=%FF"])
    def test_bad_parameters_are_ignored(self, client, make_event, query):
        make_event("Визит делегации Тореза", starts_on=D(2019, 10, 29))
        response = client.get(f"/events/?{query}")
        assert response.status_code == 200
        assert "Визит делегации Тореза" in html(response)

    def test_event_page_has_schema_org_event(self, client, make_event, torez):
        event = make_event(
            "Ответный визит вокалистов",
            starts_on=D(2018, 4, 1),
            precision=Event.Precision.MONTH,
            place="г. Алчевск",
            partners=[torez],
        )
        page = html(client.get(event.get_absolute_url()))
        assert "в апреле 2018 года" in page
        data = json.loads(
            re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
        )
        assert data["@type"] == "Event"
        assert data["name"] == "Ответный визит вокалистов"
        assert data["startDate"] == "2018-04"
        assert data["location"]["name"] == "г. Алчевск"

    def test_unknown_and_hidden_events_are_not_found(self, client, make_event, make_agreement):
        hidden_agreement = make_agreement(is_published=False)
        event = make_event("Событие черновика", agreement=hidden_agreement)
        assert client.get(event.get_absolute_url()).status_code == 404
        assert client.get("/events/no-such-event/").status_code == 404


class TestNewsPages:
    def test_the_article_shows_its_agreements_and_events(
        self, client, make_article, make_agreement, make_event
    ):
        article = make_article("Алчевск стал городом-побратимом Тореза")
        make_agreement("Побратимство с Торезом").articles.add(article)
        make_event("Подписание соглашения").articles.add(article)
        page = html(client.get(article.get_absolute_url()))
        assert "Побратимство с Торезом" in page
        assert "Подписание соглашения" in page

    def test_an_article_without_partnerships_shows_no_section(self, client, make_article):
        article = make_article("Обычная новость")
        assert "article-partnerships" not in html(client.get(article.get_absolute_url()))

    @pytest.mark.usefixtures("frozen_today")
    def test_the_home_page_shows_upcoming_events_and_partner_cities(
        self, client, make_event, make_agreement
    ):
        make_agreement()
        make_event("Дни культуры", starts_on=D(2024, 6, 1))
        make_event("Давний визит", starts_on=D(2020, 6, 1))
        page = html(client.get("/"))
        assert "Дни культуры" in page
        assert "Давний визит" not in page
        assert "/partnerships/partners/torez/" in page
        assert 'href="/partnerships/"' in page and 'href="/events/"' in page


def test_an_event_turns_past_at_midnight_even_on_a_cached_page(client, time_machine, make_event):
    moscow = ZoneInfo("Europe/Moscow")
    time_machine.move_to(datetime.datetime(2024, 5, 15, 23, 58, tzinfo=moscow), tick=False)
    make_event("Дни культуры", starts_on=D(2024, 5, 15))

    def section_of_event():
        page = html(client.get("/events/"))
        return "upcoming" if page.index("Дни культуры") < page.index('id="past-title"') else "past"

    assert section_of_event() == "upcoming"
    assert client.get("/events/").headers.get("X-Cache") == "hit"
    # Two minutes later, well within the page cache's lifetime, but on the next day.
    time_machine.move_to(datetime.datetime(2024, 5, 16, 0, 0, 1, tzinfo=moscow), tick=False)
    assert section_of_event() == "past"


def test_the_sitemap_lists_public_pages(client, make_agreement, make_event):
    agreement = make_agreement("Побратимство")
    hidden = make_agreement("Черновик", is_published=False)
    event = make_event("Визит")
    sitemap = html(client.get("/sitemap.xml"))
    for path in (
        agreement.get_absolute_url(),
        event.get_absolute_url(),
        "/partnerships/partners/torez/",
        "/partnerships/",
        "/events/",
    ):
        assert f"http://testserver{path}<" in sitemap, path
    assert hidden.get_absolute_url() not in sitemap
