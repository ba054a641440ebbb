"""`make backup` and `make restore` round-trip the demo content: every row, every text, every
uploaded file. Run against a scratch database of its own, never the one the tests use."""

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from django.db import connections

PROJECT = Path(__file__).resolve().parents[2]
CONFIGURATION = ("DJANGO_", "DATABASE_URL", "REDIS_URL", "CACHE_URL")
ARTICLE_QUERY = "SELECT title, lead, body FROM news_article ORDER BY id"


def run(command: list[str], environment: dict[str, str]) -> str:
    env = {name: value for name, value in os.environ.items() if not name.startswith(CONFIGURATION)}
    env.update(environment)
    result = subprocess.run(
        command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def manage(*args, environment):
    return run([str(PROJECT / ".venv" / "bin" / "python"), "manage.py", *args], environment)


def make(*args, environment):
    return run(["make", "--no-print-directory", "-s", *args], environment)


def media_files(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


SMALL_CONTENT = """
from django.core.files.base import ContentFile
from media.models import Image
from news.models import Article, Rubric
from tests.support import make_image_bytes
rubric = Rubric.objects.create(name="Партнёрство", slug="partnerstvo")
for number in range(3):
    image = Image(file=ContentFile(make_image_bytes(), name=f"photo-{number}.jpg"))
    image.save()
    Article.objects.create(title=f"Алчевск и Торез {number}", lead="Лид.", rubric=rubric,
                           body="<p>Соглашение о побратимстве Алчевска и Тореза.</p>",
                           lead_image=image, lead_image_alt="Фото", status="published")
"""


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory) -> Path:
    """An empty SQLite database with every migration applied, made once for this module:
    each test starts from a copy (migrating from nothing takes seconds a time)."""
    folder = tmp_path_factory.mktemp("migrated")
    database = folder / "db.sqlite3"
    manage(
        "migrate",
        "--noinput",
        "-v0",
        environment={"DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{database}"},
    )
    return database


def sqlite_database(migrated_sqlite: Path, folder: Path) -> Path:
    database = folder / "db.sqlite3"
    shutil.copyfile(migrated_sqlite, database)
    return database


def round_trip(environment, media: Path, snapshot, wipe_database, *, demo=True, migrate=True):
    if migrate:
        manage("migrate", "--noinput", "-v0", environment=environment)
    if demo:
        manage("demo_content", environment=environment)
    else:
        manage("shell", "-c", SMALL_CONTENT, environment=environment)
    before = snapshot()
    files_before = media_files(media)
    assert before["counts"]["news_article"] >= (10 if demo else 3)
    assert files_before, "the content has images"

    output = make("backup", environment=environment)
    backup = Path(re.search(r"Backup written to (\S+)", output).group(1))
    assert {p.name for p in backup.iterdir()} >= {"manifest.json", "media.tar.gz"}

    wipe_database()
    shutil.rmtree(media)
    make("restore", f"BACKUP={backup}", environment=environment)

    assert snapshot() == before
    assert media_files(media) == files_before
    return before


@pytest.mark.postgres
def test_backup_and_restore_round_trip_on_postgresql(tmp_path):
    import psycopg

    default = connections["default"]
    if default.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite")
    params = default.settings_dict
    server = {
        "host": params.get("HOST") or "127.0.0.1",
        "port": params.get("PORT") or "5432",
        "user": params.get("USER") or "postgres",
        "password": params.get("PASSWORD") or None,
    }
    name = f"vestnik_backup_test_{os.getpid()}"
    url = (
        f"postgres://{server['user']}{':' + server['password'] if server['password'] else ''}"
        f"@{server['host']}:{server['port']}/{name}"
    )

    def admin_sql(*statements):
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
            for statement in statements:
                connection.execute(statement)

    def snapshot():
        with psycopg.connect(dbname=name, **server) as connection:
            tables = [
                row[0]
                for row in connection.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                )
            ]
            counts = {
                table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                for table in tables
            }
            articles = connection.execute(ARTICLE_QUERY).fetchall()
        return {"counts": counts, "articles": articles}

    def wipe_database():
        admin_sql(f'DROP DATABASE "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')

    media = tmp_path / "media"
    environment = {
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": url,
        "DJANGO_MEDIA_ROOT": str(media),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
        "DJANGO_BACKUP_ROOT": str(tmp_path / "backups"),
    }
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    try:
        before = round_trip(environment, media, snapshot, wipe_database)
        titles = [title for title, _lead, _body in before["articles"]]
        assert any("Торез" in title for title in titles)
        assert any("Торез" in body for _title, _lead, body in before["articles"])
    finally:
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_and_restore_round_trip_on_sqlite(tmp_path, migrated_sqlite):
    """The embedded default; a few articles with images stand in for the demo content."""
    if connections["default"].vendor != "sqlite":
        pytest.skip("runs in the SQLite pass of the suite")
    database = sqlite_database(migrated_sqlite, tmp_path)
    media = tmp_path / "media"
    environment = {
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_MEDIA_ROOT": str(media),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
        "DJANGO_BACKUP_ROOT": str(tmp_path / "backups"),
    }

    def snapshot():
        connection = sqlite3.connect(database)
        try:
            tables = [
                row[0]
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1"
                )
            ]
            counts = {
                table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                for table in tables
            }
            return {"counts": counts, "articles": connection.execute(ARTICLE_QUERY).fetchall()}
        finally:
            connection.close()

    def wipe_database():
        database.unlink()

    round_trip(environment, media, snapshot, wipe_database, demo=False, migrate=False)


def test_restore_puts_the_media_back_as_it_was(tmp_path, migrated_sqlite):
    """Uploads made after the backup go too: the media is replaced, not merged."""
    media = tmp_path / "media"
    environment = {
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{sqlite_database(migrated_sqlite, tmp_path)}",
        "DJANGO_MEDIA_ROOT": str(media),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
        "DJANGO_BACKUP_ROOT": str(tmp_path / "backups"),
    }
    (media / "news").mkdir(parents=True)
    (media / "news" / "kept.jpg").write_bytes(b"before the backup")
    output = make("backup", environment=environment)
    backup = re.search(r"Backup written to (\S+)", output).group(1)

    (media / "news" / "kept.jpg").write_bytes(b"changed after the backup")
    (media / "news" / "later.jpg").write_bytes(b"uploaded after the backup")
    make("restore", f"BACKUP={backup}", environment=environment)

    assert media_files(media) == {
        "news/kept.jpg": hashlib.sha256(b"before the backup").hexdigest()
    }


def test_backup_and_restore_keep_the_private_documents(tmp_path, migrated_sqlite):
    """Agreements' documents are outside MEDIA_ROOT (portal.private_files): a backup holds
    them too, and a restore puts them back as they were, replaced, not merged."""
    private = tmp_path / "private-media"
    environment = {
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{sqlite_database(migrated_sqlite, tmp_path)}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(private),
        "DJANGO_BACKUP_ROOT": str(tmp_path / "backups"),
    }
    (private / "partnerships").mkdir(parents=True)
    (private / "partnerships" / "draft.pdf").write_bytes(b"before the backup")
    output = make("backup", environment=environment)
    backup = re.search(r"Backup written to (\S+)", output).group(1)

    shutil.rmtree(private)
    (private / "partnerships").mkdir(parents=True)
    (private / "partnerships" / "later.pdf").write_bytes(b"uploaded after the backup")
    make("restore", f"BACKUP={backup}", environment=environment)

    assert media_files(private) == {
        "partnerships/draft.pdf": hashlib.sha256(b"before the backup").hexdigest()
    }
    assert private.stat().st_mode & 0o077 == 0  # not readable by the web server's other users


def test_restore_refuses_a_damaged_backup(tmp_path):
    environment = {
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
    }
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "database.sqlite3").write_bytes(b"not a database")
    (backup / "media.tar.gz").write_bytes(b"")
    (backup / "manifest.json").write_text(
        '{"created": "x", "vendor": "sqlite", "database_file": "database.sqlite3", '
        '"counts": {}, "sha256": {"database.sqlite3": "0000", "media.tar.gz": "0000"}}'
    )
    env = {name: value for name, value in os.environ.items() if not name.startswith(CONFIGURATION)}
    result = subprocess.run(
        ["make", "-s", "restore", f"BACKUP={backup}"],
        cwd=PROJECT,
        env={**env, **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "damaged" in result.stderr
