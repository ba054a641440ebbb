# The second half of partnerships 0015_library_images: the records refer to library images only. Apart
# from it because PostgreSQL does not alter a table whose rows were just given foreign keys
# in the same transaction ("pending trigger events").

import django.db.models.deletion
from django.db import migrations, models

import portal.images


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0015_library_images"),
    ]

    operations = [
        migrations.AlterField(
            model_name="eventphoto",
            name="image",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="event_photos",
                to="media.image",
                verbose_name="image",
            ),
        ),
        migrations.RemoveField("partner", "old_coat_of_arms"),
        migrations.RemoveField("partner", "coat_of_arms_width"),
        migrations.RemoveField("partner", "coat_of_arms_height"),
        migrations.RemoveField("partner", "coat_of_arms_renditions_of"),
        # Blank first, so that undoing this migration can add the column back to a table
        # with rows (the files are put back into it by out_of_library).
        migrations.AlterField(
            model_name="eventphoto",
            name="old_image",
            field=portal.images.ValidatedImageField(
                blank=True,
                height_field="image_height",
                help_text="JPEG, PNG or WebP. Metadata such as GPS position is removed on upload.",
                max_length=255,
                upload_to="partnerships/events/%Y/%m/",
                verbose_name="image",
                width_field="image_width",
            ),
        ),
        migrations.RemoveField("eventphoto", "old_image"),
        migrations.RemoveField("eventphoto", "image_width"),
        migrations.RemoveField("eventphoto", "image_height"),
        migrations.RemoveField("eventphoto", "image_renditions_of"),
        migrations.AlterField(
            model_name="eventphoto",
            name="alt",
            field=models.CharField(
                blank=True,
                help_text="What the photo shows, for readers who cannot see it; empty, the library's description of the image is used.",
                max_length=255,
                verbose_name="image description (alt text)",
            ),
        ),
    ]
