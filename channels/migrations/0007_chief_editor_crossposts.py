# The chief editor configures the cross-posting channels and each article's posts (a frozen
# addition to the roles of portal's 0004_roles; tests/workflow/test_roles.py checks them all
# together against portal.roles).

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADDED = {
    "Главный редактор": [
        "channels.view_channel",
        "channels.change_channel",
        "channels.add_channel",
        "channels.view_channelpost",
        "channels.add_channelpost",
        "channels.change_channelpost",
        "channels.view_postattempt",
    ]
}


def _permissions(apps, db, names):
    Permission = apps.get_model("auth", "Permission")
    codenames = [name.split(".", 1)[1] for name in names]
    return Permission.objects.using(db).filter(
        content_type__app_label="channels", codename__in=codenames
    )


def add_permissions(apps, schema_editor):
    db = schema_editor.connection.alias
    app_config = apps.get_app_config("channels")
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
    dependencies = [
        ("channels", "0006_crossposting"),
        ("portal", "0015_crossposting_in_the_audit_trail"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
