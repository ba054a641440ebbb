"""The public pages as a reader sees them."""

import json
from datetime import timedelta

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Rubric
from portal.models import SiteSettings
from tests.support import card_titles, page, sitemap_locations


@pytest.fixture
def press_release(make_illustrated_article, department, signing_day):
    return make_illustrated_article(
        "Алчевск стал городом-побратимом Тореза",
        lead="Глава Администрации подписала соглашение о побратимских связях.",
        body="<p>Договор предусматривает сотрудничество в сфере культуры.</p>",
        department=department,
        tags=("побратимы", "Торез"),
        photos=2,
        publish_at=signing_day.replace(hour=10),
    )


def section_titles(tree, section_id: str) -> list[str]:
    section = tree.xpath(f"//section[@aria-labelledby='{section_id}']")[0]
    return card_titles(section)


def test_home_shows_featured_news_first_and_then_the_latest(client, make_article, signing_day):
    featured = make_article(
        "Главная новость недели", featured=True, publish_at=signing_day - timedelta(days=3)
    )
    latest = [
        make_article(f"Новость {number}", publish_at=signing_day - timedelta(hours=number))
        for number in range(1, 8)
    ]

    tree = page(client.get(reverse("news:home")))

    assert section_titles(tree, "featured-title") == [featured.title]
    assert section_titles(tree, "latest-title") == [article.title for article in latest[:6]]
    assert tree.xpath("//a[@href='/news/']")


def test_home_without_news_says_so(client, db):
    tree = page(client.get(reverse("news:home")))

    assert card_titles(tree) == []
    assert "Новостей пока нет." in tree.text_content()


@pytest.fixture
def forty_five_articles(make_article, signing_day):
    return [
        make_article(f"Новость номер {number}", publish_at=signing_day - timedelta(hours=number))
        for number in range(1, 46)
    ]


@pytest.mark.parametrize(
    ("query", "first", "count"),
    [
        ("", 1, 20),
        ("?page=1", 1, 20),
        ("?page=2", 21, 20),
        ("?page=3", 41, 5),
        ("?page=abc", 1, 20),
        ("?page=²", 1, 20),
        ("?page=-2", 1, 20),
    ],
)
def test_news_list_has_twenty_articles_a_page(client, forty_five_articles, query, first, count):
    titles = card_titles(page(client.get(reverse("news:list") + query)))

    assert titles == [f"Новость номер {number}" for number in range(first, first + count)]


@pytest.mark.parametrize(
    "query", ["?page=4", "?page=9999", "?page=1000000", "?page=" + "9" * 5000]
)
def test_news_list_page_past_the_end_is_404(client, forty_five_articles, query):
    assert client.get(reverse("news:list") + query).status_code == 404


def test_news_list_links_to_the_next_and_previous_pages(client, forty_five_articles):
    tree = page(client.get(reverse("news:list") + "?page=2"))

    assert tree.xpath("//a[@rel='next']/@href") == ["?page=3"]
    assert tree.xpath("//a[@rel='prev']/@href") == ["?page=1"]


def test_article_page_shows_everything_about_the_article(
    client, press_release, make_article, signing_day
):
    related = make_article("Соседняя новость рубрики", publish_at=signing_day - timedelta(days=2))

    tree = page(client.get(press_release.get_absolute_url()))

    article = tree.xpath("//article[contains(@class, 'article')]")[0]
    assert article.xpath("string(.//h1)").strip() == press_release.title
    assert press_release.lead in article.xpath("string(.//*[@class='article__lead'])")
    assert "Договор предусматривает сотрудничество" in article.xpath(
        "string(.//*[contains(@class, 'article__body')])"
    )
    assert article.xpath("string(.//time)").startswith("29 октября 2019")
    assert article.xpath(".//time/@datetime")[0].startswith("2019-10-29T10:00:00")
    assert article.xpath(".//figure[contains(@class, 'article__figure')]//img/@alt") == [
        press_release.lead_image_alt
    ]
    assert article.xpath(".//*[contains(@class, 'gallery')]//img/@alt") == [
        "Фотография 1",
        "Фотография 2",
    ]
    assert article.xpath(f".//a[@href='{press_release.rubric.get_absolute_url()}']/text()") == [
        "Общество"
    ]
    assert sorted(article.xpath(".//a[contains(@class, 'tag')]/text()")) == [
        "#Торез",
        "#побратимы",
    ]
    assert (
        article.xpath("string(.//*[@class='article__byline'])")
        == "Управление информационной политики"
    )
    assert card_titles(tree.xpath("//section[@aria-labelledby='related-title']")[0]) == [
        related.title
    ]


def test_related_news_prefers_shared_tags_and_leaves_out_drafts(
    client, make_illustrated_article, make_article, signing_day
):
    article = make_illustrated_article("Фестиваль побратимов", tags=("побратимы",), photos=0)
    other_rubric = Rubric.objects.create(name="Культура", slug="kultura")
    sharing_a_tag = make_illustrated_article(
        "Делегация Тореза в Алчевске",
        tags=("побратимы",),
        photos=0,
        rubric=other_rubric,
        publish_at=signing_day - timedelta(days=30),
    )
    same_rubric = make_article(
        "Новость той же рубрики", publish_at=signing_day - timedelta(days=1)
    )
    make_article("Черновик той же рубрики", status="draft")
    make_article("Чужая рубрика без общих меток", rubric=other_rubric)

    tree = page(client.get(article.get_absolute_url()))

    related = tree.xpath("//section[@aria-labelledby='related-title']")[0]
    assert card_titles(related) == [sharing_a_tag.title, same_rubric.title]


def test_dates_are_written_in_russian_on_lists(client, press_release):
    tree = page(client.get(reverse("news:list")))

    assert tree.xpath("string(//article[@class='card']//time)") == "29 октября 2019"


def test_rubric_page_lists_only_its_articles(client, make_article, rubric):
    culture = Rubric.objects.create(name="Культура", slug="kultura", description="Театры и музеи.")
    make_article("Новость общества")
    make_article("Премьера в театре", rubric=culture)

    tree = page(client.get(culture.get_absolute_url()))

    assert card_titles(tree) == ["Премьера в театре"]
    assert tree.xpath("string(//h1)") == "Культура"
    assert "Театры и музеи." in tree.text_content()


def test_tag_page_lists_only_tagged_articles(client, make_article, tag):
    tagged = make_article("Новость с меткой")
    tagged.tags.add(tag)
    make_article("Новость без метки")

    tree = page(client.get(tag.get_absolute_url()))

    assert card_titles(tree) == ["Новость с меткой"]
    assert "побратимы" in tree.xpath("string(//h1)")


def test_year_and_month_archives_list_the_news_of_their_period(client, make_article, signing_day):
    october = make_article("Октябрьская новость", publish_at=signing_day)
    september = make_article("Сентябрьская новость", publish_at=signing_day - timedelta(days=40))
    make_article("Прошлогодняя новость", publish_at=signing_day - timedelta(days=400))

    year = page(client.get(reverse("news:archive-year", args=[2019])))
    month = page(client.get(reverse("news:archive-month", args=[2019, 10])))

    assert card_titles(year) == [october.title, september.title]
    assert card_titles(month) == [october.title]
    assert month.xpath("string(//h1)") == "Новости: Октябрь 2019"
    assert month.xpath("//a[@href='/news/2019/09/']")


@pytest.mark.parametrize("url", ["/news/2019/", "/news/2019/10/"])
def test_year_and_month_archives_show_the_sidebars_rubrics_and_years(
    client, make_article, rubric, signing_day, url
):
    make_article("Октябрьская новость", publish_at=signing_day)
    make_article("Прошлогодняя новость", publish_at=signing_day - timedelta(days=400))

    sidebar = page(client.get(url)).xpath("//aside[contains(@class, 'sidebar')]")[0]

    assert sidebar.xpath(".//h2[1]/following-sibling::ul[1]//a/text()") == [rubric.name]
    assert sidebar.xpath(".//ul[contains(@class, 'archive-years')]//a/text()") == ["2019", "2018"]


@pytest.mark.parametrize(
    "url",
    [
        "/news/net-takoi-novosti/",
        "/news/rubric/net-takoi-rubriki/",
        "/news/tag/net-takoi-metki/",
        "/news/2001/",
        "/news/2019/13/",
        "/net-takoi-stranitsy/",
    ],
)
def test_unknown_addresses_get_the_friendly_404_page(client, settings, press_release, url):
    settings.DEBUG = False

    response = client.get(url)

    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    tree = lxml.html.fromstring(response.content.decode())
    assert tree.xpath("//html/@lang") == ["ru"]
    assert tree.xpath("//header[contains(@class, 'site-header')]")
    assert tree.xpath("//main//a[@href='/']")


def test_robots_txt_points_to_the_sitemap_and_keeps_robots_out_of_the_admin(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert f"Disallow: {reverse('admin:index')}" in lines


def test_sitemap_lists_public_articles_and_rubrics_with_lastmod(
    client, press_release, make_article
):
    draft = make_article("Черновик", status="draft")

    locations = sitemap_locations(client.get(reverse("sitemap")))

    article_url = f"http://testserver{press_release.get_absolute_url()}"
    assert locations[article_url]
    assert (
        locations[article_url] == timezone.localtime(press_release.updated_at).date().isoformat()
    )
    assert "http://testserver/news/rubric/obshchestvo/" in locations
    assert "http://testserver/news/" in locations
    assert f"http://testserver{draft.get_absolute_url()}" not in locations


def test_article_page_metadata_for_search_engines_and_social_networks(client, press_release):
    tree = page(client.get(press_release.get_absolute_url()))

    url = f"http://testserver{press_release.get_absolute_url()}"
    assert tree.xpath("//html/@lang") == ["ru"]
    assert tree.xpath("//link[@rel='canonical']/@href") == [url]
    assert tree.xpath("//meta[@property='og:title']/@content") == [press_release.title]
    assert tree.xpath("//meta[@property='og:url']/@content") == [url]
    assert tree.xpath("//meta[@property='og:image']/@content")[0].startswith(
        "http://testserver/media/"
    )
    assert tree.xpath("//meta[@name='description']/@content") == [press_release.lead]


def test_article_page_structured_data_is_a_news_article(client, press_release):
    tree = page(client.get(press_release.get_absolute_url()))

    [script] = tree.xpath("//script[@type='application/ld+json']/text()")
    data = json.loads(script)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == press_release.title
    assert data["datePublished"].startswith("2019-10-29T07:00:00")
    assert data["publisher"]["name"] == SiteSettings.get_solo().office_name
    assert data["author"]["name"] == "Управление информационной политики"
    assert data["image"][0].startswith("http://testserver/media/")


def test_structured_data_cannot_be_broken_out_of(client, make_article):
    article = make_article('Заголовок </script><script>alert(1)</script> с "кавычками"')

    tree = page(client.get(article.get_absolute_url()))

    [script] = tree.xpath("//script[@type='application/ld+json']/text()")
    assert json.loads(script)["headline"] == article.title
    assert tree.xpath("//script[not(@type='application/ld+json')]") == []


@pytest.mark.parametrize("name", ["home", "list"])
def test_list_pages_have_canonical_addresses_and_lang(client, press_release, name):
    tree = page(client.get(reverse(f"news:{name}")))

    assert tree.xpath("//html/@lang") == ["ru"]
    assert tree.xpath("//link[@rel='canonical']/@href") == [
        f"http://testserver{reverse(f'news:{name}')}"
    ]
    assert tree.xpath("//meta[@property='og:title']/@content")


def test_site_settings_name_the_city_and_office_on_every_page(client, press_release):
    site = SiteSettings.get_solo()
    site.city_name = "Торез"
    site.office_name = "Пресс-служба города Тореза"
    site.save()

    tree = page(client.get(press_release.get_absolute_url()))

    assert tree.xpath("string(//*[@class='brand__city'])") == "Торез"
    assert "Пресс-служба города Тореза" in tree.xpath("string(//title)")
    assert (
        json.loads(tree.xpath("//script[@type='application/ld+json']/text()")[0])["publisher"][
            "name"
        ]
        == "Пресс-служба города Тореза"
    )
