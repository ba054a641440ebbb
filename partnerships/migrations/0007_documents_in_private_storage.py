"""Agreement documents move from the public media storage to the private one, so that a
draft agreement's PDF is no longer reachable at a /media/ address."""

from django.core.files.storage import storages
from django.db import migrations

import portal.documents
import portal.private_files


def move_files(apps, source_alias, target_alias):
    """Move every document's file from one storage to the other, keeping its name (or the
    name the target gives it, if taken there); files already moved or missing are skipped."""
    source, target = storages[source_alias], storages[target_alias]
    AgreementDocument = apps.get_model("partnerships", "AgreementDocument")
    for document in AgreementDocument.objects.exclude(file="").iterator():
        name = document.file.name
        if not source.exists(name):
            continue
        with source.open(name, "rb") as content:
            stored = target.save(name, content)
        if stored != name:
            AgreementDocument.objects.filter(pk=document.pk).update(file=stored)
        source.delete(name)


def to_private(apps, schema_editor):
    move_files(apps, "default", "private")


def to_public(apps, schema_editor):
    move_files(apps, "private", "default")


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0006_drafts_unpublished_by_default"),
    ]

    operations = [
        migrations.AlterField(
            model_name="agreementdocument",
            name="file",
            field=portal.documents.PrivatePDFField(
                help_text=(
                    "A PDF document; a scan of the signed text is fine. Other formats, and "
                    "PDFs with scripts or attachments, are refused."
                ),
                max_length=255,
                storage=portal.private_files.private_storage,
                upload_to="partnerships/documents/%Y/",
                verbose_name="file",
            ),
        ),
        migrations.RunPython(to_private, to_public),
    ]
