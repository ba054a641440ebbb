"""Renditions leave the request: a save enqueues a task, a worker makes them; until then every
page shows the upload itself and lists no rendition, so no image is ever broken."""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from PIL import Image

from media.models import Image as LibraryImage
from news.models import Article, GalleryPhoto
from partnerships.models import Event, EventPhoto, Partner
from portal import renditions
from tests.channels.conftest import run_tasks
from tests.portal.test_uploads import add_article, media_path, upload
from tests.support import feed, make_image_bytes, page

pytestmark = pytest.mark.django_db(transaction=True)


def rendition_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / django_settings.IMAGEKIT_CACHEFILE_DIR
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def lead_picture(client, article):
    cache.clear()  # the page as rendered now, not as cached before
    tree = page(client.get(article.get_absolute_url()))
    [picture] = tree.xpath("//figure[contains(@class, 'article__figure')]/picture")
    return picture


def srcset_urls(srcset: str) -> list[str]:
    return [candidate.split()[0] for candidate in srcset.split(", ")]


def srcset_widths(srcset: str) -> list[str]:
    return [candidate.split()[1] for candidate in srcset.split(", ")]


@pytest.fixture
def saved_in_admin(editor_client, rubric):
    """An article saved through the admin with a 1200×800 lead image, then published."""
    response = add_article(
        editor_client,
        rubric,
        lead_image_upload=upload("Площадь.jpg", make_image_bytes(1200, 800)),
    )
    assert response.status_code == 302
    Article.objects.update(status=Article.Status.PUBLISHED, publish_at=timezone.now())
    return Article.objects.get()


def test_the_admin_save_makes_no_rendition_and_the_page_shows_the_upload(
    saved_in_admin, client, settings
):
    assert rendition_files(settings) == []
    assert DBTaskResult.objects.filter(task_path__endswith="make_renditions").exists()

    picture = lead_picture(client, saved_in_admin)
    assert picture.xpath(".//source") == []
    img = picture.xpath(".//img")[0]
    assert img.get("srcset") is None
    assert img.get("src") == saved_in_admin.lead_image.url
    assert media_path(settings, img.get("src")).is_file()
    assert (img.get("width"), img.get("height")) == ("1200", "800")
    assert img.get("alt") == "Глава города на форуме"


def test_the_worker_makes_the_renditions_and_the_page_lists_them(saved_in_admin, client, settings):
    client.get(saved_in_admin.get_absolute_url())  # cached with the upload
    run_tasks()

    assert DBTaskResult.objects.get(
        task_path__endswith="make_renditions", status=TaskResultStatus.SUCCESSFUL
    )
    # 160, 320, 480, 960, 1200 (not upscaled) × WebP, JPEG, and the four focal-point crops
    assert len(rendition_files(settings)) == 14
    # The cached page was dropped: readers get the renditions at once.
    tree = page(client.get(saved_in_admin.get_absolute_url()))
    [picture] = tree.xpath("//figure[contains(@class, 'article__figure')]/picture")
    webp = picture.xpath(".//source[@type='image/webp']/@srcset")[0]
    img = picture.xpath(".//img")[0]
    assert srcset_widths(webp) == srcset_widths(img.get("srcset"))
    assert srcset_widths(webp) == ["160w", "320w", "480w", "960w", "1200w"]
    for url in [*srcset_urls(webp), *srcset_urls(img.get("srcset")), img.get("src")]:
        assert media_path(settings, url).is_file(), url
    with Image.open(media_path(settings, img.get("src"))) as rendition:
        assert rendition.size == (960, 640)


def test_the_pages_make_as_many_queries_before_and_after(saved_in_admin, client):
    def queries(url):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = [saved_in_admin.get_absolute_url(), "/", "/news/", "/news/rss/"]
    before = [queries(url) for url in urls]
    run_tasks()
    assert [queries(url) for url in urls] == before


def test_a_task_run_twice_makes_nothing_twice(saved_in_admin, settings):
    run_tasks()
    made = {path: path.stat().st_mtime_ns for path in rendition_files(settings)}

    name = saved_in_admin.lead_image.name
    assert renditions.make("media.image", saved_in_admin.lead_image_id, "file", name) == 0
    assert {path: path.stat().st_mtime_ns for path in rendition_files(settings)} == made


def test_a_new_image_shows_itself_until_its_own_renditions_are_made(saved_in_admin, client):
    run_tasks()
    image = saved_in_admin.lead_image
    old_name = image.name
    image.file = upload("novoe.png", make_image_bytes(800, 600, "PNG"))  # a new file of the image
    image.save()

    # The old file's task, run late, marks nothing: the image holds another file now.
    assert renditions.make("media.image", image.pk, "file", old_name) == 0
    img = lead_picture(client, saved_in_admin).xpath(".//img")[0]
    assert img.get("src") == saved_in_admin.lead_image.url
    assert img.get("srcset") is None

    run_tasks()
    img = lead_picture(client, saved_in_admin).xpath(".//img")[0]
    assert "/renditions/" in img.get("src")
    assert srcset_widths(img.get("srcset")) == ["160w", "320w", "480w", "800w"]


def test_the_feed_encloses_the_upload_then_the_rendition(saved_in_admin, client):
    [entry] = feed(client.get("/news/rss/")).entries
    [enclosure] = entry.enclosures
    assert enclosure.href.endswith(saved_in_admin.lead_image.url)
    assert enclosure.type == "image/jpeg"

    run_tasks()
    cache.clear()
    [entry] = feed(client.get("/news/rss/")).entries
    assert "/renditions/" in entry.enclosures[0].href


def test_a_failed_rendition_is_retried(saved_in_admin, settings):
    Path(saved_in_admin.lead_image.file.path).unlink()  # e.g. storage not reachable for a moment
    run_tasks()

    row = DBTaskResult.objects.get(task_path__endswith="make_renditions")
    assert row.status == TaskResultStatus.READY
    assert row.run_after > timezone.now()
    assert rendition_files(settings) == []


def photo_owners(make_article):
    return {
        "article": lambda image: make_article(lead_image=image, lead_image_alt="Фото"),
        "gallery photo": lambda image: GalleryPhoto.objects.create(
            article=make_article(), image=image, alt="Фото"
        ),
        "coat of arms": lambda image: Partner.objects.create(
            name="Торез", kind=Partner.Kind.CITY, coat_of_arms=image
        ),
        "event photo": lambda image: EventPhoto.objects.create(
            event=Event.objects.create(title="Фестиваль", starts_on=datetime.date(2016, 6, 1)),
            image=image,
            alt="Фото",
        ),
    }


@pytest.mark.parametrize("owner", ["article", "gallery photo", "coat of arms", "event photo"])
def test_every_image_gets_its_renditions_from_the_worker(
    owner, make_article, library_image, settings
):
    saved = photo_owners(make_article)[owner](library_image("foto.jpg", width=400, height=300))
    assert rendition_files(settings) == []

    run_tasks()

    saved.refresh_from_db()
    source = (
        "lead_image"
        if owner == "article"
        else "coat_of_arms"
        if owner == "coat of arms"
        else "image"
    )
    assert renditions.renditions_ready(saved, source)
    assert rendition_files(settings)


def test_images_loaded_in_bulk_get_their_renditions_from_the_command(library_image, settings):
    image = library_image("foto.jpg", width=400, height=300)
    run_tasks()
    loaded = LibraryImage(
        file=image.name.replace("foto", "foto-copy"), width=400, height=300, title="Пакет"
    )
    Path(settings.MEDIA_ROOT, loaded.file.name).write_bytes(Path(image.file.path).read_bytes())
    [loaded] = LibraryImage.objects.bulk_create([loaded])  # no signal: no task
    out = io.StringIO()

    call_command("make_renditions", stdout=out)

    assert out.getvalue() == "Images queued for renditions: 1.\n"
    run_tasks()
    loaded.refresh_from_db()
    assert renditions.renditions_ready(loaded, "file")
    call_command("make_renditions", stdout=out)
    assert out.getvalue().endswith("Images queued for renditions: 0.\n")
