"""Backups of the database and the uploaded media, and restoring them.

Ours, not django-dbbackup: its media restore only adds files; it never checks a backup first.

A backup is one folder, ``<BACKUP_ROOT>/<UTC timestamp>/``, holding

- ``database.dump`` — PostgreSQL: ``pg_dump --format=custom`` (restored with
  ``pg_restore --clean``);
- ``database.sqlite3`` — SQLite: a consistent copy made with SQLite's online backup API;
- ``database.json`` — any other database: ``dumpdata`` (restored with ``loaddata``);
- ``media.tar.gz`` — every public upload and rendition: the files under ``MEDIA_ROOT``, or
  the objects under the media prefix of the bucket when media is in one
  (``portal.media_storage``);
- ``private-media.tar.gz`` — the private storage (agreements' documents,
  ``portal.private_files``): the files under ``PRIVATE_MEDIA_ROOT`` or the objects under the
  private prefix; a backup made before it existed leaves that storage as it is;
- ``manifest.json`` — when, from which database vendor, the row count of every model and the
  SHA-256 of each file, checked before anything is restored.

Restoring replaces each storage with its archive, whichever kind either was: on disk a fresh
folder is swapped in; in a bucket every archived object is uploaded again (over the one
there, with the ACL and headers a new upload gets), then the objects not in the archive are
deleted. So media moves from the disk to a bucket by a backup and a restore.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Protocol, runtime_checkable

from django.apps import apps
from django.conf import settings
from django.core import management
from django.core.files.storage import storages
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
PRIVATE_MEDIA_ARCHIVE = "private-media.tar.gz"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
DUMPDATA_FILE = "database.json"
PG_DUMP = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
PG_RESTORE = [
    "pg_restore",
    "--clean",
    "--if-exists",
    "--no-owner",
    "--no-privileges",
    "--single-transaction",
    "--exit-on-error",
]


class BackupError(Exception):
    pass


class _Object(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def modified(self) -> datetime: ...


@runtime_checkable
class Bucket(Protocol):
    """What a storage in a bucket offers the backups (``portal.media_storage``)."""

    def objects(self) -> Iterator[_Object]: ...
    def read_stream(self, name: str) -> IO[bytes]: ...
    def replace(self, name: str, content: IO[bytes]) -> None: ...
    def delete_many(self, names: Iterable[str]) -> None: ...


def create_backup(root: Path | None = None, *, alias: str = "default") -> Path:
    """Write a new backup folder and return its path."""
    root = Path(root or settings.BACKUP_ROOT)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = root / stamp
    target.mkdir(parents=True, exist_ok=False)
    connection = connections[alias]
    vendor = connection.vendor
    database_file = target / DATABASE_FILES.get(vendor, DUMPDATA_FILE)
    if vendor == "postgresql":
        _run_pg([*PG_DUMP, f"--file={database_file}"], connection)
    elif vendor == "sqlite":
        _sqlite_copy(Path(connection.settings_dict["NAME"]), database_file)
    else:
        with database_file.open("w", encoding="utf-8") as out:
            management.call_command(
                "dumpdata", "--natural-foreign", "--all", "--indent=0", database=alias, stdout=out
            )
    _archive_storage(target / MEDIA_ARCHIVE, "default", Path(settings.MEDIA_ROOT))
    _archive_storage(target / PRIVATE_MEDIA_ARCHIVE, "private", Path(settings.PRIVATE_MEDIA_ROOT))
    archives = (target / MEDIA_ARCHIVE, target / PRIVATE_MEDIA_ARCHIVE)
    manifest = {
        "created": stamp,
        "vendor": vendor,
        "database_file": database_file.name,
        "counts": model_counts(alias),
        "sha256": {p.name: _sha256(p) for p in (database_file, *archives)},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return target


def restore_backup(source: Path, *, alias: str = "default") -> dict:
    """Replace the database and the media with the backup in ``source``; return its manifest."""
    source = Path(source)
    manifest = read_manifest(source)
    connection = connections[alias]
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"The backup is of a {manifest['vendor']} database; this site uses {connection.vendor}."
        )
    database_file = source / manifest["database_file"]
    connection.close()
    if connection.vendor == "postgresql":
        _run_pg(PG_RESTORE, connection, str(database_file))
    elif connection.vendor == "sqlite":
        _sqlite_copy(database_file, Path(connection.settings_dict["NAME"]))
    else:
        management.call_command("flush", "--noinput", database=alias)
        management.call_command("loaddata", str(database_file), database=alias)
    _restore_storage(source / MEDIA_ARCHIVE, "default", Path(settings.MEDIA_ROOT))
    if PRIVATE_MEDIA_ARCHIVE in manifest["sha256"]:
        _restore_storage(
            source / PRIVATE_MEDIA_ARCHIVE,
            "private",
            Path(settings.PRIVATE_MEDIA_ROOT),
            mode=0o700,
        )
    _forget_cached_pages()
    return manifest


def read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} is not a backup: {error}") from error
    for name, digest in manifest["sha256"].items():
        if not (source / name).is_file() or _sha256(source / name) != digest:
            raise BackupError(f"{source / name} is missing or damaged (checksum mismatch).")
    return manifest


def model_counts(alias: str = "default") -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.using(alias).count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed
    }


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()}")


def _run_pg(command: list[str], connection: BaseDatabaseWrapper, *arguments: str) -> None:
    """Run a PostgreSQL client program on the database of ``connection``."""
    dbname = f"--dbname={_pg_conninfo(connection)}"
    _run([*command, dbname, *arguments], env=_pg_env(connection))


def _pg_env(connection: BaseDatabaseWrapper) -> dict[str, str]:
    env = dict(os.environ)
    password = connection.settings_dict.get("PASSWORD")
    if password:
        env["PGPASSWORD"] = password
    return env


def _pg_conninfo(connection: BaseDatabaseWrapper) -> str:
    """A libpq connection string (the password travels in PGPASSWORD, not on the command line)."""
    params = connection.settings_dict
    parts = {
        "dbname": params["NAME"],
        "user": params.get("USER"),
        "host": params.get("HOST"),
        "port": params.get("PORT"),
    }
    for key in ("sslmode", "sslrootcert", "sslcert", "sslkey"):
        if params.get("OPTIONS", {}).get(key):
            parts[key] = params["OPTIONS"][key]

    def quoted(value: object) -> str:
        return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"

    return " ".join(f"{key}={quoted(value)}" for key, value in parts.items() if value)


def _sqlite_copy(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"There is no SQLite database at {source}.")
    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _bucket(alias: str) -> Bucket | None:
    storage = storages[alias]
    return storage if isinstance(storage, Bucket) else None


def _archive_storage(archive: Path, alias: str, folder: Path) -> None:
    bucket = _bucket(alias)
    if bucket is None:
        _archive_media(archive, folder)
    else:
        _archive_bucket(archive, bucket)


def _restore_storage(archive: Path, alias: str, folder: Path, *, mode: int = 0o755) -> None:
    bucket = _bucket(alias)
    if bucket is None:
        _restore_media(archive, folder, mode=mode)
    else:
        _restore_bucket(archive, bucket)


def _archive_bucket(archive: Path, bucket: Bucket) -> None:
    """Every object under the storage's prefix, streamed from the bucket into the archive."""
    with tarfile.open(archive, "w:gz") as tar:
        for stored in bucket.objects():
            info = tarfile.TarInfo(stored.name)
            info.size, info.mode = stored.size, 0o644
            info.mtime = int(stored.modified.timestamp())
            body = bucket.read_stream(stored.name)
            try:
                tar.addfile(info, body)
            finally:
                body.close()


def _restore_bucket(archive: Path, bucket: Bucket) -> None:
    """Upload every file of the archive (replacing the object of its name), then delete the
    objects it does not hold: a failure half-way leaves extra files, never missing ones."""
    restored = set()
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            # The rules of extracting to disk: no absolute names, no "..", no links.
            checked = tarfile.data_filter(member, "/restore")
            if not checked.isfile():
                continue
            content = tar.extractfile(checked)
            if content is None:
                continue
            bucket.replace(checked.name, content)
            restored.add(checked.name)
    bucket.delete_many(
        stored.name for stored in list(bucket.objects()) if stored.name not in restored
    )


def _archive_media(archive: Path, media: Path) -> None:
    with tarfile.open(archive, "w:gz") as tar:
        if media.is_dir():
            for path in sorted(media.rglob("*")):
                tar.add(path, arcname=path.relative_to(media).as_posix(), recursive=False)


def _restore_media(archive: Path, media: Path, *, mode: int = 0o755) -> None:
    """Unpack into a fresh folder beside ``media``, then swap it in."""
    media.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media.parent))
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(staging, filter="data")
    if media.exists():
        old = media.with_name(f".{media.name}-replaced")
        shutil.rmtree(old, ignore_errors=True)
        media.rename(old)
        staging.rename(media)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(media)
    media.chmod(mode)


def _forget_cached_pages() -> None:
    from portal.cache import invalidate_content
    from portal.models import SiteSettings

    invalidate_content()
    SiteSettings.clear_cache()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()
