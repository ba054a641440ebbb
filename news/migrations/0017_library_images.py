# Lead images and gallery photos move into the media library: each file becomes a library
# image (one per content: the same file used twice is one image), with the use's alt text and
# caption as its defaults, and the article or photo refers to it. The files stay where they
# are in storage; only the records that own them change. Their renditions are made again for
# the library (`manage.py make_renditions` queues them; until then pages show the file).

import hashlib
import json
from pathlib import PurePath

import django.db.models.deletion
from django.db import migrations, models

import portal.images


class Library:
    """The library images made so far: one per content hash, and which for each old file."""

    def __init__(self, Image):
        self.Image = Image
        self.by_hash = {}
        self.ids_by_name = {}

    def image_for(self, file, width, height, alt, caption):
        """The library image holding ``file`` (a stored file of the old field), made once."""
        try:
            with file.open("rb") as opened:
                digest = hashlib.sha256(opened.read()).hexdigest()
        except OSError:  # missing from storage: kept as it is, its record still names it
            digest = ""
        image = (
            self.by_hash.get(digest)
            or self.Image.objects.filter(sha256=digest).order_by("pk").first()
            if digest
            else None
        )
        if image is None:
            image = self.Image.objects.create(
                file=file.name,
                width=width,
                height=height,
                sha256=digest,
                title=PurePath(file.name).stem[:255],
                alt=alt,
                caption=caption,
            )
        if digest:
            self.by_hash[digest] = image
        self.ids_by_name[file.name] = image.pk
        return image


def _rewrite_versions(apps, app_label, model, fields, library_ids):
    """The record's old versions (django-reversion) named its file; they name its library
    image now, so the history still shows and restores them (an image no longer on any
    record is left out: None)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
    if content_type is None:
        return
    for version in Version.objects.filter(content_type=content_type, format="json").iterator():
        data = json.loads(version.serialized_data)
        changed = False
        for record in data:
            for field in fields:
                value = record.get("fields", {}).get(field)
                if isinstance(value, str):
                    record["fields"][field] = library_ids.get(value)
                    changed = True
        if changed:
            version.serialized_data = json.dumps(data)
            version.save(update_fields=["serialized_data"])


def _checked_now(schema_editor):
    """PostgreSQL checks foreign keys at commit; checked now, the tables can be altered next
    in this transaction (else: "pending trigger events")."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def into_library(apps, schema_editor):
    Image = apps.get_model("media", "Image")
    Article = apps.get_model("news", "Article")
    GalleryPhoto = apps.get_model("news", "GalleryPhoto")
    library = Library(Image)
    for article in Article.objects.exclude(old_lead_image="").order_by("pk").iterator():
        article.lead_image = library.image_for(
            article.old_lead_image,
            article.lead_image_width,
            article.lead_image_height,
            article.lead_image_alt,
            article.lead_image_caption,
        )
        article.save(update_fields=["lead_image"])
    for photo in GalleryPhoto.objects.exclude(old_image="").order_by("pk").iterator():
        photo.image = library.image_for(
            photo.old_image,
            photo.image_width,
            photo.image_height,
            photo.alt,
            photo.caption,
        )
        photo.save(update_fields=["image"])
    _rewrite_versions(apps, "news", "article", ["lead_image"], library.ids_by_name)
    _rewrite_versions(apps, "news", "galleryphoto", ["image"], library.ids_by_name)
    _checked_now(schema_editor)


def out_of_library(apps, schema_editor):
    Article = apps.get_model("news", "Article")
    GalleryPhoto = apps.get_model("news", "GalleryPhoto")
    for article in Article.objects.exclude(lead_image=None).select_related("lead_image"):
        article.old_lead_image = article.lead_image.file.name
        article.lead_image_width = article.lead_image.width
        article.lead_image_height = article.lead_image.height
        article.save(update_fields=["old_lead_image", "lead_image_width", "lead_image_height"])
    for photo in GalleryPhoto.objects.select_related("image"):
        photo.old_image = photo.image.file.name
        photo.image_width = photo.image.width
        photo.image_height = photo.image.height
        photo.save(update_fields=["old_image", "image_width", "image_height"])
    _checked_now(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0001_image_library"),
        ("news", "0016_related_articles_chosen_by_hand"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RemoveConstraint("article", "news_article_image_has_alt"),
        migrations.RenameField("article", "lead_image", "old_lead_image"),
        migrations.RenameField("galleryphoto", "image", "old_image"),
        migrations.AddField(
            model_name="article",
            name="lead_image",
            field=models.ForeignKey(
                blank=True,
                help_text="Chosen from the media library, or uploaded into it below.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="lead_of_articles",
                to="media.image",
                verbose_name="lead image",
            ),
        ),
        migrations.AddField(
            model_name="galleryphoto",
            name="image",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="article_photos",
                to="media.image",
                verbose_name="image",
            ),
        ),
        migrations.RunPython(into_library, out_of_library),
    ]
