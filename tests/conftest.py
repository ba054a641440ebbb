import io
import os
import shutil
from contextlib import ExitStack
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from media.models import Image as LibraryImage
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
def _fast_password_hashing(settings):
    """Passwords are hashed fast in tests: the production hasher takes a quarter of a second
    on purpose, and the suite creates and logs in hundreds of users."""
    settings.PASSWORD_HASHERS = [FAST_HASHER]


@pytest.fixture(autouse=True)
def _unpaced_mail(settings):
    """Residents' mail goes out as fast as it can in tests (one test checks the pace)."""
    settings.SUBSCRIPTIONS_MAIL_RATE = 0


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
def library_image(db, image_upload):
    """Images of the media library (each saved anew, even with the same content)."""

    def build(name="photo.jpg", alt="", **fields):
        image_fields = {key: fields.pop(key) for key in list(fields) if key in LIBRARY_FIELDS}
        image = LibraryImage(file=image_upload(name, **fields), alt=alt, **image_fields)
        image.save()
        return image

    return build


LIBRARY_FIELDS = {"title", "caption", "credit", "licence", "focal_x", "focal_y", "uploaded_by"}


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


# -- the whole demo, loaded once -------------------------------------------------------------
# Tests that read the whole demo (``manage.py demo_content``) ask for the ``demo_content``
# fixture. The demo is loaded once per run, inside a transaction held open, and every such test
# runs in a savepoint inside it (pytest-django's ``db``), so what a test writes is rolled back.
# These tests run last, one after another; when the last is done the demo's transaction is
# rolled back, so no other test ever sees the demo. Tests of the loading itself (from an empty
# database, or a link an editor removed) load what they need themselves.

DEMO_FIXTURE = "demo_content"
# The demo accounts' passwords are hashed fast; the tests that log them in set this hasher.
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
_DEMO_DATABASE = pytest.StashKey["DemoDatabase"]()


def _uses_demo(item: pytest.Item) -> bool:
    return DEMO_FIXTURE in getattr(item, "fixturenames", ())


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    options = marker.kwargs if marker else {}
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(
        options.get("transaction")
        or options.get("reset_sequences")
        or fixtures & {"transactional_db", "live_server", "django_db_reset_sequences"}
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The tests of the whole demo go last, in their order (after pytest-django's own)."""
    demo = [item for item in items if _uses_demo(item)]
    for item in demo:
        if _transactional(item):
            raise pytest.UsageError(
                f"{item.nodeid}: {DEMO_FIXTURE} runs each test in a savepoint of the demo's "
                "transaction; a transactional test must load the demo itself"
            )
    items[:] = [item for item in items if not _uses_demo(item)] + demo


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last test of the whole demo, the demo is rolled back at once."""
    try:
        return (yield)
    finally:
        demo = item.config.stash.get(_DEMO_DATABASE, None)
        if demo and (nextitem is None or not _uses_demo(nextitem)):
            demo.close()


class DemoDatabase:
    """The demo loaded inside a transaction held open, and its files in folders of its own."""

    def __init__(self, blocker, folder):
        self.blocker = blocker
        self.media = folder / "media"
        self.private_media = folder / "private-media"
        self._rollback = None
        self.closed = False

    def load(self):
        demo_settings = override_settings(
            MEDIA_ROOT=self.media,
            PRIVATE_MEDIA_ROOT=self.private_media,
            PASSWORD_HASHERS=[FAST_HASHER],
        )
        with self.blocker.unblock(), ExitStack() as stack:
            stack.enter_context(transaction.atomic())
            with demo_settings:
                call_command("demo_content", stdout=io.StringIO())
            self._rollback = stack.pop_all()

    def close(self):
        if self._rollback is not None:
            with self.blocker.unblock():
                transaction.set_rollback(True)
                self._rollback.close()
        self._rollback = None
        self.closed = True


@pytest.fixture(scope="session")
def _demo_database(request, django_db_setup, django_db_blocker, tmp_path_factory):
    demo = DemoDatabase(django_db_blocker, tmp_path_factory.mktemp("demo"))
    request.config.stash[_DEMO_DATABASE] = demo
    try:
        demo.load()
        yield demo
    finally:
        demo.close()


@pytest.fixture
def demo_content(_demo_database, db, settings, tmp_path):
    """The whole demo (every app's demo: news, the register, accounts, the banner), for a test
    that reads it; what the test writes is rolled back. Its files are linked into the test's own
    media folders, so a file the test deletes or adds is gone with the test."""
    if _demo_database.closed:
        pytest.fail(
            f"the demo was rolled back already: a test without {DEMO_FIXTURE} ran after it"
        )
    for name, source in [
        ("MEDIA_ROOT", _demo_database.media),
        ("PRIVATE_MEDIA_ROOT", _demo_database.private_media),
    ]:
        target = tmp_path / f"demo-{source.name}"
        if source.exists():
            shutil.copytree(source, target, copy_function=os.link)
        setattr(settings, name, target)
