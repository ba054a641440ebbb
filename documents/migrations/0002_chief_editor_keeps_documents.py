# The chief editor keeps the register of documents: a frozen addition to the roles of portal
# 0004_roles, as in alerts 0002 (tests/workflow/test_roles.py checks them together against
# portal.roles).

from django.contrib.auth.management import create_permissions
from django.db import migrations

DOCUMENTS = [
    f"documents.{action}_{model}"
    for model in ("document", "documentlink", "issuingbody")
    for action in ("add", "change", "delete", "view")
]
ADDED = {"Главный редактор": DOCUMENTS}


def _permissions(apps, db, permission_names):
    Permission = apps.get_model("auth", "Permission")
    codenames = [permission.split(".", 1)[1] for permission in permission_names]
    return Permission.objects.using(db).filter(
        content_type__app_label="documents", codename__in=codenames
    )


def add_permissions(apps, schema_editor):
    db = schema_editor.connection.alias
    app_config = apps.get_app_config("documents")
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
        ("documents", "0001_initial"),
        ("portal", "0004_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
