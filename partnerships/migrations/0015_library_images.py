# Coats of arms and event photos move into the media library, as news 0016 does for lead
# images and galleries: one library image per content (a file already in the library, e.g. a
# photo also in an article's gallery, is found by its hash), the use's alt text and caption
# as its defaults. The files stay where they are in storage.

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


def _emblem_alt(partner):
    # The words partnerships.models.Partner.emblem_alt gives the public pages (in Russian).
    if partner.kind == "organisation":
        return f"Логотип: {partner.name}"
    return f"Герб: {partner.name}"


def into_library(apps, schema_editor):
    Image = apps.get_model("media", "Image")
    Partner = apps.get_model("partnerships", "Partner")
    EventPhoto = apps.get_model("partnerships", "EventPhoto")
    library = Library(Image)
    for partner in Partner.objects.exclude(old_coat_of_arms="").order_by("pk").iterator():
        partner.coat_of_arms = library.image_for(
            partner.old_coat_of_arms,
            partner.coat_of_arms_width,
            partner.coat_of_arms_height,
            _emblem_alt(partner),
            "",
        )
        partner.save(update_fields=["coat_of_arms"])
    for photo in EventPhoto.objects.exclude(old_image="").order_by("pk").iterator():
        photo.image = library.image_for(
            photo.old_image,
            photo.image_width,
            photo.image_height,
            photo.alt,
            photo.caption,
        )
        photo.save(update_fields=["image"])
    _rewrite_versions(apps, "partnerships", "partner", ["coat_of_arms"], library.ids_by_name)
    _rewrite_versions(apps, "partnerships", "eventphoto", ["image"], library.ids_by_name)
    _checked_now(schema_editor)


def out_of_library(apps, schema_editor):
    Partner = apps.get_model("partnerships", "Partner")
    EventPhoto = apps.get_model("partnerships", "EventPhoto")
    for partner in Partner.objects.exclude(coat_of_arms=None).select_related("coat_of_arms"):
        partner.old_coat_of_arms = partner.coat_of_arms.file.name
        partner.coat_of_arms_width = partner.coat_of_arms.width
        partner.coat_of_arms_height = partner.coat_of_arms.height
        partner.save(
            update_fields=["old_coat_of_arms", "coat_of_arms_width", "coat_of_arms_height"]
        )
    for photo in EventPhoto.objects.select_related("image"):
        photo.old_image = photo.image.file.name
        photo.image_width = photo.image.width
        photo.image_height = photo.image.height
        photo.save(update_fields=["old_image", "image_width", "image_height"])
    _checked_now(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0001_image_library"),
        ("news", "0018_images_only_in_the_library"),
        ("partnerships", "0014_publication_window"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RenameField("partner", "coat_of_arms", "old_coat_of_arms"),
        migrations.RenameField("eventphoto", "image", "old_image"),
        migrations.AddField(
            model_name="partner",
            name="coat_of_arms",
            field=models.ForeignKey(
                blank=True,
                help_text="From the media library. PNG with a transparent background works best; it is shown small.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="emblem_of_partners",
                to="media.image",
                verbose_name="coat of arms or logo",
            ),
        ),
        migrations.AddField(
            model_name="eventphoto",
            name="image",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="event_photos",
                to="media.image",
                verbose_name="image",
            ),
        ),
        migrations.RunPython(into_library, out_of_library),
    ]
