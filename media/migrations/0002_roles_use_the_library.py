# Every editorial role chooses and uploads library images (articles, galleries, events and
# partners refer to them); the chief editor also deletes them. A frozen addition to the roles
# of portal 0004_roles, as in documents 0002 (tests/workflow/test_roles.py checks them
# together against portal.roles).

from django.contrib.auth.management import create_permissions
from django.db import migrations

USE = ["media.add_image", "media.change_image", "media.view_image", "media.add_tag", "media.view_tag"]
ADDED = {
    "Автор": USE,
    "Главный редактор": [*USE, "media.delete_image", "media.change_tag", "media.delete_tag"],
    "Специалист по партнёрству": USE,
}


def _permissions(apps, db, permission_names):
    Permission = apps.get_model("auth", "Permission")
    codenames = [permission.split(".", 1)[1] for permission in permission_names]
    return Permission.objects.using(db).filter(
        content_type__app_label="media", codename__in=codenames
    )


def add_permissions(apps, schema_editor):
    db = schema_editor.connection.alias
    app_config = apps.get_app_config("media")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=db)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, permission_names in ADDED.items():
        group, _created = Group.objects.using(db).get_or_create(name=name)
        group.permissions.add(*_permissions(apps, db, permission_names))


def remove_permissions(apps, schema_editor):
    db = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    for name, permission_names in ADDED.items():
        for group in Group.objects.using(db).filter(name=name):
            group.permissions.remove(*_permissions(apps, db, permission_names))


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0001_image_library"),
        ("portal", "0004_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
