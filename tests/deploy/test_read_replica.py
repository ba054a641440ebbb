"""A streaming replica (``DATABASE_REPLICA_URL``): anonymous readers' pages are read from it,
editors read the primary, a lagging replica is passed over, a stopped one too.

Real processes on loopback: a PostgreSQL primary made by initdb on a port of its own (the
machine's cluster allows no replication connections), holding a copy of the test database,
a streaming replica of it made by pg_basebackup on another port, and a gunicorn with the
production settings reading both.
"""

import contextlib
import datetime
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
import requests
from django.conf import settings
from django.db import connection
from django.utils import timezone

from news.models import Article, Rubric
from tests.deploy.test_two_app_servers import (
    ROOT,
    Browser,
    free_port,
    static_root,
    wait_until_answers,
)

GUNICORN = str(Path(sys.executable).parent / "gunicorn")
PASSWORD = "correct-horse-battery"
TITLE = "Водоснабжение восстановлено"
BINARIES = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup"))

pytestmark = [
    # The test database is set up for these tests; what the fixture writes there is committed
    # (pg_dump reads it from another process) and deleted once it is copied.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres")
        or not os.environ.get("REDIS_URL"),
        reason="a replica of PostgreSQL, and Redis for the page cache (DATABASE_URL, REDIS_URL)",
    ),
]


class Cluster:
    """A PostgreSQL server of the test's own, run as the ``postgres`` user when we are root."""

    def __init__(self, bin_dir: Path, data: Path, port: int):
        self.bin_dir, self.data, self.port = bin_dir, data, port
        self.url = f"postgres://postgres@127.0.0.1:{port}/vestnik"

    def run(self, program: str, *arguments: str) -> None:
        subprocess.run(
            [*as_postgres(), str(self.bin_dir / program), *arguments],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= "
            "-c fsync=off -c full_page_writes=off"
        )
        self.run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", f"{self.data}.log", "-w", "start"
        )

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def query(self, sql: str, *parameters):
        """The first row of ``sql``'s answer (None for a statement that answers no rows)."""
        with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as db:
            cursor = db.execute(sql, parameters)
            return cursor.fetchone() if cursor.description else None


def as_postgres() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@pytest.fixture(scope="module")
def replicated(django_db_setup, django_db_blocker):
    if not BINARIES:
        if os.environ.get("VESTNIK_E2E_REQUIRED"):
            pytest.fail("PostgreSQL's server programs are missing (/usr/lib/postgresql)")
        pytest.skip("PostgreSQL's server programs are missing (/usr/lib/postgresql)")
    bin_dir = BINARIES[-1].parent
    base = Path(tempfile.mkdtemp(prefix="vestnik-replica-"))
    if os.geteuid() == 0:
        postgres = pwd.getpwnam("postgres")
        os.chown(base, postgres.pw_uid, postgres.pw_gid)
    primary = Cluster(bin_dir, base / "primary", free_port())
    replica = Cluster(bin_dir, base / "replica", free_port())
    started, processes = [], []
    try:
        primary.run(
            "initdb",
            "-D",
            str(primary.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        primary.start()
        started.append(primary)
        with psycopg.connect(primary.url.replace("/vestnik", "/postgres"), autocommit=True) as db:
            db.execute("CREATE DATABASE vestnik TEMPLATE template0 ENCODING 'UTF8'")
        with django_db_blocker.unblock():
            article = copy_test_database(primary)
        replica.run(
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            str(primary.port),
            "-U",
            "postgres",
            "-D",
            str(replica.data),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
            "--no-sync",
        )
        replica.start()
        started.append(replica)
        assert replica.query("SELECT pg_is_in_recovery()") == (True,)

        port = free_port()
        media = base / "media"
        statics, _ = static_root(base / "static")
        environment = {
            **os.environ,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "a-replica-test-secret-key-" + "0123456789" * 4,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_USE_TLS": "0",
            "DATABASE_URL": primary.url,
            "DATABASE_REPLICA_URL": replica.url,
            # Each request's connections end with it, so the replica's statistics of what
            # was read there are written at once.
            "DJANGO_CONN_MAX_AGE": "0",
            "CACHE_KEY_PREFIX": f"replica-test-{port}",
            "DJANGO_STATIC_ROOT": str(statics),
            "DJANGO_MEDIA_ROOT": str(media),
            "DJANGO_PRIVATE_MEDIA_ROOT": str(base / "private-media"),
            "DJANGO_KEPT_UPLOADS_ROOT": str(base / "kept-uploads"),
            "GUNICORN_WORKERS": "1",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
        }
        server = subprocess.Popen(
            [GUNICORN, "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "config.wsgi"],
            cwd=ROOT,
            env=environment,
        )
        processes.append(server)
        url = f"http://127.0.0.1:{port}"
        wait_until_answers(url + "/healthz", server, "gunicorn")
        yield {"url": url, "primary": primary, "replica": replica, "article": article}
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        for cluster in reversed(started):
            with contextlib.suppress(subprocess.CalledProcessError):  # stopped by a test
                cluster.stop()
        shutil.rmtree(base, ignore_errors=True)


def copy_test_database(primary: Cluster) -> str:
    """The test database, with an editor and a published article, copied to the primary;
    the article's address."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    editor = users.create_superuser("replica-editor", "replica@example.org", PASSWORD)
    rubric = Rubric.objects.create(name="Город", slug="replica-gorod")
    article = Article.objects.create(
        title=TITLE,
        lead="Подача воды в Заречном районе восстановлена.",
        body="<p>Текст новости.</p>",
        rubric=rubric,
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(hours=1),
    )
    path = article.get_absolute_url()
    try:
        source = connection.settings_dict
        dump = subprocess.run(
            [
                "pg_dump",
                "-h",
                source["HOST"],
                "-p",
                str(source["PORT"] or 5432),
                "-U",
                source["USER"],
                "--no-owner",
                "--no-privileges",
                source["NAME"],
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", primary.url],
            input=dump.stdout,
            check=True,
            capture_output=True,
            timeout=120,
        )
    finally:
        article.delete()
        rubric.delete()
        editor.delete()
    return path


def article_scans(cluster: Cluster) -> int:
    """How many times the news articles were read on ``cluster``, by its statistics."""
    (scans,) = cluster.query(
        "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables"
        " WHERE relname = 'news_article'"
    )
    return scans


def wait_for(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_anonymous_readers_read_the_replica_and_editors_the_primary(replicated):
    replica = replicated["replica"]
    before = article_scans(replica)
    reader = requests.get(replicated["url"] + "/news/", timeout=30)
    assert reader.status_code == 200
    assert TITLE in reader.text
    assert wait_for(lambda: article_scans(replica) > before), "the replica was not read"

    settled = article_scans(replica)
    editor = Browser()
    login = f"{replicated['url']}/{settings.ADMIN_URL}login/"
    answer = editor.submit(login, None, {"username": "replica-editor", "password": PASSWORD})
    assert answer.status_code == 302, answer.text[:500]
    for path in ("/news/", replicated["article"], f"/{settings.ADMIN_URL}news/article/"):
        page = editor.get(replicated["url"] + path)
        assert page.status_code == 200
        assert TITLE in page.text
    time.sleep(1.5)
    assert article_scans(replica) == settled, "an editor's request read the replica"


def test_a_reader_gets_what_the_primary_has_while_the_replica_lags(replicated):
    primary, replica = replicated["primary"], replicated["replica"]
    replica.query("SELECT pg_wal_replay_pause()")
    try:
        primary.query(
            "UPDATE news_article SET lead = 'Вода подаётся по графику.' WHERE title = %s", TITLE
        )
        lagging = replica.query("SELECT lead FROM news_article WHERE title = %s", TITLE)
        assert lagging == ("Подача воды в Заречном районе восстановлена.",)
        page = requests.get(replicated["url"] + replicated["article"], timeout=30)
        assert page.status_code == 200
        assert "Вода подаётся по графику." in page.text
    finally:
        replica.query("SELECT pg_wal_replay_resume()")


def test_readers_are_answered_from_the_primary_when_the_replica_is_stopped(replicated):
    replica = replicated["replica"]
    replica.stop()
    try:
        started = time.monotonic()
        page = requests.get(replicated["url"] + "/events/", timeout=30)
        assert page.status_code == 200
        assert time.monotonic() - started < 5
        again = requests.get(replicated["url"] + "/partnerships/", timeout=30)
        assert again.status_code == 200
    finally:
        replica.start()
