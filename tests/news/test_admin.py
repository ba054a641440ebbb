"""The editors' admin: lists, forms, actions and autocomplete work and speak Russian."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from news.models import Article, Rubric, Tag
from portal.models import SiteSettings
from tests.support import form_data, page


@pytest.fixture
def staff_editor(django_user_model):
    """An editor as the office sets one up: staff with the content permissions, no superuser."""
    user = django_user_model.objects.create_user("redaktor", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["news", "portal"])
    )
    return user


@pytest.fixture
def staff_client(client, staff_editor):
    client.force_login(staff_editor)
    return client


@pytest.fixture
def newsroom(make_illustrated_article, make_article, signing_day):
    """A published article with an image, a draft and a scheduled article."""
    return {
        "published": make_illustrated_article(
            "Алчевск стал городом-побратимом Тореза", publish_at=signing_day - timedelta(days=1)
        ),
        "draft": make_article("Черновик о ремонте дорог", status=Article.Status.DRAFT),
        "scheduled": make_article(
            "Премьера в театре кукол", publish_at=signing_day + timedelta(days=1)
        ),
    }


def changelist_titles(tree) -> list[str]:
    return [
        link.text_content()
        for link in tree.xpath("//table[@id='result_list']//*[contains(@class, 'field-title')]/a")
    ]


def test_the_changelist_renders_for_an_editor_with_thumbnails_and_statuses(staff_client, newsroom):
    tree = page(staff_client.get(reverse("admin:news_article_changelist")))

    assert tree.xpath("//html/@lang") == ["ru"]
    assert sorted(changelist_titles(tree)) == sorted(
        article.title for article in newsroom.values()
    )
    assert (
        len(tree.xpath("//table[@id='result_list']//*[contains(@class, 'field-thumbnail')]//img"))
        == 1
    )
    statuses = tree.xpath(
        "//table[@id='result_list']//td[contains(@class, 'field-status_badge')]/text()"
    )
    assert sorted(statuses) == ["Запланирована", "Опубликована", "Черновик"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status__exact=draft", ["draft"]),
        ("?status__exact=published", ["published", "scheduled"]),
        ("?q=Тореза", ["published"]),
        ("?q=театре", ["scheduled"]),
        ("?publish_at__year=2019&publish_at__month=10&publish_at__day=28", ["published"]),
        ("?featured__exact=0&status__exact=draft", ["draft"]),
    ],
)
def test_the_changelist_filters_and_searches(staff_client, newsroom, query, expected):
    tree = page(staff_client.get(reverse("admin:news_article_changelist") + query))

    assert sorted(changelist_titles(tree)) == sorted(newsroom[key].title for key in expected)


def test_the_changelist_filters_by_rubric_and_tag(staff_client, newsroom):
    rubric = newsroom["published"].rubric
    tag = Tag.objects.get(name="побратимы")
    url = reverse("admin:news_article_changelist")

    by_rubric = page(staff_client.get(f"{url}?rubric__id__exact={rubric.pk}"))
    by_tag = page(staff_client.get(f"{url}?tags__id__exact={tag.pk}"))

    assert len(changelist_titles(by_rubric)) == 3
    assert changelist_titles(by_tag) == [newsroom["published"].title]


def test_the_add_form_renders_with_the_editor_and_the_gallery(staff_client):
    tree = page(staff_client.get(reverse("admin:news_article_add")))

    form = tree.get_element_by_id("article_form")
    for name in [
        "title",
        "slug",
        "lead",
        "body",
        "lead_image",
        "lead_image_alt",
        "rubric",
        "tags",
        "status",
        "publish_at_0",
    ]:
        assert form.xpath(f".//*[@name='{name}']"), name
    assert form.xpath(".//*[@name='photos-TOTAL_FORMS']")
    assert form.xpath(".//*[@name='photos-0-image']")
    assert form.xpath(".//*[@name='body']/@class")[0].count("django_ckeditor_5")


def test_the_add_form_creates_an_article_stamped_with_its_editor(
    staff_client, staff_editor, rubric
):
    url = reverse("admin:news_article_add")
    data = form_data(page(staff_client.get(url)), "article_form")
    data.update(
        title="Новость из админки", lead="Коротко.", body="<p>Текст.</p>", rubric=rubric.pk
    )

    response = staff_client.post(url, data)

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.slug == "novost-iz-adminki"
    assert article.status == Article.Status.DRAFT
    assert article.created_by == staff_editor
    assert article.updated_by == staff_editor


@pytest.mark.parametrize("state", ["published", "draft"])
def test_the_change_form_renders_with_a_link_to_the_site_or_the_preview(
    staff_client, newsroom, state
):
    article = newsroom[state]

    tree = page(staff_client.get(reverse("admin:news_article_change", args=[article.pk])))

    expected = (
        article.get_absolute_url()
        if state == "published"
        else reverse("news:preview", args=[article.pk])
    )
    assert tree.xpath("//a[contains(@class, 'viewsitelink')]/@href") == [expected]
    assert reverse("news:preview", args=[article.pk]) in tree.xpath(
        "//div[contains(@class, 'field-preview_link')]//a/@href"
    )


def test_publish_action_publishes_the_selected_articles(
    client, staff_client, newsroom, signing_day
):
    draft = newsroom["draft"]

    response = staff_client.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk], "index": 0},
        follow=True,
    )

    draft.refresh_from_db()
    assert draft.is_public
    assert draft.publish_at == signing_day
    assert "1 статья опубликована." in [str(message) for message in response.context["messages"]]
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_unpublish_action_takes_the_selected_articles_off_the_site(
    client, staff_client, staff_editor, newsroom
):
    published = newsroom["published"]

    staff_client.post(
        reverse("admin:news_article_changelist"),
        {"action": "unpublish_selected", "_selected_action": [published.pk], "index": 0},
    )

    published.refresh_from_db()
    assert published.status == Article.Status.DRAFT
    assert published.updated_by == staff_editor
    client.logout()
    assert client.get(published.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("field", "term", "expected"),
    [
        ("rubric", "Общ", ["Общество"]),
        ("tags", "побр", ["побратимы"]),
        ("department", "информ", ["Управление информационной политики"]),
    ],
)
def test_autocomplete_finds_rubrics_tags_and_departments(
    staff_client, newsroom, department, field, term, expected
):
    Rubric.objects.create(name="Культура", slug="kultura")
    Tag.objects.create(name="спорт")

    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "news", "model_name": "article", "field_name": field, "term": term},
    )

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == expected


def test_site_settings_admin_renders_and_saves(staff_client, client):
    url = reverse("admin:portal_sitesettings_change")
    data = form_data(page(staff_client.get(url)), "sitesettings_form")
    data.update(city_name="Торез", office_name="Пресс-служба Администрации города Тореза")

    response = staff_client.post(url, data)

    assert response.status_code == 302
    assert SiteSettings.get_solo().city_name == "Торез"
    client.logout()
    assert "Пресс-служба Администрации города Тореза" in client.get("/").content.decode()


def test_the_admin_is_not_for_the_public(client, db):
    response = client.get(reverse("admin:news_article_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
