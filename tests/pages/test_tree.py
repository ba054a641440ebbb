"""The tree: addresses from the parents, refused slugs and moves, deleting with subpages."""

import pytest
from django.core.exceptions import ValidationError

from pages import services
from pages.models import Page
from portal.models import AuditEvent, Redirect

pytestmark = pytest.mark.django_db


def test_the_address_follows_the_parents(make_page):
    city = make_page("О городе")
    history = make_page("История", parent=city)
    assert city.path == "/o-gorode/"
    assert history.path == "/o-gorode/istoriia/"
    assert history.ancestor_paths() == ["/o-gorode/"]


def test_moving_a_page_readdresses_the_pages_below_and_redirects_the_old_ones(make_page):
    city = make_page("О городе")
    history = make_page("История", parent=city)
    old = make_page("Старина", parent=history)
    city.slug = "gorod"
    services.save_page(city)
    history.refresh_from_db()
    old.refresh_from_db()
    assert (history.path, old.path) == ("/gorod/istoriia/", "/gorod/istoriia/starina/")
    assert Redirect.objects.filter(old_path="/o-gorode/istoriia/starina/").exists()


@pytest.mark.parametrize("slug", ["news", "admin", "api", "search", "opendata"])
def test_a_top_level_slug_of_another_section_is_refused_in_russian(make_page, slug):
    with pytest.raises(ValidationError) as refusal:
        make_page("Новости", slug=slug)
    assert "принадлежит другому разделу сайта" in " ".join(refusal.value.messages)


def test_a_slug_is_free_below_a_page(make_page):
    about = make_page("О городе")
    assert make_page("Новости города", parent=about, slug="news").path == "/o-gorode/news/"


def test_two_pages_cannot_share_an_address(make_page):
    make_page("Контакты")
    with pytest.raises(ValidationError):
        make_page("Контакты")


def test_moving_a_page_under_its_own_subpage_is_refused(make_page):
    city = make_page("О городе")
    history = make_page("История", parent=city)
    deeper = make_page("Век XIX", parent=history)
    for new_parent in (city, history, deeper):
        city.parent = new_parent
        with pytest.raises(ValidationError) as refusal:
            city.full_clean()
        assert "под саму себя" in " ".join(refusal.value.messages)


def test_a_page_with_subpages_is_not_deleted_without_a_choice(make_page):
    city = make_page("О городе")
    make_page("История", parent=city)
    with pytest.raises(ValidationError):
        services.delete_page(city)
    assert Page.objects.count() == 2


def test_deleting_with_lift_moves_the_subpages_up(make_page):
    city = make_page("О городе")
    history = make_page("История", parent=city)
    make_page("Век XIX", parent=history)
    services.delete_page(history, children=services.LIFT)
    assert sorted(Page.objects.values_list("path", flat=True)) == [
        "/o-gorode/",
        "/o-gorode/vek-xix/",
    ]


def test_deleting_with_delete_removes_the_subtree_and_audits_each(make_page):
    city = make_page("О городе")
    history = make_page("История", parent=city)
    make_page("Век XIX", parent=history)
    make_page("Контакты")
    services.delete_page(city, children=services.DELETE)
    assert list(Page.objects.values_list("path", flat=True)) == ["/kontakty/"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETED).count() == 3


def test_lifting_refuses_a_clash_and_deletes_nothing(make_page):
    make_page("История")
    city = make_page("О городе")
    make_page("История", parent=city)
    with pytest.raises(ValidationError) as refusal:
        services.delete_page(city, children=services.LIFT)
    assert "не может подняться" in " ".join(refusal.value.messages)
    assert Page.objects.count() == 3


def test_the_admin_asks_what_becomes_of_the_subpages(make_page, chief, login):
    city = make_page("О городе")
    make_page("История", parent=city)
    client = login(chief)
    url = f"/admin/pages/page/{city.pk}/delete/"
    asked = client.get(url)
    assert asked.status_code == 200
    assert "Перенести подстраницы" in asked.content.decode()
    refused = client.post(url, {})
    assert refused.status_code == 200 and Page.objects.count() == 2
    done = client.post(url, {"children": "lift"})
    assert done.status_code == 302
    assert list(Page.objects.values_list("path", flat=True)) == ["/istoriia/"]


def test_the_admin_refuses_a_move_under_a_subpage(make_page, chief, login):
    from tests.support import form_data, page

    city = make_page("О городе")
    history = make_page("История", parent=city)
    client = login(chief)
    url = f"/admin/pages/page/{city.pk}/change/"
    data = form_data(page(client.get(url)), "page_form")
    data["parent"] = str(history.pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "под саму себя" in response.content.decode()
    city.refresh_from_db()
    assert city.parent is None


def test_the_admin_list_offers_no_bulk_delete(make_page, chief, login):
    make_page("О городе")
    html = login(chief).get("/admin/pages/page/").content.decode()
    assert 'value="delete_selected"' not in html
    assert 'value="publish_selected"' in html
