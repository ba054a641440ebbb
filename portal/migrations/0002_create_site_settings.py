from django.db import migrations


def create_site_settings(apps, schema_editor) -> None:
    """The singleton exists from the start, so no public request ever has to create it."""
    SiteSettings = apps.get_model("portal", "SiteSettings")
    SiteSettings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(create_site_settings, migrations.RunPython.noop)]
