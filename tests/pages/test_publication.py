"""Publishing, scheduling and expiry of pages, the page cache, conflicts and permissions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from pages import services
from pages.models import Page
from portal.models import AuditEvent, EditConflict
from tests.support import form_data
from tests.support import page as parsed

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def test_a_scheduled_page_appears_by_itself_near_midnight(
    client, make_page, near_midnight, time_machine
):
    make_page("Контакты", publish_at=near_midnight + HOUR)
    assert client.get("/kontakty/").status_code == 404
    time_machine.move_to(near_midnight + HOUR + datetime.timedelta(seconds=1), tick=False)
    assert client.get("/kontakty/").status_code == 200


def test_an_expiring_page_leaves_everywhere_by_itself_near_midnight(
    client, make_page, near_midnight, time_machine
):
    make_page("Контакты", expire_at=near_midnight + HOUR, in_main_menu=True)
    assert client.get("/kontakty/").status_code == 200
    assert "Контакты" in client.get("/news/").content.decode()  # cached with the menu
    time_machine.move_to(near_midnight + HOUR, tick=False)
    assert client.get("/kontakty/").status_code == 404
    news = client.get("/news/")
    assert news.headers["X-Cache"] == "miss"
    assert 'href="/kontakty/"' not in news.content.decode()
    assert "/kontakty/" not in client.get("/sitemap.xml").content.decode()
    assert client.get("/api/pages/").json()["count"] == 0
    assert (
        "Контакты"
        not in client.get("/search/", {"q": "контакты"})
        .content.decode()
        .split("<main", 1)[1]
        .split("</main>")[0]
    )


def test_the_end_of_publication_comes_after_its_start(make_page):
    now = timezone.now()
    with pytest.raises(ValidationError):
        make_page("Контакты", publish_at=now, expire_at=now - HOUR)


@pytest.mark.django_db(transaction=True)
def test_an_edit_invalidates_the_cached_page(client, make_page):
    contacts = make_page("Контакты", body="<p>Телефон 1</p>")
    # The very first request may create the site's settings, whose commit drops the
    # version it was rendered under; by the third the page is stored.
    assert [client.get("/kontakty/").headers["X-Cache"] for _ in range(3)][-1] == "hit"
    contacts.body = "<p>Телефон 2</p>"
    services.save_page(contacts)
    assert "Телефон 2" in client.get("/kontakty/").content.decode()


def test_unpublishing_takes_the_page_off_at_once(client, make_page, chief):
    contacts = make_page("Контакты")
    client.get("/kontakty/")
    services.unpublish_page(contacts, by=chief)
    assert client.get("/kontakty/").status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UNPUBLISHED).count() == 1


def test_publishing_is_audited_and_scheduling_too(make_page, chief):
    draft = make_page("Контакты", status=Page.Status.DRAFT)
    services.publish_page(draft, by=chief, at=timezone.now() + HOUR)
    assert draft.first_published_at is not None
    assert AuditEvent.objects.get().action == AuditEvent.Action.SCHEDULED


def test_only_the_chief_editor_publishes(make_page, author):
    draft = make_page("Контакты", status=Page.Status.DRAFT)
    with pytest.raises(PermissionDenied):
        services.publish_page(draft, by=author)


def test_a_page_with_content_errors_is_not_published(make_page, chief):
    draft = make_page("Контакты", status=Page.Status.DRAFT, body="<h2></h2>")
    with pytest.raises(ValidationError) as refusal:
        services.publish_page(draft, by=chief)
    assert "нельзя опубликовать" in refusal.value.messages[0]


def test_a_save_over_a_newer_version_is_refused(make_page):
    mine = make_page("Контакты")
    theirs = Page.objects.get(pk=mine.pk)
    theirs.title = "Контакты администрации"
    services.save_page(theirs)
    mine.title = "Наши контакты"
    with pytest.raises(EditConflict):
        services.save_page(mine)
    assert Page.objects.get(pk=mine.pk).title == "Контакты администрации"


def test_the_admin_refuses_a_stale_form_saying_who_saved(make_page, chief, login):
    contacts = make_page("Контакты")
    client = login(chief)
    url = f"/admin/pages/page/{contacts.pk}/change/"
    data = form_data(parsed(client.get(url)), "page_form")
    other = Page.objects.get(pk=contacts.pk)
    other.title = "Контакты администрации"
    services.save_page(other)
    data["title"] = "Наши контакты"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "сохранил" in response.content.decode() or "сохранила" in response.content.decode()
    assert Page.objects.get(pk=contacts.pk).title == "Контакты администрации"


def test_the_admin_saves_a_page_with_a_revision(make_page, chief, login):
    from reversion.models import Version

    contacts = make_page("Контакты")
    client = login(chief)
    url = f"/admin/pages/page/{contacts.pk}/change/"
    data = form_data(parsed(client.get(url)), "page_form")
    data["lead"] = "Адрес и телефоны."
    assert client.post(url, data).status_code == 302
    assert Version.objects.get_for_object(contacts).count() == 1


def test_pages_past_their_review_date_are_shown_to_staff(make_page, chief, login):
    today = timezone.localdate()
    make_page("Структура", review_by=today - datetime.timedelta(days=3))
    make_page("Контакты", review_by=today + datetime.timedelta(days=3))
    client = login(chief)
    index = client.get("/admin/").content.decode()
    assert "Страницы пора проверить" in index and "Структура" in index
    assert "просрочено на 3 дня" in index
    listed = parsed(client.get("/admin/pages/page/", {"review": "overdue"}))
    assert listed.xpath("//th[contains(@class, 'field-title')]//a/text()") == ["Структура"]


def test_a_subpage_leaves_everywhere_with_its_expiring_parent_near_midnight(
    client, make_page, near_midnight, time_machine
):
    """A page under a hidden one is hidden with it: not only at its address, but in the
    menus, the sitemap, the search and the API too."""
    city = make_page("О городе", expire_at=near_midnight + HOUR)
    make_page("Летопись", parent=city, slug="letopis", in_footer=True, lead="Хроника с 1896 года.")

    def found() -> dict[str, bool]:
        search = client.get("/search/", {"q": "летопись"}).content.decode()
        return {
            "page": client.get("/o-gorode/letopis/").status_code == 200,
            "footer": 'href="/o-gorode/letopis/"' in client.get("/news/").content.decode(),
            "sitemap": "/o-gorode/letopis/" in client.get("/sitemap.xml").content.decode(),
            "api": "Летопись" in client.get("/api/pages/").content.decode(),
            "search": "Летопись" in search.split("<main", 1)[1].split("</main>")[0],
        }

    assert all(found().values()), found()
    time_machine.move_to(near_midnight + HOUR, tick=False)
    assert not any(found().values()), found()


def test_a_published_subpage_of_a_draft_is_nowhere(client, make_page):
    draft = make_page("Черновик раздела", status=Page.Status.DRAFT)
    make_page("Готовая подстраница", parent=draft, slug="gotovaya")
    assert client.get("/api/pages/").json()["count"] == 0
    assert "gotovaya" not in client.get("/sitemap.xml").content.decode()
    assert Page.objects.published().count() == 0
