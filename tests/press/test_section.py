"""The press section's page: upcoming announcements by Moscow time, press contacts, the
link to the form; cached, and the cache learns when an announcement becomes past."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Event
from press.hooks import next_announcement_change
from tests.clock import MOSCOW
from tests.support import page

pytestmark = pytest.mark.django_db

SECTION = "/press/"


def titles(tree):
    return [h.text_content().strip() for h in tree.xpath("//*[@class='announcement__title']")]


def moscow(day, hour=10, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), MOSCOW)


def test_the_section_is_linked_from_every_pages_footer_and_the_site_map(client):
    home = page(client.get("/"))
    [link] = home.xpath(f"//footer//a[@href='{SECTION}']")
    assert link.text_content().strip() == "Для СМИ"
    site_map = page(client.get("/sitemap/"))
    assert site_map.xpath(f"//a[@href='{reverse('press:accreditation')}']")
    assert SECTION.encode() not in client.get("/sitemap.xml").content  # nothing to show yet


def test_the_section_is_in_the_sitemap_once_it_has_content(client, make_announcement):
    make_announcement()
    assert b"/press/</loc>" in client.get("/sitemap.xml").content
    assert b"/press/releases/</loc>" not in client.get("/sitemap.xml").content


def test_upcoming_published_announcements_soonest_first(client, make_announcement):
    later = make_announcement("Брифинг", in_=datetime.timedelta(days=5))
    sooner = make_announcement("Пресс-подход", in_=datetime.timedelta(days=1))
    make_announcement("Черновик анонса", is_published=False)
    make_announcement("Прошедший брифинг", in_=-datetime.timedelta(days=2))
    tree = page(client.get(SECTION))
    assert titles(tree) == [sooner.title, later.title]
    text = tree.text_content()
    assert "Ольга Медведева" in text and "+7 (857) 422-01-15" in text
    [link] = tree.xpath(
        f"//*[@id='announcement-{sooner.pk}']//a[contains(@href, 'accreditation')]"
    )
    assert link.get("href") == f"{reverse('press:accreditation')}?announcement={sooner.pk}"


def test_an_announcement_of_today_is_listed_until_moscow_midnight(
    client, make_announcement, near_midnight
):
    today = timezone.localdate()
    assert today == near_midnight.astimezone(MOSCOW).date()
    make_announcement("Сегодняшний брифинг", starts_at=moscow(today, 0, 10))
    make_announcement(
        "Вчерашний брифинг", starts_at=moscow(today - datetime.timedelta(days=1), 23, 50)
    )
    tree = page(client.get(SECTION))
    assert titles(tree) == ["Сегодняшний брифинг"]
    # Begun: listed, but no longer takes requests.
    assert "закрыта" in tree.xpath("//*[@class='announcement']")[0].text_content()


def test_the_page_cache_learns_when_an_announcement_becomes_past(
    client, make_announcement, near_midnight
):
    today = timezone.localdate()
    make_announcement("Сегодняшний брифинг", starts_at=moscow(today, 0, 10))
    assert next_announcement_change() == moscow(today + datetime.timedelta(days=1), 0, 0)
    assert titles(page(client.get(SECTION))) == ["Сегодняшний брифинг"]
    assert client.get(SECTION).headers["X-Cache"] == "hit"
    with time_machine.travel(moscow(today + datetime.timedelta(days=1), 0, 1), tick=False):
        assert titles(page(client.get(SECTION))) == []


def test_the_next_deadline_is_scheduled_before_midnight(make_announcement, time_machine):
    # Noon in Moscow: the deadline an hour away comes before the coming midnight (the test
    # failed when CI ran it after 23:00 Moscow time, with the deadline past midnight).
    time_machine.move_to(moscow(datetime.date(2026, 12, 4), 12, 0), tick=False)
    deadline = timezone.now() + datetime.timedelta(hours=1)
    make_announcement(accreditation_until=deadline)
    assert next_announcement_change() == deadline


def test_a_deadline_after_midnight_is_scheduled_after_the_midnight(
    make_announcement, time_machine
):
    time_machine.move_to(moscow(datetime.date(2026, 12, 4), 23, 30), tick=False)
    make_announcement(accreditation_until=timezone.now() + datetime.timedelta(hours=1))
    assert next_announcement_change() == moscow(datetime.date(2026, 12, 5), 0, 0)


def test_nothing_upcoming_schedules_nothing(make_announcement):
    make_announcement(in_=-datetime.timedelta(days=3))
    assert next_announcement_change() is None


def test_press_contacts_are_shown_on_the_section(client, press_office):
    tree = page(client.get(SECTION))
    [block] = tree.xpath("//*[@id='press-contacts']")
    text = block.text_content()
    assert "Пресс-секретарь главы города" in text
    assert block.xpath("//a[@href='mailto:press@alchevsk.example']")


def test_editing_an_announcement_shows_at_once(client, make_announcement):
    announcement = make_announcement("Брифинг")
    client.get(SECTION)
    assert client.get(SECTION).headers["X-Cache"] == "hit"
    announcement.title = "Брифинг перенесён"
    announcement.save()
    assert titles(page(client.get(SECTION))) == ["Брифинг перенесён"]


def test_links_to_a_public_event_and_article_only(client, make_announcement, make_article):
    event = Event.objects.create(
        title="Фестиваль побратимов",
        slug="festival",
        starts_on=timezone.localdate() + datetime.timedelta(days=3),
        place="Торез",
        is_published=True,
    )
    article = make_article("Фестиваль откроется в субботу")
    announcement = make_announcement(event=event, article=article)
    tree = page(client.get(SECTION))
    box = tree.xpath(f"//*[@id='announcement-{announcement.pk}']")[0]
    assert box.xpath(f".//a[@href='{event.get_absolute_url()}']")
    assert box.xpath(f".//a[@href='{article.get_absolute_url()}']")
    event.is_published = False
    event.save()
    article.status = article.Status.DRAFT
    article.save()
    box = page(client.get(SECTION)).xpath(f"//*[@id='announcement-{announcement.pk}']")[0]
    assert not box.xpath(".//*[@class='announcement__links']")


def test_plain_text_is_escaped(client, make_announcement):
    make_announcement("<b>Брифинг</b>", description="<script>alert(1)</script>\nВторая строка")
    response = client.get(SECTION)
    assert b"<script>alert(1)</script>" not in response.content
    assert b"<b>" not in response.content.split(b"<main")[-1]
    assert "&lt;script&gt;" in response.content.decode()


def test_the_section_asks_the_same_queries_for_many_announcements(
    client, make_announcement, make_release, press_office, django_assert_max_num_queries
):
    make_announcement("Первый")
    make_release("Первый релиз")
    with django_assert_max_num_queries(20) as few:
        client.get(SECTION)
    for number in range(8):
        make_announcement(f"Анонс {number}", in_=datetime.timedelta(days=number + 1))
        make_release(f"Релиз {number}", slug=f"reliz-{number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(SECTION)
    assert response.headers["X-Cache"] == "miss"
    assert len(titles(page(response))) == 9
