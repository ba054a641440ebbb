# The editorial roles as groups. A frozen copy of portal.roles.ROLE_PERMISSIONS at the time of
# writing (tests/workflow/test_roles.py checks that the two agree); later changes to the roles
# go into a new migration or are applied with portal.roles.sync_roles().
#
# The permissions are created here if the post_migrate signal has not created them yet (a
# fresh database migrates everything before post_migrate runs), so the result does not depend
# on the order in which apps are migrated.

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q


def _all(app_label: str, *models):
    return [
        f"{app_label}.{action}_{model}"
        for model in models
        for action in ("add", "change", "delete", "view")
    ]


ROLES = {
    "Автор": [
        "news.add_article",
        "news.change_article",
        "news.view_article",
        *_all("news", "galleryphoto"),
        "news.view_rubric",
        "news.view_tag",
        "news.view_department",
    ],
    "Главный редактор": [
        *_all("news", "article", "galleryphoto", "rubric", "tag", "department"),
        "news.publish_article",
        "portal.change_sitesettings",
        "portal.view_sitesettings",
        "portal.view_auditevent",
        "partnerships.view_partner",
        "partnerships.view_area",
        "partnerships.view_agreement",
        "partnerships.view_signatory",
        "partnerships.view_agreementdocument",
        "partnerships.view_event",
        "partnerships.view_eventphoto",
        "partnerships.view_cooperationplan",
        "partnerships.view_planitem",
    ],
    "Специалист по партнёрству": [
        *_all(
            "partnerships",
            "partner",
            "area",
            "agreement",
            "signatory",
            "agreementdocument",
            "event",
            "eventphoto",
            "cooperationplan",
            "planitem",
        ),
        "news.view_article",
    ],
}


def create_roles(apps, schema_editor):
    db = schema_editor.connection.alias
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=db)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permission_names in ROLES.items():
        query = Q()
        for permission_name in permission_names:
            app_label, codename = permission_name.split(".", 1)
            query |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.using(db).filter(query))
        if len(permissions) != len(set(permission_names)):
            found = {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
            raise RuntimeError(f"Missing permissions: {sorted(set(permission_names) - found)}")
        group, _created = Group.objects.using(db).get_or_create(name=name)
        group.permissions.add(*permissions)


def remove_roles(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0003_auditevent"),
        ("news", "0003_workflow"),
        ("partnerships", "0002_versions"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
