"""Importing a news archive from the admin: the chief editor uploads a file or gives an
address, a worker runs the import (the code of ``manage.py import_news``) and the import's
page shows its progress, then the summary and each item's problem, in Russian."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from news.importing import runs
from news.models import Article, ImportProblem, ImportRun
from portal.queue import lease_keeper, reclaim_abandoned_tasks
from tests.channels.blocking_tasks import wait_for_file
from tests.channels.conftest import run_tasks
from tests.news.test_import import DATA, MediaServer
from tests.support import form_data, page
from tests.workflow.conftest import (  # noqa: F401 (fixtures)
    author,
    chief,
    make_staff,
    role_groups,
)

pytestmark = pytest.mark.django_db(transaction=True)

ADD_URL = reverse("admin:news_importrun_add")


def document(name, feed_server):
    """A sample document whose media addresses point at the local server."""
    text = (DATA / name).read_text(encoding="utf-8")
    return text.replace("http://media.example.test", feed_server.base).encode()


@pytest.fixture
def feed_server(settings):
    """A server on 127.0.0.1 for the documents and their images, allowed for these tests."""
    with MediaServer() as server:
        settings.IMPORT_FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
        settings.IMPORT_FETCH_ALLOWED_PORTS = [80, 443, server.port]
        yield server


@pytest.fixture
def chief_client(client, chief):  # noqa: F811
    client.force_login(chief)
    return client


def start(client, **fields):
    data = form_data(page(client.get(ADD_URL)), "importrun_form")
    data.update(fields)
    return client.post(ADD_URL, data)


def status_page(client, run):
    return page(client.get(reverse("admin:news_importrun_change", args=[run.pk])))


def refresh_seconds(tree):
    refresh = tree.xpath("//meta[@http-equiv='refresh']/@content")
    return int(refresh[0]) if refresh else None


def readonly(tree, field):
    [value] = tree.xpath(f"//div[contains(@class, 'field-{field}')]//div[@class='readonly']")
    return value.text_content().strip()


def test_the_chief_editor_imports_an_uploaded_file(
    chief_client,
    feed_server,
    settings,
    rubric,
):
    upload = SimpleUploadedFile("rss.xml", document("rss.xml", feed_server), "text/xml")

    response = start(chief_client, source_file=upload)

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:news_importrun_change", args=[run.pk])
    # The document waits outside public media; nothing is imported in the request.
    stored = Path(settings.IMPORT_UPLOADS_ROOT) / run.source_file.name
    assert stored.is_file()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.xml"))
    assert not Article.objects.exists()
    waiting = status_page(chief_client, run)
    assert refresh_seconds(waiting) == 3
    assert readonly(waiting, "status") == "ожидает обработчика"
    assert readonly(waiting, "source") == run.source_name

    run_tasks()

    done = status_page(chief_client, run)
    assert refresh_seconds(done) is None
    assert readonly(done, "summary") == (
        "Импорт завершён. Создано: 3, обновлено: 0, пропущено: 0, не импортировано: 0."
    )
    assert readonly(done, "progress") == "3 из 3 элементов"
    assert Article.objects.published().count() == 3
    # Items whose image could not be copied were imported, each with its warning shown.
    warnings = ImportProblem.objects.filter(is_error=False)
    assert {warning.item for warning in warnings} == {
        "элемент 2 «Турнир юных футболистов»",
        "элемент 3 «Приём граждан в администрации»",
    }
    assert "missing.jpg не импортировано: сервер вернул ответ 404" in done.text_content()


def test_each_item_error_is_shown_in_russian(chief_client, feed_server, rubric):
    upload = SimpleUploadedFile(
        "malformed.xml", document("malformed-items.xml", feed_server), "text/xml"
    )
    start(chief_client, source_file=upload)
    run_tasks()

    run = ImportRun.objects.get()
    tree = status_page(chief_client, run)
    text = tree.text_content()
    assert (run.status, run.total, run.created, run.errors) == ("done", 6, 1, 5)
    assert "элемент 1 «без заголовка»" in text
    assert "У элемента нет заголовка." in text
    assert "элемент 3 «Новость без даты»" in text
    assert "нет даты публикации" in text
    assert readonly(tree, "summary").endswith(
        "Создано: 1, обновлено: 0, пропущено: 0, не импортировано: 5."
    )


def test_the_progress_is_recorded_after_each_item(chief_client, feed_server, rubric):
    upload = SimpleUploadedFile("rss.xml", document("rss.xml", feed_server), "text/xml")
    start(chief_client, source_file=upload)
    run = ImportRun.objects.get()
    seen = []

    def look(run=run):
        tree = status_page(chief_client, run)
        seen.append((readonly(tree, "status"), readonly(tree, "progress"), refresh_seconds(tree)))

    # What the status page shows between items, while the worker runs the import.
    runs.run_import(run.pk, keep_lease=look)

    assert seen == [
        ("выполняется", "1 из 3 элементов", 3),
        ("выполняется", "2 из 3 элементов", 3),
        ("выполняется", "3 из 3 элементов", 3),
    ]


def test_an_import_from_an_address_on_a_local_server(
    chief_client,
    feed_server,
    rubric,
):
    feed_server.files["/export/rss.xml"] = (document("rss.xml", feed_server), "text/xml")

    start(chief_client, source_url=f"{feed_server.base}/export/rss.xml", publish="")
    run_tasks()

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.DONE
    assert "/export/rss.xml" in feed_server.requests
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 3


def test_a_failed_import_shows_why(chief_client, feed_server):
    start(chief_client, source_url=f"{feed_server.base}/export/missing.xml")
    run_tasks()

    run = ImportRun.objects.get()
    tree = status_page(chief_client, run)
    assert run.status == ImportRun.Status.FAILED
    assert readonly(tree, "status") == "не удался"
    assert "сервер вернул ответ 404" in readonly(tree, "summary")
    assert refresh_seconds(tree) is None
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"  # nothing to retry: it is told


def test_an_address_inside_the_network_is_refused_by_the_worker(chief_client, rubric):
    start(chief_client, source_url="http://127.0.0.1:9/rss.xml")
    run_tasks()

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    assert "адрес недоступен" in run.error


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not-a-feed.xml", "не является лентой RSS или Atom"),
        ("broken.xml", "XML"),
        ("xml-bomb.xml", "XML"),
    ],
)
def test_a_bad_file_is_refused_in_the_form_with_a_russian_message(
    chief_client,
    feed_server,
    name,
    message,
):
    upload = SimpleUploadedFile(name, (DATA / name).read_bytes(), "text/xml")

    response = start(chief_client, source_file=upload, update="on")

    assert response.status_code == 200
    tree = page(response)
    [error] = tree.xpath("//*[contains(@class, 'field-source_file')]//ul[@class='errorlist']/li")
    assert message in error.text_content()
    assert tree.xpath("//input[@name='update']/@checked")  # what was chosen stays chosen
    assert not ImportRun.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_file_and_an_address_together_are_refused_and_the_file_is_kept(
    chief_client,
    feed_server,
):
    upload = SimpleUploadedFile("rss.xml", document("rss.xml", feed_server), "text/xml")

    response = start(chief_client, source_file=upload, source_url="https://example.ru/rss.xml")

    assert response.status_code == 200
    text = page(response).text_content()
    assert "Загрузите файл или укажите адрес — что-то одно." in text
    assert "Файл сохранён, загружать его заново не нужно" in text
    assert not ImportRun.objects.exists()


def test_an_author_cannot_start_or_see_imports(client, author):  # noqa: F811
    client.force_login(author)

    assert client.get(ADD_URL).status_code == 403
    assert client.post(ADD_URL, {"source_url": "https://example.ru/rss.xml"}).status_code == 403
    assert client.get(reverse("admin:news_importrun_changelist")).status_code == 403
    assert not ImportRun.objects.exists()


def test_the_imports_list_shows_each_run(chief_client, feed_server, rubric):
    upload = SimpleUploadedFile("rss.xml", document("rss.xml", feed_server), "text/xml")
    start(chief_client, source_file=upload)
    run_tasks()

    response = chief_client.get(reverse("admin:news_importrun_changelist"))
    text = page(response).text_content()
    assert "rss.xml" in text
    assert "3 из 3 элементов" in text


def test_deleting_an_import_deletes_its_file(chief_client, feed_server, settings):
    upload = SimpleUploadedFile("rss.xml", document("rss.xml", feed_server), "text/xml")
    start(chief_client, source_file=upload)
    run = ImportRun.objects.get()
    stored = Path(settings.IMPORT_UPLOADS_ROOT) / run.source_file.name

    response = chief_client.post(
        reverse("admin:news_importrun_delete", args=[run.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not stored.exists()


def test_an_import_run_again_after_it_finished_does_nothing(chief_client, feed_server, rubric):
    upload = SimpleUploadedFile("rss.xml", document("rss.xml", feed_server), "text/xml")
    start(chief_client, source_file=upload)
    run_tasks()
    run = ImportRun.objects.get()

    assert runs.run_import(run.pk) == ImportRun.Status.DONE
    run.refresh_from_db()
    assert (run.created, run.skipped, Article.objects.count()) == (3, 0, 3)


def test_a_long_import_renews_its_lease_so_it_is_not_run_twice(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    result = wait_for_file.enqueue("never", "never")
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", started_at=timezone.now(), worker_ids=["worker"]
    )
    keep = lease_keeper(result.id, every_seconds=0)

    time_machine.shift(datetime.timedelta(seconds=settings.TASKS_LEASE_SECONDS - 30))
    keep()  # as after an item
    time_machine.shift(datetime.timedelta(seconds=60))

    assert reclaim_abandoned_tasks() == 0
    assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING"
