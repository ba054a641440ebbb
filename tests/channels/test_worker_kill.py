"""A worker killed with SIGKILL in the middle of a task: another worker runs the task again.

Real worker processes (manage.py run_worker) on the test database; PostgreSQL only, since
the SQLite test database lives in this process's memory.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.channels.blocking_tasks import wait_for_file

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)


def start_worker(lease_seconds=2):
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    if db.get("PASSWORD"):
        url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "TASKS_LEASE_SECONDS": str(lease_seconds)}
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_task_of_a_killed_worker_runs_to_completion_on_another(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("worker processes need a database they can reach: PostgreSQL")
    started, go = tmp_path / "started", tmp_path / "go"
    result = wait_for_file.enqueue(str(started), str(go))

    first = start_worker()
    try:
        assert wait_until(started.exists), "the first worker never started the task"
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        first.kill()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.RUNNING  # what the dead worker left behind

    go.touch()
    second = start_worker()
    try:
        assert wait_until(
            lambda: DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
        ), "the task was not run again"
    finally:
        second.terminate()
        second.wait(10)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.return_value == "done"
    assert len(row.worker_ids) == 2
