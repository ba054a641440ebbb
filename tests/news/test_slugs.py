"""Addresses are transliterated from Russian titles, unique, and stable once published."""

import re

import pytest
from django.urls import reverse

from news.models import Article, Department, Tag
from news.services import publish_article

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Алчевск стал городом-побратимом Тореза", "alchevsk-stal-gorodom-pobratimom-toreza"),
        (
            "Жители Цветочной улицы получили ключи",
            "zhiteli-tsvetochnoi-ulitsy-poluchili-kliuchi",
        ),
        ("Щёлковский журнал: объём работ", "shchelkovskii-zhurnal-obem-rabot"),
        ("Подъезд № 5 — ремонт за 2 недели!", "podezd-no-5-remont-za-2-nedeli"),
        ("Юбилей «Дворца культуры» им. Маяковского", "iubilei-dvortsa-kultury-im-maiakovskogo"),
        ("Хоккей: итоги сезона", "khokkei-itogi-sezona"),
        ("Ёлка на площади", "elka-na-ploshchadi"),
    ],
)
def test_slug_is_transliterated_from_the_russian_title(make_article, title, slug):
    article = make_article(title)

    assert article.slug == slug
    assert article.get_absolute_url() == f"/news/{slug}/"


def test_the_article_is_served_at_its_transliterated_address(client, make_article):
    article = make_article("Алчевск стал городом-побратимом Тореза")

    response = client.get("/news/alchevsk-stal-gorodom-pobratimom-toreza/")

    assert response.status_code == 200
    assert response.context["article"] == article


def test_articles_with_the_same_title_get_numbered_addresses(make_article):
    slugs = [make_article("Итоги недели").slug for _ in range(3)]

    assert slugs == ["itogi-nedeli", "itogi-nedeli-2", "itogi-nedeli-3"]


def test_each_article_with_a_repeated_title_opens_at_its_own_address(client, make_article):
    first, second = make_article("Итоги недели"), make_article("Итоги недели")

    assert client.get(first.get_absolute_url()).context["article"] == first
    assert client.get(second.get_absolute_url()).context["article"] == second


def test_a_very_long_title_gives_a_slug_cut_at_a_word_boundary(make_article):
    title = " ".join(["Администрация города провела совещание по благоустройству дворов"] * 3)
    full = "administratsiia-goroda-provela-soveshchanie-po-blagoustroistvu-dvorov"

    slug = make_article(title).slug

    assert len(slug) <= Article._meta.get_field("slug").max_length
    assert SLUG.match(slug)
    assert f"{full}-{full}".startswith(slug)
    assert f"{full}-{full}-{full}".startswith(f"{slug}-")


def test_a_title_without_letters_still_gets_a_working_address(client, make_article):
    article = make_article("🎉🎉🎉")

    assert SLUG.match(article.slug)
    assert client.get(article.get_absolute_url()).status_code == 200


def test_an_all_digit_title_is_not_mistaken_for_a_year_archive(client, make_article):
    article = make_article("2024")

    assert not article.slug.isdigit()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_an_editor_may_choose_the_slug(make_article):
    assert make_article("Новость", slug="svoi-adres").slug == "svoi-adres"


def test_a_published_article_keeps_its_address_when_the_title_is_edited(client, make_article):
    article = make_article("Предварительный заголовок")
    address = article.get_absolute_url()

    article.title = "Окончательный заголовок новости"
    article.full_clean()
    article.save()

    article.refresh_from_db()
    assert article.slug == "predvaritelnyi-zagolovok"
    assert client.get(address).context["article"].title == "Окончательный заголовок новости"


def test_a_draft_keeps_its_slug_through_title_edits_and_publication(client, make_article):
    draft = make_article("Черновой заголовок", status=Article.Status.DRAFT)

    draft.title = "Чистовой заголовок"
    draft.save()
    publish_article(draft)

    draft.refresh_from_db()
    assert draft.slug == "chernovoi-zagolovok"
    assert client.get("/news/chernovoi-zagolovok/").status_code == 200


def test_tags_and_departments_get_transliterated_unique_slugs(client, make_article):
    tag = Tag.objects.create(name="Город-побратим")
    department = Department.objects.create(name="Отдел по делам молодёжи")
    make_article().tags.add(tag)

    assert tag.slug == "gorod-pobratim"
    assert department.slug == "otdel-po-delam-molodezhi"
    assert Tag.objects.create(name="Город побратим").slug == "gorod-pobratim-2"
    assert client.get(reverse("news:tag", args=["gorod-pobratim"])).status_code == 200
