"""`make backup` and `make restore` with the media in a bucket: the objects of both storages
go into the backup's tarballs, and a restore puts them back as they were — objects changed
or added since are replaced or deleted, the ACLs and cache headers are those of new uploads."""

import re
import tarfile
from pathlib import Path

import pytest
from django.db import connections

from portal.media_storage import RENDITION_CACHE_CONTROL
from tests.security.test_backup import make, manage, migrated_sqlite, sqlite_database  # noqa: F401
from tests.storage.conftest import anonymous_get, new_bucket, storage_environment

pytestmark = pytest.mark.s3

CONTENT = """
import datetime
from django.core.files.base import ContentFile
from media.models import Image
from news.models import Article, Rubric
from partnerships.models import Agreement, AgreementDocument
from portal import renditions
from tests.support import make_image_bytes, pdf_bytes
rubric = Rubric.objects.create(name="Партнёрство", slug="partnerstvo")
for number in range(2):
    image = Image(file=ContentFile(make_image_bytes(), name=f"photo-{number}.jpg"))
    image.save()
    Article.objects.create(title=f"Алчевск и Торез {number}", lead="Лид.", rubric=rubric,
                           body="<p>Текст.</p>", lead_image=image, lead_image_alt="Фото",
                           status="published")
    renditions.make("media.image", image.pk, "file", image.file.name)
agreement = Agreement.objects.create(
    title="Соглашение", kind="cooperation", status="in_force",
    signed_on=datetime.date(2019, 10, 29), summary="Кратко.", is_published=False)
AgreementDocument.objects.create(
    agreement=agreement, title="Текст",
    file=ContentFile(pdf_bytes(), name="soglashenie.pdf"))
"""


def archived_names(archive: Path) -> set[str]:
    with tarfile.open(archive, "r:gz") as tar:
        return {member.name for member in tar if member.isfile()}


def test_backup_and_restore_round_trip_the_bucket(tmp_path, migrated_sqlite, s3_endpoint):  # noqa: F811
    if connections["default"].vendor != "sqlite":
        pytest.skip("the bucket's part does not depend on the database: run in the SQLite pass")
    bucket = new_bucket(s3_endpoint)
    environment = {
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{sqlite_database(migrated_sqlite, tmp_path)}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
        "DJANGO_BACKUP_ROOT": str(tmp_path / "backups"),
        **storage_environment(bucket),
    }
    manage("shell", "-c", CONTENT, environment=environment)
    before = bucket.digests()
    public = [key for key in before if key.startswith("media/")]
    private = [key for key in before if key.startswith("private/")]
    # two images, each with ten renditions (five widths × two formats) and four crops
    assert len(public) == 2 + 2 * 14 and len(private) == 1
    assert not (tmp_path / "media").exists() and not (tmp_path / "private-media").exists()

    output = make("backup", environment=environment)
    backup = Path(re.search(r"Backup written to (\S+)", output).group(1))
    assert archived_names(backup / "media.tar.gz") == {k.removeprefix("media/") for k in public}
    assert archived_names(backup / "private-media.tar.gz") == {
        k.removeprefix("private/") for k in private
    }

    # After the backup: an image changed, one uploaded, the document lost.
    [image, *_] = (key for key in public if "/renditions/" not in key)
    bucket.client.put_object(Bucket=bucket.name, Key=image, Body=b"changed")
    bucket.client.put_object(Bucket=bucket.name, Key="media/news/later.jpg", Body=b"later")
    bucket.client.delete_object(Bucket=bucket.name, Key=private[0])

    make("restore", f"BACKUP={backup}", environment=environment)

    assert bucket.digests() == before
    rendition = next(key for key in public if "/renditions/" in key)
    assert bucket.head(rendition)["CacheControl"] == RENDITION_CACHE_CONTROL
    assert anonymous_get(bucket.url(image))[0] == 200
    assert anonymous_get(bucket.url(private[0]))[0] == 403  # restored private, not public
