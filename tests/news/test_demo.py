"""``manage.py demo_content``: the press release verbatim and a believable month of news.

The tests read the demo loaded once for the run (``demo_content``, tests/conftest.py); those of
the loading load it again on top.
"""

import io
from pathlib import Path

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from news.models import Article, Department, GalleryPhoto, Rubric, Tag
from portal.demo_drawing import SCENES
from tests.support import card_titles, page

PRESS_RELEASE = (
    Path(__file__).resolve().parents[2] / "news" / "demo_data" / "press-release-twinning.ru.txt"
)


def news_counts() -> dict[str, int]:
    return {
        "articles": Article.objects.count(),
        "public": Article.objects.published().count(),
        "scheduled": Article.objects.scheduled().count(),
        "rubrics": Rubric.objects.count(),
        "tags": Tag.objects.count(),
        "article tags": Article.tags.through.objects.count(),
        "departments": Department.objects.count(),
        "gallery photos": GalleryPhoto.objects.count(),
        "editors": get_user_model().objects.filter(is_staff=True).count(),
    }


@pytest.fixture
def press_release_text() -> list[str]:
    return [
        line.strip()
        for line in PRESS_RELEASE.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


@pytest.fixture
def press_release(demo_content, press_release_text):
    return Article.objects.get(title=press_release_text[0])


def test_loading_the_demo_twice_changes_nothing(demo_content):
    after_first_load = news_counts()

    call_command("demo_content", stdout=io.StringIO())

    assert news_counts() == after_first_load
    assert after_first_load["articles"] > 0


def test_the_press_release_is_published_verbatim(press_release, press_release_text):
    title, *paragraphs, byline = press_release_text

    body = lxml.html.fragment_fromstring(press_release.body, create_parent="div")
    published_paragraphs = [press_release.lead] + [p.text_content() for p in body.xpath("p")]

    assert press_release.title == title
    assert published_paragraphs == paragraphs
    assert press_release.department.name == byline == "Управление информационной политики"


def test_the_press_release_is_public_and_dated_the_day_after_the_signing(press_release):
    assert press_release.is_public
    assert timezone.localtime(press_release.publish_at).date().isoformat() == "2019-10-30"
    assert press_release.lead_image and press_release.lead_image_alt


def test_the_press_release_is_on_the_home_page(client, press_release):
    assert press_release.title in card_titles(page(client.get(reverse("news:home"))))


def test_the_press_release_page_shows_the_text_and_the_byline(
    client, press_release, press_release_text
):
    tree = page(client.get(press_release.get_absolute_url()))

    text = " ".join(tree.xpath("string(//article)").split())
    for paragraph in press_release_text[1:]:
        assert " ".join(paragraph.split()) in text


def test_there_are_at_least_thirty_further_articles_in_several_rubrics(
    demo_content, press_release
):
    others = Article.objects.exclude(pk=press_release.pk)

    assert others.count() >= 30
    assert others.values("rubric").distinct().count() >= 4
    assert not others.filter(lead_image=None).exists()
    assert not others.filter(lead="").exists()


def test_the_pictures_are_scenes_of_their_news_described_as_drawn(
    client, demo_content, press_release
):
    """Each lead image is a drawn scene whose alt text says what it shows; the press release
    shows the signing at the forum, and no two rubrics get one picture."""
    scene_alts = {scene.alt for scene in SCENES.values()}
    alts = dict(Article.objects.values_list("title", "lead_image_alt"))

    assert all(alt.split(", надпись")[0] in scene_alts for alt in alts.values())
    assert press_release.lead_image_alt.startswith(SCENES["signing"].alt)
    assert "Донецкий международный инвестиционный форум" in press_release.lead_image_alt
    assert alts["Юные шахматисты сыграли в открытом турнире"] == SCENES["chess"].alt
    assert len(set(alts.values())) >= 10
    tree = page(client.get(press_release.get_absolute_url()))
    assert tree.xpath("//article//img/@alt")[:1] == [press_release.lead_image_alt]


def test_demo_images_have_their_dimensions_stored(demo_content):
    """Without stored dimensions every page that lists an article would open its image file."""
    with_image = Article.objects.exclude(lead_image=None)

    assert with_image.exists()
    assert not with_image.filter(lead_image__width__isnull=True).exists()
    assert not with_image.filter(lead_image__height__isnull=True).exists()


def test_some_articles_are_drafts_and_exactly_one_is_scheduled(demo_content):
    assert Article.objects.filter(
        status__in=[Article.Status.DRAFT, Article.Status.REVIEW]
    ).exists()
    assert Article.objects.scheduled().count() == 1


def test_the_demo_pages_and_feeds_work(client, demo_content):
    for url in [
        reverse("news:home"),
        reverse("news:list"),
        reverse("news:rss"),
        reverse("news:atom"),
    ]:
        assert client.get(url).status_code == 200, url


def test_the_demo_editor_can_use_the_admin(client, demo_content):
    editor = get_user_model().objects.get(username="redaktor")
    client.force_login(editor)

    assert client.get(reverse("admin:news_article_changelist")).status_code == 200
    assert client.get(reverse("admin:news_article_add")).status_code == 200


def test_loading_the_demo_again_keeps_what_editors_changed(demo_content, press_release):
    from portal.models import SiteSettings

    loaded = news_counts()
    article = Article.objects.published().exclude(pk=press_release.pk).first()
    article.title, article.lead = "Заголовок редактора", "Описание редактора"
    article.publish_at = article.publish_at - timezone.timedelta(days=30)
    article.featured = not article.featured
    article.save()
    article.tags.set([Tag.objects.create(name="метка редактора")])
    press_release.lead_image = None
    press_release.lead_image_alt = ""
    press_release.save()
    rubric = Rubric.objects.get(name="Спорт")
    rubric.order = 1
    rubric.save()
    site = SiteSettings.get_solo()
    site.tagline = "Слоган редакции"
    site.save()
    editor = get_user_model().objects.get(username="avtor")
    editor.set_password("a-password-of-her-own")
    editor.last_name = "Новикова"
    editor.save()
    before = Article.objects.get(pk=article.pk)

    call_command("demo_content", stdout=io.StringIO())

    after = Article.objects.get(pk=article.pk)
    assert (after.title, after.lead, after.publish_at, after.featured) == (
        before.title,
        before.lead,
        before.publish_at,
        before.featured,
    )
    assert [tag.name for tag in after.tags.all()] == ["метка редактора"]
    press_release.refresh_from_db()
    assert not press_release.lead_image
    assert Rubric.objects.get(name="Спорт").order == 1
    assert SiteSettings.get_solo().tagline == "Слоган редакции"
    editor.refresh_from_db()
    assert editor.check_password("a-password-of-her-own")
    assert editor.last_name == "Новикова"
    assert news_counts()["articles"] == loaded["articles"]


def test_loading_the_demo_again_recreates_what_is_missing(demo_content):
    title = Article.objects.published().first().title
    Article.objects.filter(title=title).delete()

    call_command("demo_content", stdout=io.StringIO())

    assert Article.objects.filter(title=title).count() == 1
