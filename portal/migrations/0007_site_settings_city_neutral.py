from django.db import migrations, models

PREVIOUS_DEFAULT_CITY = "Алчевск"
DEFAULT_OFFICE = "Управление информационной политики Администрации города"


def forget_the_default_city(apps, schema_editor) -> None:
    """A fresh install no longer claims to be Alchevsk: settings nobody edited lose the city
    that used to be the default (a real Alchevsk install has edited something else too)."""
    SiteSettings = apps.get_model("portal", "SiteSettings")
    SiteSettings.objects.filter(
        city_name=PREVIOUS_DEFAULT_CITY,
        office_name=DEFAULT_OFFICE,
        tagline="",
        logo="",
        address="",
        phone="",
        email="",
        working_hours="",
        vk_url="",
        telegram_url="",
        ok_url="",
        footer_note="",
    ).update(city_name="")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_chief_editors_pin_results"),
    ]

    operations = [
        migrations.AlterField(
            model_name="sitesettings",
            name="city_name",
            field=models.CharField(
                help_text="Shown in the header, the page titles and the feeds.",
                max_length=100,
                verbose_name="city name",
            ),
        ),
        migrations.RunPython(forget_the_default_city, migrations.RunPython.noop),
    ]
