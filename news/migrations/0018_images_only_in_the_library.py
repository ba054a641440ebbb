# The second half of news 0016_library_images: the records refer to library images only. Apart
# from it because PostgreSQL does not alter a table whose rows were just given foreign keys
# in the same transaction ("pending trigger events").

import django.db.models.deletion
from django.db import migrations, models

import portal.images


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0017_library_images"),
    ]

    operations = [
        migrations.AlterField(
            model_name="galleryphoto",
            name="image",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="article_photos",
                to="media.image",
                verbose_name="image",
            ),
        ),
        migrations.RemoveField("article", "old_lead_image"),
        migrations.RemoveField("article", "lead_image_width"),
        migrations.RemoveField("article", "lead_image_height"),
        migrations.RemoveField("article", "lead_image_renditions_of"),
        # Blank first, so that undoing this migration can add the column back to a table
        # with rows (the files are put back into it by out_of_library).
        migrations.AlterField(
            model_name="galleryphoto",
            name="old_image",
            field=portal.images.ValidatedImageField(
                blank=True,
                height_field="image_height",
                max_length=255,
                upload_to="news/gallery/%Y/%m/",
                verbose_name="image",
                width_field="image_width",
            ),
        ),
        migrations.RemoveField("galleryphoto", "old_image"),
        migrations.RemoveField("galleryphoto", "image_width"),
        migrations.RemoveField("galleryphoto", "image_height"),
        migrations.RemoveField("galleryphoto", "image_renditions_of"),
        migrations.AlterField(
            model_name="article",
            name="lead_image_alt",
            field=models.CharField(
                blank=True,
                help_text="What the image shows, for readers who cannot see it. Required with an image; empty, the library's description of the image is used.",
                max_length=255,
                verbose_name="image description (alt text)",
            ),
        ),
        migrations.AlterField(
            model_name="galleryphoto",
            name="alt",
            field=models.CharField(
                blank=True,
                help_text="What the photo shows, for readers who cannot see it; empty, the library's description of the image is used.",
                max_length=255,
                verbose_name="image description (alt text)",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("lead_image__isnull", True),
                    models.Q(("lead_image_alt", ""), _negated=True),
                    _connector="OR",
                ),
                name="news_article_image_has_alt",
                violation_error_message="Describe the lead image in its alt text.",
            ),
        ),
    ]
