"""Refused requests get a Russian page: the site's design on the site, the admin's in the admin.

The texts need locale/pending/russian.po merged into locale/ru.
"""

from django.test import Client
from django.urls import reverse

from tests.support import page


def refused_page(response):
    assert response.status_code == 403, response.status_code
    response.status_code = 200  # to parse it like any page
    return page(response)


def test_a_refused_public_page_is_russian_in_the_site_design(db, settings):
    settings.ROOT_URLCONF = "tests.portal.refusal_urls"

    tree = refused_page(Client().get("/refused/"))

    assert tree.xpath("string(//h1)") == "Доступ запрещён"
    assert "У вас нет прав на просмотр этой страницы." in tree.text_content()
    assert tree.xpath("//footer[@class='site-footer']")  # the site's design


def test_a_refused_admin_page_is_russian_in_the_admin_design(db, django_user_model):
    author = django_user_model.objects.create_user("avtor", is_staff=True)
    client = Client()
    client.force_login(author)

    tree = refused_page(client.get(reverse("admin:partnerships_agreement_add")))

    assert tree.xpath("string(//h1)") == "Доступ запрещён"
    assert tree.xpath("//*[@id='header']")  # the admin's header, not the site's
    assert "попросите главного редактора" in tree.text_content()
    assert tree.xpath("//a[text()='Вернуться в редакцию']/@href") == [reverse("admin:index")]


def test_a_form_sent_without_its_token_gets_a_russian_explanation(db, settings):
    settings.ROOT_URLCONF = "tests.portal.refusal_urls"
    client = Client(enforce_csrf_checks=True)

    tree = refused_page(client.post("/refused/"))

    assert tree.xpath("string(//h1)") == "Форма устарела"
    assert "ничего не сохранено" in tree.text_content()
    assert tree.xpath("//footer[@class='site-footer']")


def test_an_admin_form_sent_without_its_token_is_explained_in_the_admin_design(db):
    client = Client(enforce_csrf_checks=True)

    tree = refused_page(
        client.post(reverse("admin:login"), {"username": "avtor", "password": "x"})
    )

    assert tree.xpath("string(//h1)") == "Форма устарела"
    assert tree.xpath("//*[@id='header']")
