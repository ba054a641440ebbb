"""What search engines and social networks read: sitemap, structured data, meta tags."""

import datetime
import json

import lxml.etree
import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Article, Rubric, Tag
from partnerships.models import Agreement
from tests.support import page

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_urls(client):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    root = lxml.etree.fromstring(response.content)
    return [
        (
            url.findtext("sm:loc", namespaces=SITEMAP_NS),
            url.findtext("sm:lastmod", namespaces=SITEMAP_NS),
        )
        for url in root.findall("sm:url", namespaces=SITEMAP_NS)
    ]


def json_ld(tree) -> list[dict]:
    return [
        json.loads(script) for script in tree.xpath("//script[@type='application/ld+json']/text()")
    ]


def local_day(moment) -> str:
    return timezone.localtime(moment).date().isoformat()


def absolute(path):
    return f"http://testserver{path}"


@pytest.fixture
def published_content(press_release, twinning, make_article):
    draft = make_article("Черновик", status=Article.Status.DRAFT)
    scheduled = make_article(
        "Завтрашняя новость", publish_at=press_release.publish_at.replace(year=2999)
    )
    empty_rubric = Rubric.objects.create(name="Пустая рубрика", slug="pustaia")
    hidden = Agreement.objects.create(
        title="Проект соглашения", slug="proekt", summary="Проект.", is_published=False
    )
    return {"draft": draft, "scheduled": scheduled, "empty_rubric": empty_rubric, "hidden": hidden}


# -- sitemap.xml -----------------------------------------------------------------------------


def test_the_sitemap_lists_public_pages_only(client, press_release, twinning, published_content):
    locations = dict(sitemap_urls(client))

    expected = [
        reverse("news:home"),
        reverse("news:list"),
        press_release.get_absolute_url(),
        press_release.rubric.get_absolute_url(),
        twinning["agreement"].get_absolute_url(),
        twinning["event"].get_absolute_url(),
        twinning["torez"].get_absolute_url(),
    ]
    for path in expected:
        assert absolute(path) in locations, path
    hidden = [
        published_content["draft"].get_absolute_url(),
        published_content["scheduled"].get_absolute_url(),
        published_content["empty_rubric"].get_absolute_url(),
        published_content["hidden"].get_absolute_url(),
        reverse("portal:search"),
    ]
    for path in hidden:
        assert absolute(path) not in locations, path


def test_news_pages_in_the_sitemap_have_a_last_modification(
    near_midnight, client, press_release, make_article
):
    newer = make_article("Свежая новость")

    urls = sitemap_urls(client)

    news = [
        (loc, lastmod)
        for loc, lastmod in urls
        if "/partnerships/" not in loc and "/events/" not in loc
    ]
    assert news and all(loc and lastmod for loc, lastmod in news), news
    lastmod = dict(urls)
    # Saved on New Year's night: already 1 January in Moscow, still 31 December in UTC.
    assert lastmod[absolute("/")] == "2027-01-01" == local_day(newer.updated_at)
    rubric_url = absolute(press_release.rubric.get_absolute_url())
    assert lastmod[rubric_url] == "2027-01-01" == local_day(press_release.updated_at)


def test_every_url_in_the_sitemap_has_a_location_and_a_last_modification(
    client, press_release, twinning
):
    urls = sitemap_urls(client)

    missing = [loc for loc, lastmod in urls if not (loc and lastmod)]
    assert urls and missing == []


# -- structured data -------------------------------------------------------------------------


def test_the_article_page_describes_a_news_article_and_its_breadcrumbs(
    client, press_release, library_image
):
    press_release.lead_image = library_image("lead.jpg", width=1600, height=1000)
    press_release.lead_image_alt = "Подписание соглашения"
    press_release.save()
    press_release.tags.set([Tag.objects.create(name="побратимы")])
    url = absolute(press_release.get_absolute_url())

    [data] = json_ld(page(client.get(press_release.get_absolute_url())))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == press_release.title
    assert data["description"] == press_release.lead
    assert datetime.datetime.fromisoformat(data["datePublished"]) == press_release.publish_at
    assert datetime.datetime.fromisoformat(data["dateModified"]) >= press_release.publish_at
    assert data["author"] == {
        "@type": "Organization",
        "name": "Управление информационной политики",
        "url": absolute("/"),
    }
    assert data["publisher"]["@type"] == "GovernmentOrganization"
    assert data["publisher"]["name"] and data["publisher"]["url"] == absolute("/")
    assert data["image"] and all(image.startswith(absolute("/media/")) for image in data["image"])
    assert data["keywords"] == ["побратимы"]
    assert data["inLanguage"] == "ru"
    webpage = data["mainEntityOfPage"]
    assert webpage["@type"] == "WebPage" and webpage["@id"] == url
    crumbs = webpage["breadcrumb"]
    assert crumbs["@type"] == "BreadcrumbList"
    assert [item["position"] for item in crumbs["itemListElement"]] == [1, 2, 3, 4]
    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Главная",
        "Новости",
        "Партнёрство",
        press_release.title,
    ]
    assert crumbs["itemListElement"][-1]["item"] == url


def breadcrumb_names(data):
    assert data["@type"] == "BreadcrumbList"
    items = data["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    assert all(item["item"].startswith("http://testserver/") for item in items)
    return [item["name"] for item in items]


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("/news/", ["Главная", "Новости"]),
        ("/news/rubric/partnerstvo/", ["Главная", "Новости", "Партнёрство"]),
        ("/news/tag/pobratimy/", ["Главная", "Новости", "#побратимы"]),
        ("/news/2019/", ["Главная", "Новости", "2019"]),
        ("/news/2019/10/", ["Главная", "Новости", "2019", "Октябрь 2019"]),
    ],
)
def test_list_pages_give_their_breadcrumbs(client, press_release, path, names):
    press_release.tags.set([Tag.objects.create(name="побратимы", slug="pobratimy")])

    tree = page(client.get(path))

    [data] = json_ld(tree)
    assert breadcrumb_names(data) == names
    visible = [
        item.text_content().strip() for item in tree.xpath("//nav[@class='breadcrumbs']//li")
    ]
    assert visible == names


def test_the_home_page_describes_the_office_as_a_government_organization(client, press_release):
    from portal.models import SiteSettings

    site = SiteSettings.get_solo()
    site.city_name = "Алчевск"
    site.save()

    [data] = json_ld(page(client.get("/")))

    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] and data["areaServed"]
    assert data["url"] == absolute("/")


# -- meta tags -------------------------------------------------------------------------------


def test_article_page_cards_for_social_networks(client, press_release, library_image):
    press_release.lead_image = library_image("lead.jpg", width=1600, height=1000)
    press_release.lead_image_alt = "Подписание соглашения"
    press_release.save()

    tree = page(client.get(press_release.get_absolute_url()))

    def meta(attribute, name):
        return tree.xpath(f"//meta[@{attribute}='{name}']/@content")

    assert meta("name", "twitter:card") == ["summary_large_image"]
    assert meta("name", "twitter:title") == [press_release.title]
    assert meta("name", "twitter:description") == [press_release.lead]
    assert meta("name", "twitter:image") == meta("property", "og:image")
    assert meta("name", "twitter:image")[0].startswith(absolute("/media/"))
    assert meta("name", "twitter:image:alt") == ["Подписание соглашения"]
    assert meta("property", "og:description") == [press_release.lead]
    assert meta("name", "description") == [press_release.lead]
    assert tree.xpath("//link[@rel='canonical']/@href") == [
        absolute(press_release.get_absolute_url())
    ]
    assert tree.xpath("/html/@lang") == ["ru"]


def test_an_article_without_a_picture_gets_a_small_card(client, press_release):
    tree = page(client.get(press_release.get_absolute_url()))

    assert tree.xpath("//meta[@name='twitter:card']/@content") == ["summary"]
    assert tree.xpath("//meta[@name='twitter:image']") == []


def test_every_page_points_to_its_feeds(client, press_release):
    tree = page(client.get(reverse("portal:search")))

    feeds = tree.xpath("//head/link[@rel='alternate']/@type")
    assert "application/rss+xml" in feeds and "application/atom+xml" in feeds
    assert tree.xpath(f"//footer//a[@href='{reverse('portal:feeds')}']")
