"""Hostile text in every field that reaches a feed, JSON-LD or a meta tag.

Plain text stays text (escaped where it is read as HTML), rich text arrives sanitised, and
characters XML 1.0 forbids never break a feed: they are removed when saved and, for rows
stored before that, again when a feed is written.
"""

import datetime
import io
import json

import lxml.etree
import lxml.html
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import CharField, TextField
from django.db.models.signals import pre_save
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from news.models import Article, Department, Rubric, Tag
from partnerships.models import Agreement, Area, Event, Partner
from portal.cache import invalidate_content
from portal.models import SiteSettings
from tests.security.inert import problems
from tests.support import feed

pytestmark = pytest.mark.django_db

MARKUP = "<img src=x onerror=alert(document.domain)></script><script>alert(1)</script>]]>"
SHOWN = "<img src=x onerror=alert(document.domain)>"  # what a reader must see, as text
FORBIDDEN = "\x00\x01\x08\x0b\x0c\x0e\x1f\ufffe\uffff\ud800"
STORABLE_FORBIDDEN = "\x0b\x01\x1f\ufffe"  # what a database accepts, to fake old rows

CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
YANDEX_FULL_TEXT = "{http://news.yandex.ru}full-text"
ATOM = "{http://www.w3.org/2005/Atom}"


def hostile(label):
    return f"{label} {MARKUP}"


@pytest.fixture
def hostile_content(library_image):
    site = SiteSettings.get_solo()
    site.office_name = hostile("Управление")
    site.city_name = hostile("Город")
    site.save()
    rubric = Rubric.objects.create(name=hostile("Рубрика"), slug="rubrika")
    article = Article.objects.create(
        title=hostile("Заголовок"),
        lead=hostile("Лид"),
        body=f"<p>Текст новости.</p>{MARKUP}",
        lead_image=library_image("lead.jpg"),
        lead_image_alt=hostile('Фото "главы"'),
        lead_image_caption=hostile("Подпись"),
        rubric=rubric,
        department=Department.objects.create(name=hostile("Отдел")),
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(hours=1),
    )
    article.tags.add(Tag.objects.create(name=hostile("Метка")))
    agreement = Agreement.objects.create(
        title=hostile("Соглашение"),
        summary=hostile("Кратко"),
        body=f"<p>Текст соглашения.</p>{MARKUP}",
        kind=Agreement.Kind.COOPERATION,
        status=Agreement.Status.IN_FORCE,
        signed_on=datetime.date(2019, 10, 29),
        is_published=True,
    )
    agreement.articles.add(article)
    agreement.partners.add(
        Partner.objects.create(name=hostile("Побратим"), region=hostile("Край"))
    )
    event = Event.objects.create(
        title=hostile("Событие"),
        place=hostile("Место"),
        summary=hostile("Итог"),
        description=f"<p>Описание.</p>{MARKUP}",
        starts_on=timezone.localdate() + datetime.timedelta(days=10),
        agreement=agreement,
        is_published=True,
    )
    event.areas.add(Area.objects.create(name=hostile("Сфера")))
    return article, agreement, event


def xml_feeds(article, agreement):
    return {
        "news RSS": reverse("news:rss"),
        "news Atom": reverse("news:atom"),
        "rubric RSS": reverse("news:rubric-rss", args=[article.rubric.slug]),
        "rubric Atom": reverse("news:rubric-atom", args=[article.rubric.slug]),
        "events RSS": reverse("partnerships:event-rss"),
        "agreement RSS": reverse("partnerships:agreement-rss", args=[agreement.slug]),
        "Yandex RSS": reverse("news:yandex-rss"),
        "Dzen RSS": reverse("news:dzen-rss"),
    }


def html_fields(root) -> list[str]:
    """The texts of a feed that readers treat as HTML, as they read them (Yandex's full text
    is text, escaped in case a reader takes it for HTML)."""
    paths = ["channel/description", "channel/item/description", f"channel/item/{CONTENT_ENCODED}"]
    paths += [f"channel/item/{YANDEX_FULL_TEXT}"]
    paths += [f"{ATOM}entry/{ATOM}summary", f"{ATOM}entry/{ATOM}content"]
    return [element.text or "" for path in paths for element in root.findall(path)]


def test_every_feed_shows_hostile_text_as_text(client, subtests, hostile_content):
    article, agreement, _event = hostile_content
    for name, url in xml_feeds(article, agreement).items():
        with subtests.test(feed=name):
            response = client.get(url)
            root = lxml.etree.fromstring(response.content)  # well-formed XML
            parsed = feed(response)
            fields = html_fields(root)
            assert fields, "the feed has descriptions and full texts"
            for html in fields:
                assert not problems(html), html
            shown = [
                lxml.html.fragment_fromstring(html, create_parent="div").text_content()
                for html in fields
            ]
            assert all(SHOWN in text for text in shown), shown
            assert all(MARKUP in entry.title for entry in parsed.entries)


def test_the_lead_image_of_a_hostile_article_keeps_its_alt_text_as_text(client, hostile_content):
    root = lxml.etree.fromstring(client.get(reverse("news:rss")).content)
    content = root.find(f"channel/item/{CONTENT_ENCODED}").text

    image = lxml.html.fragment_fromstring(content, create_parent="div").xpath("//img")[0]
    assert image.get("alt") == hostile('Фото "главы"')
    assert set(image.attrib) == {"src", "alt"}


def test_the_calendar_keeps_hostile_text_as_text(client, hostile_content):
    _article, _agreement, event = hostile_content
    for url in (
        reverse("partnerships:event-ics"),
        reverse("partnerships:event-calendar", args=[event.slug]),
    ):
        (entry,) = Calendar.from_ical(client.get(url).content).walk("VEVENT")
        assert str(entry["SUMMARY"]) == event.title
        assert str(entry["LOCATION"]) == event.place


def test_pages_keep_hostile_text_out_of_markup_json_ld_and_meta_tags(
    client, subtests, hostile_content
):
    article, agreement, event = hostile_content
    partner = agreement.partners.get()
    pages = {
        "home": (reverse("news:home"), None),
        "news list": (reverse("news:list"), None),
        "article": (article.get_absolute_url(), article.title),
        "rubric": (article.rubric.get_absolute_url(), None),
        "agreement": (agreement.get_absolute_url(), agreement.title),
        "events": (reverse("partnerships:event-list"), None),
        "partners": (reverse("partnerships:partner-list"), None),
        "partner": (partner.get_absolute_url(), partner.name),
        "event": (event.get_absolute_url(), event.title),
        "feeds": ("/feeds/", None),
    }
    for name, (url, title) in pages.items():
        with subtests.test(page=name):
            response = client.get(url)
            assert response.status_code == 200
            tree = lxml.html.fromstring(response.content.decode())
            handlers = [
                (element.tag, attribute)
                for element in tree.iter()
                if isinstance(element.tag, str)
                for attribute in element.attrib
                if attribute.lower().startswith("on")
            ]
            assert handlers == []
            scripts = tree.xpath("//script")
            assert response.content.count(b"<script") == len(scripts)  # none broke out
            for script in scripts:
                assert script.get("type") == "application/ld+json", lxml.html.tostring(script)
                assert "</script" not in script.text
                json.loads(script.text)
            if title:
                assert tree.xpath("//meta[@property='og:title']/@content") == [title]
            if title and name in {"article", "event"}:  # the pages with JSON-LD of their own
                data = [json.loads(script.text) for script in scripts]
                assert any(title in json.dumps(item, ensure_ascii=False) for item in data)


def every_text_field():
    for model in apps.get_models():
        if model._meta.app_label in {"portal", "news", "partnerships"}:
            for field in model._meta.concrete_fields:
                if isinstance(field, CharField | TextField):
                    yield model, field


def test_every_text_field_of_our_models_is_saved_without_forbidden_characters():
    fields = list(every_text_field())
    assert len(fields) > 40
    for model, field in fields:
        instance = model()
        setattr(instance, field.attname, f"первая{FORBIDDEN}вторая")
        pre_save.send(sender=model, instance=instance, raw=False, using="default")
        separator = "\n" if isinstance(field, TextField) else " "
        assert getattr(instance, field.attname) == f"первая{separator * 2}вторая", field


def test_saved_text_and_rich_text_lose_forbidden_characters(make_article):
    article = make_article(
        f"Заголовок\x0bс переносом{FORBIDDEN}",
        lead="Лид\x0bс переносом строки",
        body="<p>Текст&#11;с&#1;переносом\x0b\x01</p>",
    )
    article.refresh_from_db()

    assert article.title == "Заголовок с переносом  "
    assert article.lead == "Лид\nс переносом строки"
    assert article.body == "<p>Текст\nспереносом\n</p>"


def test_rows_stored_with_forbidden_characters_do_not_break_any_feed(
    client, subtests, hostile_content
):
    article, agreement, event = hostile_content
    bad = f"Строка{STORABLE_FORBIDDEN}конец"
    Article.objects.filter(pk=article.pk).update(
        title=bad, lead=bad, body=f"<p>{bad}</p>", lead_image_alt=bad
    )
    Rubric.objects.filter(pk=article.rubric_id).update(name=bad)
    Agreement.objects.filter(pk=agreement.pk).update(title=bad, summary=bad)
    Event.objects.filter(pk=event.pk).update(title=bad, place=bad, summary=bad)
    Area.objects.update(name=bad)
    SiteSettings.objects.update(office_name=bad, city_name=bad)
    invalidate_content()

    for name, url in xml_feeds(article, agreement).items():
        with subtests.test(feed=name):
            response = client.get(url)
            lxml.etree.fromstring(response.content)
            parsed = feed(response)
            assert parsed.entries
            for entry in parsed.entries:
                assert entry.title.split()[:2] == ["Строка", "конец"], entry.title
    for url in (
        reverse("partnerships:event-ics"),
        reverse("partnerships:event-calendar", args=[event.slug]),
    ):
        with subtests.test(calendar=url):
            response = client.get(url)
            assert response.status_code == 200
            (entry,) = Calendar.from_ical(response.content).walk("VEVENT")
            assert str(entry["SUMMARY"]).split() == ["Строка", "конец"]


def test_a_name_that_differs_only_by_forbidden_characters_is_refused_politely(
    editor_client, rubric
):
    response = editor_client.post(
        reverse("admin:news_rubric_add"),
        {"name": f"{rubric.name}\x01\ufffe", "slug": "drugaya", "description": "", "order": 0},
    )

    assert response.status_code == 200  # the form again, with the error
    assert response.context["adminform"].form.errors["name"]
    assert Rubric.objects.count() == 1


def test_the_admin_saves_text_without_forbidden_characters(editor_client, db):
    response = editor_client.post(
        reverse("admin:news_rubric_add"),
        {
            "name": "Культура\x0bи спорт",
            "slug": "kultura",
            "description": "Строка\x0bдругая",
            "order": 0,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    rubric = Rubric.objects.get(slug="kultura")
    assert (rubric.name, rubric.description) == ("Культура и спорт", "Строка\nдругая")


def test_an_event_described_only_in_rich_text_has_plain_text_in_its_json_ld(client, db):
    event = Event.objects.create(
        title="Товарищеский матч",
        starts_on=datetime.date(2019, 10, 29),
        description="<p>Счёт 2 &lt; 3 &amp; ничья</script></p>",
        is_published=True,
    )
    tree = lxml.html.fromstring(client.get(event.get_absolute_url()).content.decode())

    # The Event comes first; the page's BreadcrumbList follows it.
    script = tree.xpath("//script[@type='application/ld+json']")[0]
    assert json.loads(script.text)["description"] == "Счёт 2 < 3 & ничья"
    assert "<" not in script.text


def test_the_paragraphs_of_an_event_description_stay_apart_in_its_json_ld(client, db):
    event = Event.objects.create(
        title="Товарищеский матч",
        starts_on=datetime.date(2019, 10, 29),
        description="<p>Первый тайм.</p><p>Второй тайм.</p>",
        is_published=True,
    )
    tree = lxml.html.fromstring(client.get(event.get_absolute_url()).content.decode())

    # The Event comes first; the page's BreadcrumbList follows it.
    script = tree.xpath("//script[@type='application/ld+json']")[0]
    assert json.loads(script.text)["description"] == "Первый тайм. Второй тайм."


IMPORTED_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Старый сайт</title><link>http://old.example.test/</link><description>Архив</description>
<item>
  <title>Заголовок&amp;#1;с кодом</title>
  <guid isPermaLink="false">old-1</guid>
  <pubDate>Tue, 29 Oct 2019 11:30:00 +0000</pubDate>
  <description>Пример кода: &lt;code&gt;&amp;lt;img src=x onerror=alert(1)&amp;gt;&lt;/code&gt;&amp;#11;конец</description>
  <content:encoded><![CDATA[<p>Текст&#11;с&#1;переносом</p>]]></content:encoded>
</item>
</channel></rss>
"""


def test_imported_text_is_clean_and_a_quoted_tag_stays_text_in_the_feed(client, tmp_path, rubric):
    source = tmp_path / "old.xml"
    source.write_text(IMPORTED_RSS, "utf-8")
    call_command(
        "import_news", str(source), "--rubric", rubric.slug, "--no-images", stdout=io.StringIO()
    )

    article = Article.objects.get(import_guid="old-1")
    assert article.title == "Заголовокс кодом"
    assert article.lead == "Пример кода: <img src=x onerror=alert(1)> конец"
    assert article.body == "<p>Текст\nспереносом</p>"
    root = lxml.etree.fromstring(client.get(reverse("news:rss")).content)
    description = root.findtext("channel/item/description")
    assert not problems(description)
    shown = lxml.html.fragment_fromstring(description, create_parent="div").text_content()
    assert shown == article.lead
