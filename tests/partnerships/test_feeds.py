import datetime
from datetime import timedelta

import feedparser
import lxml.html
import pytest
from django.utils import timezone
from icalendar import Calendar

from news.models import Article
from partnerships.calendar import PAST_DAYS
from partnerships.models import Event

D = datetime.date
pytestmark = pytest.mark.django_db


class TestEventsRss:
    def test_public_events_with_stable_guids(self, client, make_event, make_agreement):
        shown = make_event("Визит делегации Тореза", place="г. Алчевск")
        make_event("Скрытый визит", is_published=False)
        make_event("Событие черновика", agreement=make_agreement(is_published=False))
        response = client.get("/events/rss/")
        assert response["Content-Type"].startswith("application/rss+xml")
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.bozo_exception
        assert [entry.title for entry in feed.entries] == [
            "Визит делегации Тореза (29 октября 2019)"
        ]
        entry = feed.entries[0]
        assert entry.id == f"urn:vestnik:event:{shown.pk}"
        assert entry.link == f"http://testserver{shown.get_absolute_url()}"
        assert "г. Алчевск" in entry.summary

    def test_the_full_text_carries_the_date_place_and_description(self, client, make_event):
        tournament = make_event(
            "Турнир юных футболистов",
            starts_on=D(2018, 4, 10),
            precision=Event.Precision.MONTH,
            place="стадион «Шахтёр», г. Торез",
            summary="Команды двух городов сыграли товарищеский матч.",
            description="<p>Победила дружба: счёт 2:2.</p>",
        )
        feed = feedparser.parse(client.get("/events/rss/").content)
        assert not feed.bozo, feed.bozo_exception
        text = full_text(feed.entries[0])
        assert tournament.dates_display == "апрель 2018"
        assert "апрель 2018" in text
        assert "29" not in text and "10 апреля" not in text  # no day it is not known to
        assert "стадион «Шахтёр», г. Торез" in text
        assert "Команды двух городов сыграли товарищеский матч." in text
        assert text.rstrip().endswith("Победила дружба: счёт 2:2.")

    def test_an_event_without_a_description_still_has_its_date_and_place(self, client, make_event):
        make_event("Визит делегации", place="г. Алчевск")
        feed = feedparser.parse(client.get("/events/rss/").content)
        text = full_text(feed.entries[0])
        assert "29 октября 2019" in text
        assert "г. Алчевск" in text


def full_text(entry) -> str:
    """The text a reader shows for an item's full content (RSS ``content:encoded``)."""
    [content] = entry.content
    return lxml.html.fragment_fromstring(content.value, create_parent="div").text_content()


class TestAgreementRss:
    def test_news_and_events_of_one_agreement(
        self, client, make_agreement, make_event, make_article
    ):
        agreement = make_agreement("Побратимство с Торезом")
        other = make_agreement("Другое соглашение")
        article = make_article("Алчевск стал городом-побратимом Тореза")
        agreement.articles.add(article)
        agreement.articles.add(make_article("Черновик", status=Article.Status.DRAFT))
        other.articles.add(make_article("Новость другого соглашения"))
        event = make_event("Подписание соглашения", agreement=agreement)
        make_event("Событие другого соглашения", agreement=other)

        feed = feedparser.parse(client.get(f"/partnerships/{agreement.slug}/rss/").content)
        assert not feed.bozo, feed.bozo_exception
        assert "Побратимство с Торезом" in feed.feed.title
        assert {entry.id for entry in feed.entries} == {
            f"urn:vestnik:article:{article.pk}",
            f"urn:vestnik:event:{event.pk}",
        }

    def test_items_carry_the_lead_and_the_event_details_first(
        self, client, make_agreement, make_event, make_article
    ):
        agreement = make_agreement("Побратимство с Торезом")
        agreement.articles.add(
            make_article(
                "Алчевск стал городом-побратимом Тореза",
                lead="Глава Администрации подписала соглашение.",
                body="<p>Договор предусматривает сотрудничество.</p>",
            )
        )
        make_event("Подписание соглашения", agreement=agreement, place="г. Донецк")

        feed = feedparser.parse(client.get(f"/partnerships/{agreement.slug}/rss/").content)
        texts = {entry.title: full_text(entry) for entry in feed.entries}
        article_text = texts["Алчевск стал городом-побратимом Тореза"]
        assert article_text.startswith("Глава Администрации подписала соглашение.")
        assert article_text.endswith("Договор предусматривает сотрудничество.")
        event_text = texts["Подписание соглашения (29 октября 2019)"]
        assert "29 октября 2019" in event_text
        assert "г. Донецк" in event_text

    def test_unknown_or_hidden_agreement_has_no_feed(self, client, make_agreement):
        hidden = make_agreement(is_published=False)
        assert client.get(f"/partnerships/{hidden.slug}/rss/").status_code == 404
        assert client.get("/partnerships/nothing/rss/").status_code == 404


@pytest.mark.usefixtures("frozen_today")
class TestCalendar:
    def get_calendar(self, client):
        response = client.get("/events.ics")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        return Calendar.from_ical(response.content)

    def test_day_events_are_all_day_entries(self, client, make_event):
        festival = make_event(
            "Дни культуры Тореза",
            starts_on=D(2024, 6, 1),
            ends_on=D(2024, 6, 3),
            place="Алчевский центр культуры",
        )
        calendar = self.get_calendar(client)
        assert str(calendar["VERSION"]) == "2.0"
        (entry,) = calendar.walk("VEVENT")
        assert str(entry["SUMMARY"]) == "Дни культуры Тореза"
        assert entry.decoded("DTSTART") == D(2024, 6, 1)
        assert entry.decoded("DTEND") == D(2024, 6, 4)  # exclusive: the day after the last
        assert entry["DTSTART"].params.get("VALUE") == "DATE"
        assert str(entry["UID"]) == f"event-{festival.pk}@testserver"
        assert str(entry["LOCATION"]) == "Алчевский центр культуры"
        assert str(entry["URL"]) == f"http://testserver{festival.get_absolute_url()}"
        assert "DTSTAMP" in entry

    def test_month_and_year_events_hidden_and_old_events_are_left_out(self, client, make_event):
        make_event("Турнир", starts_on=D(2024, 7, 1), precision=Event.Precision.MONTH)
        make_event("Фестиваль года", starts_on=D(2024, 1, 1), precision=Event.Precision.YEAR)
        make_event("Скрытое", starts_on=D(2024, 6, 1), is_published=False)
        make_event("Давнее", starts_on=D(2019, 10, 29))
        make_event("Недавнее", starts_on=D(2024, 3, 1))
        summaries = [str(e["SUMMARY"]) for e in self.get_calendar(client).walk("VEVENT")]
        assert summaries == ["Недавнее"]

    def test_uid_stays_the_same_when_the_event_changes(self, client, make_event):
        event = make_event("Визит", starts_on=D(2024, 6, 1))
        first = str(self.get_calendar(client).walk("VEVENT")[0]["UID"])
        event.title = "Визит делегации"
        event.starts_on = D(2024, 6, 2)
        event.save()
        assert str(self.get_calendar(client).walk("VEVENT")[0]["UID"]) == first

    def test_todays_event_and_the_years_window_follow_the_moscow_date(
        self, client, make_event, frozen_today
    ):
        """At 23:30 UTC and at 00:30 Moscow time the UTC date is still yesterday's."""
        make_event("Сегодня", starts_on=frozen_today)
        make_event("Ровно год назад", starts_on=frozen_today - timedelta(days=PAST_DAYS))
        make_event("Год и день назад", starts_on=frozen_today - timedelta(days=PAST_DAYS + 1))
        entries = {str(e["SUMMARY"]): e for e in self.get_calendar(client).walk("VEVENT")}
        assert list(entries) == ["Ровно год назад", "Сегодня"]
        today = entries["Сегодня"]
        assert today["DTSTART"].to_ical() == b"20240515"
        assert today["DTEND"].to_ical() == b"20240516"
        assert today["DTSTART"].params.get("VALUE") == "DATE"
        assert today.decoded("DTSTAMP") == timezone.now()
