# Chief editors pin search results («лучший ответ»): the permissions on SearchPin added to
# their group (a frozen copy, as in 0004_roles; tests/workflow/test_roles.py checks that
# 0004 and this one together agree with portal.roles).

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADDED_PERMISSIONS = {
    "Главный редактор": [
        f"portal.{action}_searchpin" for action in ("add", "change", "delete", "view")
    ],
}


def add_permissions(apps, schema_editor) -> None:
    db = schema_editor.connection.alias
    portal = apps.get_app_config("portal")
    portal.models_module = True
    create_permissions(portal, apps=apps, verbosity=0, using=db)
    portal.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permission_names in ADDED_PERMISSIONS.items():
        codenames = [permission_name.split(".", 1)[1] for permission_name in permission_names]
        permissions = Permission.objects.using(db).filter(
            content_type__app_label="portal", codename__in=codenames
        )
        group, _created = Group.objects.using(db).get_or_create(name=name)
        group.permissions.add(*permissions)


def remove_permissions(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.using(schema_editor.connection.alias).filter(
        name__in=ADDED_PERMISSIONS
    ):
        codenames = [name.split(".", 1)[1] for name in ADDED_PERMISSIONS[group.name]]
        group.permissions.remove(*group.permissions.filter(codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_searchpin_and_sqlite_index")]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
