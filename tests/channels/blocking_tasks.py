"""A task for the worker tests: it waits until a file appears, as long work would."""

import time
from pathlib import Path

from django_tasks import task


@task()
def wait_for_file(started: str, go: str) -> str:
    Path(started).write_text("started")
    while not Path(go).exists():
        time.sleep(0.05)
    return "done"
