"""Existing images move into the library: from the schema before it, with real files, the
migrations turn lead images, gallery photos, event photos and coats of arms into library
images, keep every alt text and caption, and the public pages show them with srcset."""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from reversion.models import Version

from media.models import Image
from news.models import Article, GalleryPhoto
from partnerships.models import EventPhoto, Partner
from portal import renditions
from tests.support import make_image_bytes, page

pytestmark = pytest.mark.django_db(transaction=True)

HISTORY = [("reversion", "0002_add_index_on_version_for_content_type_and_db")]
BEFORE = [
    ("news", "0016_related_articles_chosen_by_hand"),
    ("partnerships", "0014_publication_window"),
    ("media", None),
]


def stored(name, **image):
    """A real image file in storage, as the old image fields left it."""
    return default_storage.save(name, ContentFile(make_image_bytes(**image)))


def migrate(targets):
    """Migrate the test database to ``targets``; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    nodes = [node for node in targets if node[1]]
    return executor.loader.project_state([*nodes, *HISTORY]).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def old_content():
    """The content as it was before the library, written through the old schema."""
    apps = migrate(BEFORE)
    Rubric = apps.get_model("news", "Rubric")
    Article = apps.get_model("news", "Article")
    GalleryPhoto = apps.get_model("news", "GalleryPhoto")
    Partner = apps.get_model("partnerships", "Partner")
    Event = apps.get_model("partnerships", "Event")
    EventPhoto = apps.get_model("partnerships", "EventPhoto")
    rubric = Rubric.objects.create(name="Общество", slug="obshchestvo")
    now = timezone.now() - datetime.timedelta(hours=1)
    lead = stored("news/2019/10/forum.jpg", width=1200, height=800, color=(200, 30, 30))
    article = Article.objects.create(
        title="Алчевск и Торез подписали соглашение",
        slug="alchevsk-i-torez",
        lead="Города стали побратимами.",
        body="<p>Текст.</p>",
        rubric=rubric,
        status="published",
        publish_at=now,
        first_published_at=now,
        lead_image=lead,
        lead_image_width=1200,
        lead_image_height=800,
        lead_image_alt="Главы городов подписывают соглашение",
        lead_image_caption="Фото: пресс-служба",
    )
    gallery = [
        stored("news/gallery/2019/10/hall.jpg", width=800, height=600, color=(30, 200, 30)),
        # the lead image's file again: one library image for both
        stored("news/gallery/2019/10/forum-copy.jpg", width=1200, height=800, color=(200, 30, 30)),
    ]
    for order, (name, alt) in enumerate(
        zip(gallery, ["Зал форума", "Подписание"], strict=True), start=1
    ):
        GalleryPhoto.objects.create(
            article=article,
            image=name,
            image_width=1200 if order == 2 else 800,
            image_height=800 if order == 2 else 600,
            alt=alt,
            caption=f"Снимок {order}",
            order=order,
        )
    arms = stored("partnerships/partners/torez.png", width=200, height=240, image_format="PNG")
    partner = Partner.objects.create(
        name="Торез",
        slug="torez",
        kind="city",
        coat_of_arms=arms,
        coat_of_arms_width=200,
        coat_of_arms_height=240,
    )
    event = Event.objects.create(
        title="Фестиваль в Торезе",
        slug="festival",
        kind="festival",
        starts_on=datetime.date(2016, 6, 1),
        precision="day",
        is_published=True,
        publish_at=now,
    )
    event.partners.add(partner)
    photo = stored("partnerships/events/2016/06/stage.jpg", width=900, height=600)
    EventPhoto.objects.create(
        event=event, image=photo, image_width=900, image_height=600, alt="Дети на сцене"
    )
    # An earlier version of the article, as django-reversion keeps it: it names the file.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("reversion", "Revision")
    Version = apps.get_model("reversion", "Version")
    fields = {
        "title": "Алчевск и Торез: первая редакция",
        "slug": "alchevsk-i-torez",
        "lead": "Города стали побратимами.",
        "rubric": rubric.pk,
        "status": "draft",
        "publish_at": now.isoformat(),
        "lead_image": lead,
        "lead_image_alt": "Главы городов",
    }
    Version.objects.create(
        revision=Revision.objects.create(date_created=now, comment="Первая редакция"),
        object_id=str(article.pk),
        content_type=ContentType.objects.get_for_model(Article),
        db="default",
        format="json",
        serialized_data=json.dumps(
            [{"model": "news.article", "pk": article.pk, "fields": fields}]
        ),
        object_repr=fields["title"],
    )
    return {"lead": lead, "gallery": gallery, "arms": arms, "photo": photo}


def test_every_image_and_alt_text_is_in_the_library_after_the_migration(old_content, client):
    migrate(latest())

    article = Article.objects.get()
    assert article.lead_image.file.name == old_content["lead"]
    assert article.lead_image_alt == "Главы городов подписывают соглашение"
    assert article.lead_image_caption == "Фото: пресс-служба"
    assert article.lead_image.alt == "Главы городов подписывают соглашение"  # the default
    assert (article.lead_image.width, article.lead_image.height) == (1200, 800)
    photos = list(GalleryPhoto.objects.order_by("order"))
    assert [photo.alt for photo in photos] == ["Зал форума", "Подписание"]
    assert [photo.caption for photo in photos] == ["Снимок 1", "Снимок 2"]
    assert photos[0].image.file.name == old_content["gallery"][0]
    assert photos[1].image == article.lead_image  # the same content is one library image
    partner = Partner.objects.get()
    assert partner.coat_of_arms.file.name == old_content["arms"]
    assert partner.coat_of_arms.alt == "Герб: Торез"
    [event_photo] = EventPhoto.objects.all()
    assert event_photo.image.file.name == old_content["photo"]
    assert event_photo.alt == "Дети на сцене"
    assert Image.objects.count() == 4
    for image in Image.objects.all():
        assert len(image.sha256) == 64
        assert Path(image.file.path).is_file()

    [old_version] = Version.objects.get_for_object(article)
    assert old_version.field_dict["lead_image_id"] == article.lead_image_id  # history still reads

    assert renditions.enqueue_all_missing() == 4
    for image in Image.objects.all():
        renditions.make("media.image", image.pk, "file", image.file.name)
    cache.clear()

    tree = page(client.get(article.get_absolute_url()))
    [img] = tree.xpath("//figure[contains(@class, 'article__figure')]//img")
    assert img.get("alt") == "Главы городов подписывают соглашение"
    assert "480w" in img.get("srcset") and "960w" in img.get("srcset")
    gallery_alts = tree.xpath("//*[contains(@class, 'gallery')]//img/@alt")
    assert {"Зал форума", "Подписание"} <= set(gallery_alts)
    [og_image] = tree.xpath("//meta[@property='og:image']/@content")
    assert f"/{settings.IMAGEKIT_CACHEFILE_DIR}/" in og_image
    event_page = page(client.get(event_photo.event.get_absolute_url()))
    [stage] = event_page.xpath("//img[@alt='Дети на сцене']")
    assert stage.get("srcset")
    partner_page = page(client.get(partner.get_absolute_url()))
    assert partner_page.xpath("//img[@alt='Герб: Торез']/@srcset")


def test_the_migration_can_be_undone_without_losing_a_file(old_content):
    migrate(latest())
    apps = migrate(BEFORE)

    Article = apps.get_model("news", "Article")
    GalleryPhoto = apps.get_model("news", "GalleryPhoto")
    Partner = apps.get_model("partnerships", "Partner")
    EventPhoto = apps.get_model("partnerships", "EventPhoto")
    article = Article.objects.get()
    assert article.lead_image.name == old_content["lead"]
    assert article.lead_image_alt == "Главы городов подписывают соглашение"
    names = list(GalleryPhoto.objects.order_by("order").values_list("image", flat=True))
    assert names[0] == old_content["gallery"][0]
    assert names[1] == old_content["lead"]  # the library kept one file of the two copies
    assert Partner.objects.get().coat_of_arms.name == old_content["arms"]
    assert EventPhoto.objects.get().image.name == old_content["photo"]
    migrate(latest())
