"""History: every save keeps a revision (who, when, what), any revision can be restored from
the admin, and deleted records can be recovered."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from news.models import Article, GalleryPhoto
from partnerships.models import Agreement, CooperationPlan, Event, PlanItem, Signatory
from portal import roles
from portal.models import AuditEvent
from tests.support import form_data, page


def admin_url(obj, view, *args) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk, *args])


def open_form(client, url, model_name) -> dict:
    return form_data(page(client.get(url)), f"{model_name}_form")


def edit(client, obj, **changes):
    data = open_form(client, admin_url(obj, "change"), obj._meta.model_name)
    response = client.post(admin_url(obj, "change"), {**data, **changes})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def versions(obj):
    return list(Version.objects.get_for_object(obj).select_related("revision__user"))


def audit_actions(obj) -> list[str]:
    return [event.action for event in AuditEvent.objects.for_object(obj).order_by("id")]


@pytest.fixture
def chief_client(login, chief):
    return login(chief)


@pytest.fixture
def officer_client(login, officer):
    return login(officer)


def test_every_admin_save_keeps_a_revision_with_who_and_what(chief_client, chief, make_article):
    article = make_article("Первый заголовок", status="draft")

    edit(chief_client, article, title="Второй заголовок")

    (version,) = versions(article)
    assert version.revision.user == chief
    assert version.revision.get_comment()  # the admin's change message, e.g. «Изменено Заголовок.»
    assert version.field_dict["title"] == "Второй заголовок"
    history = page(chief_client.get(admin_url(article, "history")))
    assert "glavred" in history.xpath("string(//table[@id='change-history'])")


def test_restoring_an_old_revision_from_the_history(chief_client, login, make_staff, make_article):
    article = make_article("Первый заголовок", status="draft")
    call_command("createinitialrevisions", verbosity=0)
    edit(chief_client, article, title="Второй заголовок")
    other_chief = login(make_staff("zamglavreda", roles.CHIEF_EDITOR))
    opened_before = open_form(other_chief, admin_url(article, "change"), "article")
    first = versions(article)[-1]
    assert first.field_dict["title"] == "Первый заголовок"

    history = page(chief_client.get(admin_url(article, "history")))
    revision_url = admin_url(article, "revision", first.pk)
    assert revision_url in history.xpath("//table[@id='change-history']//a/@href")
    revision_form = open_form(chief_client, revision_url, "article")
    assert revision_form["title"] == "Первый заголовок"
    article.refresh_from_db()
    assert article.title == "Второй заголовок"  # only looking changes nothing

    response = chief_client.post(revision_url, revision_form)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Первый заголовок"
    assert article.version == 3  # the counter moves on, never back to the old revision's
    assert audit_actions(article) == [AuditEvent.Action.RESTORED]
    assert len(versions(article)) == 3
    # A form opened before the restore cannot undo it unseen.
    refused = other_chief.post(admin_url(article, "change"), opened_before)
    assert refused.status_code == 200
    article.refresh_from_db()
    assert article.title == "Первый заголовок"


def test_restoring_brings_back_the_signatories_of_an_agreement(
    officer_client, make_agreement, home_city
):
    agreement = make_agreement("Соглашение о побратимстве")
    Signatory.objects.create(
        agreement=agreement, name="Наталья Пяткова", position="Глава города", side=home_city
    )
    edit(officer_client, agreement, summary="Первая редакция.")
    with_signatory = versions(agreement)[0]

    edit(officer_client, agreement, **{"signatories-0-DELETE": "on"})
    assert not agreement.signatories.exists()

    url = admin_url(agreement, "revision", with_signatory.pk)
    response = officer_client.post(url, open_form(officer_client, url, "agreement"))

    assert response.status_code == 302
    assert list(agreement.signatories.values_list("name", flat=True)) == ["Наталья Пяткова"]


def test_a_deleted_article_is_recovered_with_its_gallery(
    chief_client, make_article, library_image
):
    article = make_article("Удалённая новость")
    GalleryPhoto.objects.create(article=article, image=library_image(), alt="Фото")
    changelist = page(chief_client.get(reverse("admin:news_article_changelist")))
    recover_list = reverse("admin:news_article_recoverlist")
    assert changelist.xpath(f"//a[@href='{recover_list}']")

    response = chief_client.post(admin_url(article, "delete"), {"post": "yes"})

    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    (deleted,) = Version.objects.get_deleted(Article)
    recover_url = reverse("admin:news_article_recover", args=[deleted.pk])
    assert recover_url in page(chief_client.get(recover_list)).xpath("//a/@href")
    response = chief_client.post(recover_url, open_form(chief_client, recover_url, "article"))
    assert response.status_code == 302
    restored = Article.objects.get(pk=article.pk)
    assert restored.title == "Удалённая новость"
    assert restored.photos.get().alt == "Фото"
    assert audit_actions(restored) == [AuditEvent.Action.DELETED, AuditEvent.Action.RESTORED]


def test_only_those_who_may_delete_may_recover(login, author, officer):
    recover_list = reverse("admin:news_article_recoverlist")
    for user in (author, officer):
        client = login(user)
        changelist = page(client.get(reverse("admin:news_article_changelist")))
        assert not changelist.xpath(f"//a[@href='{recover_list}']")
        assert client.get(recover_list).status_code == 403
    assert (
        login(officer).get(reverse("admin:partnerships_agreement_recoverlist")).status_code == 200
    )


def test_deleting_an_agreement_keeps_what_went_with_it_recoverable(
    officer_client, make_agreement, make_plan, home_city
):
    agreement = make_agreement("Соглашение о сотрудничестве")
    Signatory.objects.create(agreement=agreement, name="Дмитрий Лысенко", position="Глава")
    plan = make_plan(agreement, [PlanItem.Status.DONE])

    officer_client.post(admin_url(agreement, "delete"), {"post": "yes"})

    assert not Agreement.objects.exists()
    assert [v.object_id for v in Version.objects.get_deleted(CooperationPlan)] == [str(plan.pk)]
    (deleted,) = Version.objects.get_deleted(Agreement)
    url = reverse("admin:partnerships_agreement_recover", args=[deleted.pk])
    officer_client.post(url, open_form(officer_client, url, "agreement"))
    restored = Agreement.objects.get(pk=agreement.pk)
    assert list(restored.signatories.values_list("name", flat=True)) == ["Дмитрий Лысенко"]
    assert list(restored.partners.all()) == list(agreement.partners.all())


def test_an_author_cannot_restore_someone_elses_article(
    login, author, other_author, chief, make_article
):
    article = make_article("Чужая новость", status="draft", created_by=other_author)
    edit(login(chief), article, title="Правка главреда")
    version = versions(article)[0]
    edit(login(chief), article, title="Ещё правка")

    url = admin_url(article, "revision", version.pk)
    response = login(author).post(url, {"title": "Правка главреда"})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    article.refresh_from_db()
    assert article.title == "Ещё правка"


def test_createinitialrevisions_covers_every_record_with_a_history(
    make_article, make_agreement, make_event, make_plan, library_image
):
    article = make_article()
    GalleryPhoto.objects.create(article=article, image=library_image(), alt="Фото")
    agreement = make_agreement()
    Signatory.objects.create(agreement=agreement, name="Наталья Пяткова", position="Глава")
    event = make_event(agreement=agreement)
    plan = make_plan(agreement, [PlanItem.Status.PLANNED])

    call_command("createinitialrevisions", verbosity=0)

    for obj in (article, agreement, event, plan):
        assert len(versions(obj)) == 1, obj
    assert Version.objects.get_for_model(Event).count() == 1
    revision = versions(agreement)[0].revision
    assert {v.object_repr for v in revision.version_set.all()} >= {
        str(agreement),
        "Наталья Пяткова, Глава",
    }
