import os
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from news.models import Article, Department, Rubric
from tests.clock import NEAR_MIDNIGHT
from tests.support import make_image_bytes

FREEZE_AT = os.environ.get("VESTNIK_FREEZE_AT")


@pytest.fixture(autouse=True, scope="session")
def _clock_from_environment():
    """``VESTNIK_FREEZE_AT=2026-12-31T23:30:00Z pytest …`` starts the clock at that instant
    for the whole run (it then ticks on), to find code that is wrong near midnight; tests
    that set the clock themselves still do. CI runs the date-heavy folders so."""
    if not FREEZE_AT:
        yield
        return
    start = datetime.fromisoformat(FREEZE_AT)
    if start.tzinfo is None:
        raise pytest.UsageError("VESTNIK_FREEZE_AT needs a time zone, e.g. …T23:30:00Z")
    with time_machine.travel(start, tick=True):
        yield


@pytest.fixture(params=list(NEAR_MIDNIGHT.values()), ids=list(NEAR_MIDNIGHT))
def near_midnight(request, time_machine):
    """Run the test twice, the clock stopped at 23:30 UTC and at 00:30 Moscow time on New
    Year's night, when the Moscow date (and month and year) is not the UTC one."""
    time_machine.move_to(request.param, tick=False)
    return request.param


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploads and renditions to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KEPT_UPLOADS_ROOT = tmp_path / "kept-uploads"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.IMPORT_UPLOADS_ROOT = tmp_path / "import-uploads"


@pytest.fixture(autouse=True)
def _plain_static_files(settings, tmp_path):
    """Templates resolve {% static %} without a collectstatic manifest."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def image_upload():
    def build(name="photo.jpg", **kwargs):
        content = make_image_bytes(**kwargs)
        return SimpleUploadedFile(name, content, content_type="image/jpeg")

    return build


@pytest.fixture
def rubric(db):
    return Rubric.objects.create(name="Общество", slug="obshchestvo")


@pytest.fixture
def department(db):
    return Department.objects.create(name="Управление информационной политики")


@pytest.fixture
def make_article(db, rubric):
    """Build articles; published and already due unless told otherwise."""

    def build(title="Новость дня", **fields):
        fields.setdefault("lead", "Короткое описание новости.")
        fields.setdefault("body", "<p>Текст новости.</p>")
        fields.setdefault("rubric", rubric)
        fields.setdefault("status", Article.Status.PUBLISHED)
        fields.setdefault("publish_at", timezone.now() - timedelta(hours=1))
        return Article.objects.create(title=title, **fields)

    return build


@pytest.fixture
def editor(db, django_user_model):
    return django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "correct-horse-battery"
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
