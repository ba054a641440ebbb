"""The queue: a failed mail is retried with back-off, a retried task never mails twice, the
admin shows failures to the chief editor with a «retry» action, /healthz/queue tells when the
queue does not drain."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from channels.models import SentMessage
from news import services
from news.models import Article
from portal import roles
from tests.channels.conftest import run_tasks

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def submitted(make_article, author, make_chief):
    make_chief("glavred")
    article = make_article("На проверку", status=Article.Status.DRAFT, created_by=author)
    services.submit_for_review(article, by=author)
    return article


def only_task():
    [row] = DBTaskResult.objects.all()
    return row


def test_a_mail_to_a_server_that_is_down_is_retried_later_and_arrives_once(
    start_smtp, submitted, time_machine
):
    run_tasks()  # nothing listens on the SMTP port yet

    row = only_task()
    assert row.status == TaskResultStatus.READY
    assert row.run_after > timezone.now() + timedelta(seconds=50)
    assert "ConnectionRefusedError" in row.traceback
    assert not SentMessage.objects.exists()

    inbox = start_smtp()
    run_tasks()
    assert inbox.messages == []  # not before its back-off has passed

    time_machine.move_to(row.run_after + timedelta(seconds=1))
    run_tasks()
    run_tasks()
    assert [m["To"] for m in inbox.messages] == ["glavred@example.ru"]
    assert only_task().status == TaskResultStatus.SUCCESSFUL


def test_a_chief_editor_whose_address_is_refused_holds_back_no_other_and_is_retried(
    smtp, make_chief, submitted, time_machine
):
    make_chief("redaktor")
    make_chief("zamestitel")
    smtp.refused.add("glavred@example.ru")  # the first of them
    run_tasks()

    assert sorted(m["To"] for m in smtp.messages) == [
        "redaktor@example.ru",
        "zamestitel@example.ru",
    ]
    row = only_task()
    assert row.status == TaskResultStatus.READY and "550" in row.traceback

    smtp.refused.clear()
    time_machine.move_to(row.run_after + timedelta(seconds=1))
    run_tasks()
    run_tasks()
    assert sorted(m["To"] for m in smtp.messages) == [
        "glavred@example.ru",
        "redaktor@example.ru",
        "zamestitel@example.ru",
    ]
    assert only_task().status == TaskResultStatus.SUCCESSFUL


def test_the_back_off_doubles_and_a_task_fails_for_good_at_the_limit(
    smtp_settings, submitted, time_machine
):
    smtp_settings.TASKS_MAX_ATTEMPTS = 3
    delays = []
    for _attempt in range(3):
        started = timezone.now()
        run_tasks()
        row = only_task()
        if row.status == TaskResultStatus.READY:
            delays.append(round((row.run_after - started).total_seconds()))
            time_machine.move_to(row.run_after + timedelta(seconds=1), tick=False)

    assert delays == [60, 120]
    assert only_task().status == TaskResultStatus.FAILED
    assert len(only_task().worker_ids) == 3


def test_a_task_run_again_after_it_sent_does_not_mail_twice(smtp, submitted):
    run_tasks()
    # As if the worker had been killed after sending, before marking the task done.
    DBTaskResult.objects.update(status=TaskResultStatus.READY)
    run_tasks()

    assert len(smtp.messages) == 1
    assert SentMessage.objects.count() == 1


def test_a_second_submission_is_a_new_occasion(smtp, submitted, make_chief):
    services.send_back(submitted, by=make_chief("redaktor"), note="Поправьте заголовок.")
    services.submit_for_review(submitted, by=submitted.created_by)
    run_tasks()

    assert len(smtp.to("glavred@example.ru")) == 2


@pytest.mark.postgres
def test_workers_claim_tasks_with_skip_locked(submitted):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's")
    with CaptureQueriesContext(connection) as queries:
        run_tasks()
    assert any("FOR UPDATE SKIP LOCKED" in query["sql"] for query in queries)


def test_the_chief_editor_sees_failed_tasks_with_the_error_and_retries_them(
    smtp_settings, submitted, make_staff, client
):
    smtp_settings.TASKS_MAX_ATTEMPTS = 1
    run_tasks()
    row = only_task()
    assert row.status == TaskResultStatus.FAILED

    chief = make_staff("glavnyi", roles.CHIEF_EDITOR)
    client.force_login(chief)
    changelist = client.get(reverse("admin:portal_queuedtask_changelist"))
    assert changelist.status_code == 200
    assert "notify" in changelist.content.decode()
    detail = client.get(reverse("admin:portal_queuedtask_change", args=[row.pk]))
    assert "ConnectionRefusedError" in detail.content.decode()

    retried = client.post(
        reverse("admin:portal_queuedtask_changelist"),
        {"action": "retry", "_selected_action": [str(row.pk)]},
    )
    assert retried.status_code == 302
    assert only_task().status == TaskResultStatus.READY


def test_authors_do_not_see_the_queue(submitted, client):
    client.force_login(submitted.created_by)
    response = client.get(reverse("admin:portal_queuedtask_changelist"))
    assert response.status_code == 403


def test_healthz_queue_reports_a_queue_that_does_not_drain(submitted, client, time_machine):
    assert client.get("/healthz/queue").json()["queue"] == "ok"

    time_machine.move_to(timezone.now() + timedelta(minutes=11))
    response = client.get("/healthz/queue")
    assert response.status_code == 503
    assert response.json()["queue"] == "stalled"
    assert client.get("/healthz").status_code == 200  # the web servers are fine meanwhile

    run_tasks()  # the mail fails (no server) and waits for its retry: not stalled
    assert client.get("/healthz/queue").status_code == 200
