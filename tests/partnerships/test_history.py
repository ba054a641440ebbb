"""«История связей»: years oldest first, what was signed and what happened, at its precision."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.history_timeline import history
from partnerships.models import Agreement, Event

D = datetime.date
pytestmark = pytest.mark.django_db
HISTORY = "/partnerships/history/"
TODAY = D(2024, 6, 1)


@pytest.fixture
def press_release(make_agreement, make_event, torez, home_city):
    """The ties of Alchevsk and Torez as the press release tells them."""
    agreement = make_agreement("Соглашение о побратимстве", kind=Agreement.Kind.TWINNING)
    make_event(
        "Фестиваль детского творчества",
        starts_on=D(2016, 1, 1),
        precision=Event.Precision.YEAR,
        partners=[home_city, torez],
    )
    make_event(
        "Выступления коллективов",
        starts_on=D(2017, 1, 1),
        ends_on=D(2018, 12, 31),
        precision=Event.Precision.YEAR,
        partners=[torez],
    )
    make_event(
        "Ответный визит",
        starts_on=D(2018, 4, 1),
        precision=Event.Precision.MONTH,
        partners=[torez],
    )
    make_event("Подписание", starts_on=D(2019, 10, 29), agreement=agreement)
    return agreement


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


class TestHistory:
    def test_years_oldest_first_with_what_was_signed_and_what_happened(self, press_release):
        years = history(TODAY)
        assert [year.year for year in years] == [2016, 2017, 2018, 2019]
        assert [entry.when for entry in years[1].entries] == ["в 2017–2018 годах"]
        assert [entry.when for entry in years[2].entries] == ["в апреле 2018 года"]
        signing, event = years[3].entries
        assert signing.is_signing and signing.record == press_release
        assert signing.when == "29 октября 2019 года"
        assert not event.is_signing

    def test_the_page_reads_at_each_events_precision(self, client, press_release):
        page = text(client.get(HISTORY))
        assert '<h2 id="year-2016">2016</h2>' in page
        assert '<time datetime="2016">В 2016 году</time>' in page
        assert '<time datetime="2017">В 2017–2018 годах</time>' in page
        assert '<time datetime="2018-04">В апреле 2018 года</time>' in page
        assert '<time datetime="2019-10-29">29 октября 2019 года</time>' in page
        assert f'href="{press_release.get_absolute_url()}"' in page
        assert page.index("2016 году") < page.index("2017–2018") < page.index("октября 2019")

    def test_drafts_unsigned_and_future_are_left_out(
        self, make_agreement, make_event, home_city, torez
    ):
        make_agreement("Черновик", is_published=False)
        make_agreement("Переговоры", status=Agreement.Status.NEGOTIATION)
        make_event("Неопубликованное", is_published=False)
        make_event("Будущее", starts_on=TODAY + datetime.timedelta(days=1))
        hidden = make_agreement("Скрытое", is_published=False)
        make_event("Событие скрытого соглашения", agreement=hidden)
        assert history(TODAY) == []

    def test_nothing_yet(self, client):
        response = client.get(HISTORY)
        assert response.status_code == 200
        assert "Пока ничего не подписано и не проведено." in response.content.decode()

    def test_titles_are_escaped(self, client, make_event):
        make_event('Визит <script>&"', starts_on=D(2019, 1, 1))
        page = client.get(HISTORY).content.decode()
        assert "<script>&" not in page
        assert "Визит &lt;script&gt;&amp;" in page

    def test_query_count_does_not_grow(
        self, client, make_agreement, make_event, torez, django_assert_max_num_queries
    ):
        def add(n):
            agreement = make_agreement(f"Соглашение {n}", signed_on=D(2010 + n % 10, 1, 1))
            make_event(f"Событие {n}", starts_on=D(2010 + n % 10, 3, 1), partners=[torez])
            make_event(
                f"Годовое {n}", starts_on=D(2012, 1, 1), precision="year", agreement=agreement
            )

        for n in range(3):
            add(n)
        with CaptureQueriesContext(connection) as baseline:
            assert client.get(HISTORY).status_code == 200
        for n in range(3, 12):
            add(n)
        with django_assert_max_num_queries(len(baseline)):
            assert client.get(HISTORY).status_code == 200

    def test_in_the_site_map_and_sitemap_xml(self, client, press_release):
        assert HISTORY in client.get("/sitemap/").content.decode()
        assert HISTORY in client.get("/sitemap.xml").content.decode()

    def test_linked_from_the_register_and_the_partners(self, client, press_release):
        for url in ("/partnerships/", "/partnerships/partners/"):
            assert f'href="{HISTORY}"' in client.get(url).content.decode()

    def test_an_agreement_cannot_take_the_address(self, make_agreement):
        agreement = make_agreement("История")
        agreement.slug = "history"
        with pytest.raises(ValidationError):
            agreement.full_clean()
