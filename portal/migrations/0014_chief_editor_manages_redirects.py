# The chief editor manages the redirects of old addresses (a frozen addition to the roles of
# 0004_roles; tests/workflow/test_roles.py checks the two together against the code).

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADDED = {
    "Главный редактор": [
        "portal.add_redirect",
        "portal.change_redirect",
        "portal.delete_redirect",
        "portal.view_redirect",
    ]
}


def add_permissions(apps, schema_editor) -> None:
    db = schema_editor.connection.alias
    app_config = apps.get_app_config("portal")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=db)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permission_names in ADDED.items():
        codenames = [permission.split(".", 1)[1] for permission in permission_names]
        permissions = Permission.objects.using(db).filter(
            content_type__app_label="portal", codename__in=codenames
        )
        group, _created = Group.objects.using(db).get_or_create(name=name)
        group.permissions.add(*permissions)


def remove_permissions(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    for name, permission_names in ADDED.items():
        codenames = [permission.split(".", 1)[1] for permission in permission_names]
        permissions = Permission.objects.using(db).filter(
            content_type__app_label="portal", codename__in=codenames
        )
        for group in Group.objects.using(db).filter(name=name):
            group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0013_redirects"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
