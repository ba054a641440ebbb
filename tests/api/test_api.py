"""The read-only JSON API: public content only, the public pages' filters, bounded pages and
queries, dates at their precision, absolute links."""

import datetime
from datetime import UTC, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Article, Tag
from partnerships.dates import format_span
from partnerships.filters import AgreementFilter
from partnerships.models import Agreement, Event

pytestmark = pytest.mark.django_db

OTHER_SITE = "https://example.org"


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def results(client, url):
    return get(client, url)["results"]


def titles(client, url, key="title"):
    return [item[key] for item in results(client, url)]


def all_slugs(client, url) -> set[str]:
    data, slugs = get(client, url), set()
    while True:
        slugs |= {item.get("slug") or str(item.get("id")) for item in data["results"]}
        if not data["next"]:
            return slugs
        data = get(client, data["next"])


class TestPublicContentOnly:
    def test_drafts_scheduled_and_archived_articles_never_appear(self, client, portal_content):
        hidden = portal_content["hidden"]["articles"]
        listed = all_slugs(client, "/api/articles/?page_size=1")
        assert listed == {article.slug for article in portal_content["articles"]}
        for article in hidden:
            get(client, f"/api/articles/{article.slug}/", status=404)
        agreement = portal_content["agreements"][0]
        detail = get(client, f"/api/agreements/{agreement.slug}/")
        assert [item["title"] for item in detail["related_articles"]] == ["Подписано соглашение"]

    def test_unpublished_agreements_and_everything_of_theirs_stay_hidden(
        self, client, portal_content
    ):
        hidden = portal_content["hidden"]
        assert hidden["agreement"].slug not in all_slugs(client, "/api/agreements/")
        get(client, f"/api/agreements/{hidden['agreement'].slug}/", status=404)
        events = all_slugs(client, "/api/events/")
        assert hidden["event"].slug not in events
        assert hidden["unpublished_event"].slug not in events
        assert titles(client, "/api/plans/") == ["План сотрудничества на 2020 год"]
        assert "tainyi" not in all_slugs(client, "/api/partners/")

    def test_a_plan_item_does_not_link_an_unpublished_event(self, client, portal_content):
        (plan,) = results(client, "/api/plans/")
        linked = {item["status"]: item["event"] for item in plan["items"]}
        assert linked["done"]["slug"] == portal_content["festival"].slug
        assert linked["planned"] is None
        assert plan["progress"] == 50

    def test_the_agreement_timeline_has_only_published_events(self, client, portal_content):
        twinning = portal_content["agreements"][0]
        twinning_event = portal_content["hidden"]["unpublished_event"]
        twinning_event.agreement = twinning
        twinning_event.save()
        detail = get(client, f"/api/agreements/{twinning.slug}/")
        assert [event["title"] for event in detail["events"]] == [
            "Фестиваль",
            "Выступления",
            "Ответный визит",
        ]


class TestShapes:
    def test_an_article_with_absolute_links_image_and_tags(self, client, portal_content):
        news = portal_content["articles"][0]
        article = get(client, f"/api/articles/{news.slug}/")
        assert article["url"] == f"http://testserver/news/{news.slug}/"
        assert article["rubric"] == {
            "slug": "obshchestvo",
            "name": "Общество",
            "url": "http://testserver/news/rubric/obshchestvo/",
        }
        assert [tag["name"] for tag in article["tags"]] == ["побратимы"]
        assert article["lead_image"]["url"].startswith("http://testserver/media/media/")
        assert article["lead_image"]["alt"] == "Глава города подписывает соглашение"
        assert len(article["photos"]) == 1
        assert article["body"] == news.body
        assert "body" not in results(client, "/api/articles/")[0]

    def test_an_agreement_in_full(self, client, portal_content):
        twinning = portal_content["agreements"][0]
        detail = get(client, f"/api/agreements/{twinning.slug}/")
        assert detail["url"] == f"http://testserver/partnerships/{twinning.slug}/"
        assert (detail["kind"], detail["status"]) == ("twinning", "in_force")
        assert detail["kind_display"] == str(Agreement.Kind.TWINNING.label)
        assert detail["signed_on"] == "2019-10-29"
        assert detail["signing_place"] == "Донецкий международный инвестиционный форум"
        assert detail["signing_occasion"] == "секция «Донбасс и регионы России»"
        assert [(p["name"], p["is_home"]) for p in detail["partners"]] == [
            ("Алчевск", True),
            ("Торез", False),
        ]
        assert [area["slug"] for area in detail["areas"]] == ["kultura", "sport"]
        assert detail["signatories"][0]["side"]["slug"] == "torez"
        assert detail["signatories"][1]["side"] is None
        (document,) = detail["documents"]
        assert document["url"].startswith("http://testserver/partnerships/documents/")
        assert document["size"] > 0
        assert detail["plans"][0]["items"][0]["area"]["slug"] == "kultura"

    def test_event_dates_at_their_precision(self, client, portal_content):
        events = {event["title"]: event for event in results(client, "/api/events/")}
        performances = Event.objects.get(title="Выступления")
        assert events["Выступления"]["dates"] == {
            "start": "2017-01-01",
            "end": "2018-12-31",
            "last_day": "2018-12-31",
            "precision": "year",
            "iso": "2017/2018",
            "display": format_span(performances.starts_on, performances.ends_on, "year"),
        }
        month = events["Ответный визит"]["dates"]
        assert (month["iso"], month["last_day"], month["end"]) == ("2018-04", "2018-04-30", None)
        assert events["Фестиваль"]["dates"]["iso"] == "2016"
        assert events["Матч"]["dates"]["iso"] == "2030-05-01"
        assert events["Матч"]["agreement"] is None
        assert events["Фестиваль"]["agreement"]["title"] == "Соглашение о побратимстве"


class TestFilters:
    def test_articles_by_rubric_tag_year_and_month(self, client, portal_content, make_article):
        news, older = portal_content["articles"]
        assert titles(client, "/api/articles/?tag=pobratimy") == [news.title]
        assert titles(client, "/api/articles/?rubric=obshchestvo") == [news.title, older.title]
        local = timezone.localtime(older.publish_at)
        year, month = local.year, local.month
        assert older.title in titles(client, f"/api/articles/?year={year}&month={month}")
        assert news.title not in titles(client, f"/api/articles/?year={year}&month={month}")

    @pytest.mark.parametrize(
        ("query", "parameter"),
        [("rubric=nowhere", "rubric"), ("tag=nowhere", "tag"), ("month=4", "month")],
    )
    def test_unknown_article_filters_are_a_400(self, client, portal_content, query, parameter):
        body = get(client, f"/api/articles/?{query}", status=400)
        assert list(body["errors"]) == [parameter]

    def test_the_register_filters_match_the_register(self, client, portal_content, subtests):
        queries = [
            "",
            "status=in_force",
            "kind=memorandum",
            "area=sport",
            "partner=lipetsk",
            "year=2019",
            "area=kultura&kind=twinning",
        ]
        for query in queries:
            with subtests.test(query=query):
                register = AgreementFilter(QueryDict(query), queryset=Agreement.objects.public())
                expected = [agreement.slug for agreement in register.qs]
                assert titles(client, f"/api/agreements/?{query}", key="slug") == expected

    @pytest.mark.parametrize("query", ["area=nowhere", "partner=tainyi", "year=1999"])
    def test_register_values_the_register_does_not_offer_are_a_400(
        self, client, portal_content, query
    ):
        body = get(client, f"/api/agreements/?{query}", status=400)
        assert list(body["errors"]) == [query.split("=")[0]]

    @pytest.mark.parametrize(
        "query", ["status=lost", "kind=treaty", "year=abc", "area=%3Cscript%3E", "page=0"]
    )
    def test_malformed_values_are_a_422(self, client, portal_content, query):
        get(client, f"/api/agreements/?{query}", status=422)

    def test_events_upcoming_past_and_by_year_partner_agreement_area(
        self, client, portal_content, frozen_today
    ):
        assert titles(client, "/api/events/?when=upcoming") == ["Матч"]
        assert titles(client, "/api/events/?when=past") == [
            "Ответный визит",
            "Выступления",
            "Фестиваль",
        ]
        assert titles(client, "/api/events/?year=2018") == ["Выступления", "Ответный визит"]
        assert titles(client, "/api/events/?partner=lipetsk") == ["Матч"]
        assert titles(client, "/api/events/?area=kultura") == ["Фестиваль", "Выступления"]
        twinning = portal_content["agreements"][0]
        assert len(titles(client, f"/api/events/?agreement={twinning.slug}")) == 3
        upcoming = results(client, "/api/events/?when=upcoming")
        assert upcoming[0]["is_upcoming"] is True

    def test_todays_event_is_upcoming_by_the_moscow_date(self, client, make_event, frozen_today):
        """At 23:30 UTC and at 00:30 Moscow time the UTC date is still yesterday's."""
        make_event("Сегодня", starts_on=frozen_today)
        make_event("Вчера", starts_on=frozen_today - timedelta(days=1))
        assert titles(client, "/api/events/?when=upcoming") == ["Сегодня"]
        assert titles(client, "/api/events/?when=past") == ["Вчера"]
        flags = {item["title"]: item["is_upcoming"] for item in results(client, "/api/events/")}
        assert flags == {"Сегодня": True, "Вчера": False}

    def test_articles_by_the_moscow_year_and_month(self, client, make_article, near_midnight):
        """New Year's night: 1 January 2027 in Moscow, 31 December 2026 in UTC."""
        make_article("Новогодний салют", publish_at=timezone.now() - timedelta(minutes=20))
        make_article("Итоги года", publish_at=datetime.datetime(2026, 12, 31, 20, 0, tzinfo=UTC))
        assert titles(client, "/api/articles/?year=2027&month=1") == ["Новогодний салют"]
        assert titles(client, "/api/articles/?year=2026&month=12") == ["Итоги года"]
        assert titles(client, "/api/articles/?year=2026") == ["Итоги года"]

    def test_events_of_an_unpublished_agreement_cannot_be_asked_for(self, client, portal_content):
        hidden = portal_content["hidden"]["agreement"]
        body = get(client, f"/api/events/?agreement={hidden.slug}", status=400)
        assert list(body["errors"]) == ["agreement"]
        get(client, f"/api/plans/?agreement={hidden.slug}", status=400)

    def test_partners_by_kind(self, client, portal_content):
        assert titles(client, "/api/partners/?kind=city", key="name") == [
            "Алчевск",
            "Липецк",
            "Торез",
        ]
        assert titles(client, "/api/partners/?kind=organisation", key="name") == []


class TestUnknownParameters:
    """The docs promise it: a parameter an operation does not take is a 400 naming it, not
    silently ignored (a misspelt filter would list everything)."""

    def test_every_list_refuses_a_parameter_it_does_not_take(
        self, client, portal_content, list_url
    ):
        body = get(client, f"{list_url}?page=1&sort=-date&rubirc=obshchestvo", status=400)
        assert sorted(body["errors"]) == ["rubirc", "sort"]
        assert "rubirc" in body["detail"]
        assert "sort" in body["detail"]
        assert get(client, f"{list_url}?page=1&page_size=5")["page"] == 1

    @pytest.mark.parametrize(
        "url", ["/api/articles/", "/api/agreements/", "/api/partners/", "/api/events/"]
    )
    def test_every_object_refuses_a_parameter(self, client, portal_content, url):
        detail = f"{url}{results(client, url)[0]['slug']}/"
        assert list(get(client, f"{detail}?lang=en", status=400)["errors"]) == ["lang"]
        get(client, detail)


class TestPagination:
    def test_pages_link_to_each_other_absolutely(self, client, portal_content):
        first = get(client, "/api/events/?page_size=3&area=")
        assert (first["count"], first["pages"], first["page"]) == (4, 2, 1)
        assert first["next"] == "http://testserver/api/events/?page_size=3&area=&page=2"
        second = get(client, first["next"])
        assert second["previous"].endswith("page=1")
        assert second["next"] is None

    def test_a_page_past_the_end_is_a_404(self, client, portal_content):
        body = get(client, "/api/articles/?page=99999999999999999999999", status=404)
        assert "99999999999999999999999" in body["detail"]

    def test_the_page_size_is_bounded(self, client, portal_content):
        get(client, "/api/articles/?page_size=101", status=422)
        assert get(client, "/api/articles/?page_size=100")["page_size"] == 100

    def test_an_empty_list_is_one_empty_page(self, client, db):
        assert get(client, "/api/agreements/") == {
            "count": 0,
            "page": 1,
            "pages": 1,
            "page_size": 20,
            "next": None,
            "previous": None,
            "results": [],
        }


class TestPartnerAndEventDetail:
    def test_a_partner_with_its_agreements_and_events(self, client, portal_content, torez):
        detail = get(client, f"/api/partners/{torez.slug}/")
        assert detail["name"] == torez.name
        assert detail["url"] == f"http://testserver{torez.get_absolute_url()}"
        assert [item["title"] for item in detail["agreements"]] == ["Соглашение о побратимстве"]
        assert [item["title"] for item in detail["events"]] == [
            "Фестиваль",
            "Выступления",
            "Ответный визит",
        ]
        assert detail["events"][0]["dates"]["display"] == "2016 год"

    def test_a_partner_only_in_unpublished_content_is_not_there(self, client, portal_content):
        get(client, "/api/partners/tainyi/", status=404)
        get(client, "/api/partners/nowhere/", status=404)

    def test_an_event_with_its_photos_and_news(
        self, client, portal_content, make_article, library_image
    ):
        festival = portal_content["festival"]
        festival.photos.create(image=library_image("photo.jpg"), alt="Сцена фестиваля")
        festival.articles.add(
            make_article("О фестивале"), make_article("Черновик о фестивале", status="draft")
        )
        detail = get(client, f"/api/events/{festival.slug}/")
        assert detail["title"] == "Фестиваль"
        assert detail["agreement"]["title"] == "Соглашение о побратимстве"
        assert detail["dates"]["precision"] == "year"
        assert [photo["alt"] for photo in detail["photos"]] == ["Сцена фестиваля"]
        assert detail["photos"][0]["url"].startswith("http://testserver/")
        assert [article["title"] for article in detail["articles"]] == ["О фестивале"]

    def test_hidden_events_are_not_there(self, client, portal_content):
        hidden = portal_content["hidden"]
        get(client, f"/api/events/{hidden['event'].slug}/", status=404)
        get(client, f"/api/events/{hidden['unpublished_event'].slug}/", status=404)

    def test_head_and_options(self, client, portal_content, torez):
        for url in (
            f"/api/partners/{torez.slug}/",
            f"/api/events/{portal_content['festival'].slug}/",
        ):
            assert client.head(url).status_code == 200
            assert client.options(url)["Allow"] == "GET, HEAD, OPTIONS"


class TestQueries:
    """A page costs the same number of queries whatever it holds."""

    @staticmethod
    def count(client, url):
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        return len(context)

    @pytest.mark.parametrize(
        "url",
        [
            "/api/articles/",
            "/api/agreements/",
            "/api/events/",
            "/api/plans/",
            "/api/partners/",
            "/api/rubrics/",
        ],
    )
    def test_lists(
        self, client, portal_content, make_article, make_agreement, make_event, make_plan, url
    ):
        before = self.count(client, url)
        for number in range(5):
            article = make_article(f"Ещё новость {number}")
            article.tags.set([Tag.objects.get_or_create(name=f"тег {number}")[0]])
            agreement = make_agreement(f"Ещё соглашение {number}")
            make_event(f"Ещё событие {number}", agreement=agreement, partners=[])
            make_plan(agreement, statuses=["done"])
        cache.clear()
        assert self.count(client, url) == before

    def test_partner_and_event_detail(
        self, client, portal_content, torez, make_event, make_article, library_image
    ):
        festival = portal_content["festival"]
        urls = [f"/api/partners/{torez.slug}/", f"/api/events/{festival.slug}/"]
        before = [self.count(client, url) for url in urls]
        for number in range(4):
            make_event(f"Ещё событие {number}", partners=[torez], agreement=festival.agreement)
            festival.articles.add(make_article(f"Ещё новость {number}"))
            festival.photos.create(image=library_image(f"p{number}.jpg"), alt=f"Фото {number}")
        cache.clear()
        assert [self.count(client, url) for url in urls] == before

    def test_agreement_detail(self, client, portal_content, make_event, make_plan):
        twinning = portal_content["agreements"][0]
        url = f"/api/agreements/{twinning.slug}/"
        before = self.count(client, url)
        for number in range(4):
            make_event(f"Ещё событие {number}", agreement=twinning)
            make_plan(twinning, title=f"План {number}", statuses=["done", "planned"])
        cache.clear()
        assert self.count(client, url) == before


class TestReadOnly:
    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
    def test_writes_are_not_allowed(self, client, portal_content, method):
        response = getattr(client, method)("/api/articles/")
        assert response.status_code == 405
        assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
        assert Article.objects.count() == 5

    def test_head_and_options(self, client, portal_content):
        slug = portal_content["articles"][0].slug
        for url in ("/api/articles/", f"/api/articles/{slug}/"):
            head = client.head(url)
            assert head.status_code == 200
            assert head.content == b""
            options = client.options(url)
            assert options.status_code == 204
            assert options["Allow"] == "GET, HEAD, OPTIONS"

    def test_answers_may_be_read_by_other_sites(self, client, portal_content):
        # A browser names the page's origin in every cross-origin request.
        origin = {"HTTP_ORIGIN": OTHER_SITE}
        first = client.get("/api/agreements/", **origin)
        cached = client.get("/api/agreements/", **origin)
        assert cached["X-Cache"] == "hit"
        assert first["Access-Control-Allow-Origin"] == cached["Access-Control-Allow-Origin"] == "*"
        assert client.get("/api/articles/nowhere/", **origin)["Access-Control-Allow-Origin"] == "*"

    def test_a_preflight_allows_reading_for_a_day(self, client, portal_content):
        response = client.options(
            "/api/articles/", HTTP_ORIGIN=OTHER_SITE, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
        )
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
        assert response["Access-Control-Max-Age"] == "86400"
        assert "Access-Control-Allow-Credentials" not in response

    def test_the_rest_of_the_site_is_not_opened_to_other_sites(self, client, portal_content):
        for url in ("/news/", "/partnerships/", "/news/rss/"):
            response = client.get(url, HTTP_ORIGIN=OTHER_SITE)
            assert response.status_code == 200
            assert "Access-Control-Allow-Origin" not in response


def test_the_index_leads_to_the_docs(client):
    response = client.get("/api/")
    assert response.status_code == 302
    assert response["Location"] == "/api/docs/"
