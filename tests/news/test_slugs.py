"""Addresses are transliterated from Russian titles, unique, and stable once published."""

import re

import pytest
from django.urls import reverse

from news.models import Article, Department, Rubric, Tag
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


ADMIN_ADD_FORMS = [
    "news_article",
    "news_rubric",
    "news_tag",
    "news_department",
    "partnerships_partner",
    "partnerships_area",
    "partnerships_agreement",
    "partnerships_event",
]


@pytest.mark.parametrize("model", ADMIN_ADD_FORMS)
def test_the_admin_leaves_the_address_to_the_server_transliteration(editor_client, model):
    """The admin's JavaScript would fill the slug by a scheme of its own (and with a taken one
    for a repeated title): the field stays empty and the model transliterates."""
    from tests.support import page

    tree = page(editor_client.get(reverse(f"admin:{model}_add")))

    filled_by_script = tree.xpath(
        "//script[@id='django-admin-prepopulated-fields-constants']/@data-prepopulated-fields"
    )
    assert all("slug" not in value for value in filled_by_script)
    assert tree.xpath("//input[@name='slug']/@value") in ([], [""])


def test_a_second_article_with_the_same_title_gets_its_own_address_in_the_admin(
    editor_client, rubric
):
    from tests.support import form_data, page

    url = reverse("admin:news_article_add")
    for _ in range(2):
        data = form_data(page(editor_client.get(url)), "article_form")
        data.update(title="Итоги недели", lead="Коротко.", body="<p>Текст.</p>", rubric=rubric.pk)
        assert editor_client.post(url, data).status_code == 302

    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "itogi-nedeli",
        "itogi-nedeli-2",
    ]


def test_a_rubric_added_without_an_address_gets_a_transliterated_one(editor_client):
    response = editor_client.post(
        reverse("admin:news_rubric_add"), {"name": "Партнёрство", "slug": "", "order": "0"}
    )

    assert response.status_code == 302
    assert Rubric.objects.get().slug == "partnerstvo"


def test_the_demo_transliterates_titles_as_the_site_does(rubric):
    from news.demo import add_article

    title = (
        "Администрация города провела совещание по благоустройству дворов "
        "и обсудила достопримечательности с жителями"
    )
    by_the_site = Article.objects.create(title=title, lead="Коротко.", rubric=rubric).slug
    Article.objects.all().delete()

    by_the_demo = add_article(title=title, lead="Коротко.", rubric=rubric)[0].slug

    assert by_the_demo == by_the_site
