# Authors write pages as they write articles: their own, as drafts, submitted for review (a
# frozen addition to the roles; tests/workflow/test_roles.py checks them all against the code).

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADDED = {"Автор": ["pages.add_page", "pages.change_page", "pages.view_page"]}


def _permissions(apps, db, names):
    Permission = apps.get_model("auth", "Permission")
    codenames = [name.split(".", 1)[1] for name in names]
    return Permission.objects.using(db).filter(
        content_type__app_label="pages", codename__in=codenames
    )


def add_permissions(apps, schema_editor):
    db = schema_editor.connection.alias
    app_config = apps.get_app_config("pages")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=db)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, names in ADDED.items():
        group, _created = Group.objects.using(db).get_or_create(name=name)
        group.permissions.add(*_permissions(apps, db, names))


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    db = schema_editor.connection.alias
    for name, names in ADDED.items():
        for group in Group.objects.using(db).filter(name=name):
            group.permissions.remove(*_permissions(apps, db, names))


class Migration(migrations.Migration):
    dependencies = [("pages", "0002_chief_editor_keeps_pages")]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
