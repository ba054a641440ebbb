"""The roles as groups (made by a migration) and the demo accounts that show them at work."""

import importlib
import io
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest
from django.urls import reverse
from reversion.models import Version

from news.models import Article
from portal import demo, roles
from portal.models import AuditEvent

ROLES_MIGRATION = ("portal", "0004_roles")
PIN_ROLES_MIGRATION = ("portal", "0006_chief_editors_pin_results")
QUEUE_ROLES_MIGRATION = ("portal", "0009_chief_editor_sees_the_queue")
IMPORT_ROLES_MIGRATION = ("news", "0009_import_runs")
SUBSCRIBERS_ROLES_MIGRATION = ("channels", "0004_chief_editor_sees_subscribers")
DUTY_ROLE_MIGRATION = ("alerts", "0002_duty_officer_role")
REDIRECTS_ROLES_MIGRATION = ("portal", "0014_chief_editor_manages_redirects")
CROSSPOST_ROLES_MIGRATION = ("channels", "0007_chief_editor_crossposts")
PRESS_ROLES_MIGRATION = ("press", "0002_chief_editor_keeps_the_press_section")
PAGES_ROLES_MIGRATION = ("pages", "0002_chief_editor_keeps_pages")
PAGE_AUTHORS_ROLES_MIGRATION = ("pages", "0003_authors_write_pages")
DOCUMENTS_ROLES_MIGRATION = ("documents", "0002_chief_editor_keeps_documents")
MEDIA_ROLES_MIGRATION = ("media", "0002_roles_use_the_library")


def migrated_roles() -> dict[str, set[str]]:
    """The roles as the migrations leave them: 0004's groups, then 0006's and 0009's
    additions, news 0009's, channels 0004's, alerts 0002's (the duty officer) and portal
    0014's (redirects), pages 0002's and 0003's (authors write pages)."""
    roles_migration = importlib.import_module("portal.migrations.0004_roles")
    pins_migration = importlib.import_module("portal.migrations.0006_chief_editors_pin_results")
    queue_migration = importlib.import_module("portal.migrations.0009_chief_editor_sees_the_queue")
    import_migration = importlib.import_module("news.migrations.0009_import_runs")
    subscribers_migration = importlib.import_module(
        "channels.migrations.0004_chief_editor_sees_subscribers"
    )
    duty_migration = importlib.import_module("alerts.migrations.0002_duty_officer_role")
    redirects_migration = importlib.import_module(
        "portal.migrations.0014_chief_editor_manages_redirects"
    )
    crosspost_migration = importlib.import_module(
        "channels.migrations.0007_chief_editor_crossposts"
    )
    press_migration = importlib.import_module(
        "press.migrations.0002_chief_editor_keeps_the_press_section"
    )
    pages_migration = importlib.import_module("pages.migrations.0002_chief_editor_keeps_pages")
    page_authors_migration = importlib.import_module("pages.migrations.0003_authors_write_pages")
    documents_migration = importlib.import_module(
        "documents.migrations.0002_chief_editor_keeps_documents"
    )
    media_migration = importlib.import_module("media.migrations.0002_roles_use_the_library")
    merged = {name: set(perms) for name, perms in roles_migration.ROLES.items()}
    for added in (
        pins_migration.ADDED_PERMISSIONS,
        queue_migration.ADDED,
        import_migration.ADDED,
        subscribers_migration.ADDED,
        duty_migration.ADDED,
        redirects_migration.ADDED,
        crosspost_migration.ADDED,
        press_migration.ADDED,
        pages_migration.ADDED,
        page_authors_migration.ADDED,
        documents_migration.ADDED,
        media_migration.ADDED,
    ):
        for name, perms in added.items():
            merged.setdefault(name, set()).update(perms)
    return merged


def group_permissions(group) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_the_migration_holds_the_roles_defined_in_code():
    assert migrated_roles() == {name: set(perms) for name, perms in roles.ROLE_PERMISSIONS.items()}


@pytest.mark.django_db
def test_the_migrations_create_the_groups_and_any_missing_permission():
    Group.objects.filter(name__in=roles.ROLE_PERMISSIONS).delete()
    Permission.objects.filter(codename="publish_article").delete()
    migration = importlib.import_module("portal.migrations.0004_roles")
    state_apps = MigrationExecutor(connection).loader.project_state(ROLES_MIGRATION).apps

    # The data migrations only ask the schema editor for its connection.
    migration.create_roles(state_apps, SimpleNamespace(connection=connection))
    pins_migration = importlib.import_module("portal.migrations.0006_chief_editors_pin_results")
    pins_state_apps = MigrationExecutor(connection).loader.project_state(PIN_ROLES_MIGRATION).apps
    pins_migration.add_permissions(pins_state_apps, SimpleNamespace(connection=connection))
    queue_migration = importlib.import_module("portal.migrations.0009_chief_editor_sees_the_queue")
    queue_state_apps = (
        MigrationExecutor(connection).loader.project_state(QUEUE_ROLES_MIGRATION).apps
    )
    queue_migration.add_permissions(queue_state_apps, SimpleNamespace(connection=connection))
    import_migration = importlib.import_module("news.migrations.0009_import_runs")
    import_state_apps = (
        MigrationExecutor(connection).loader.project_state(IMPORT_ROLES_MIGRATION).apps
    )
    import_migration.add_permissions(import_state_apps, SimpleNamespace(connection=connection))
    subscribers_migration = importlib.import_module(
        "channels.migrations.0004_chief_editor_sees_subscribers"
    )
    subscribers_state_apps = (
        MigrationExecutor(connection).loader.project_state(SUBSCRIBERS_ROLES_MIGRATION).apps
    )
    subscribers_migration.add_permissions(
        subscribers_state_apps, SimpleNamespace(connection=connection)
    )
    duty_migration = importlib.import_module("alerts.migrations.0002_duty_officer_role")
    duty_state_apps = MigrationExecutor(connection).loader.project_state(DUTY_ROLE_MIGRATION).apps
    duty_migration.add_permissions(duty_state_apps, SimpleNamespace(connection=connection))
    redirects_migration = importlib.import_module(
        "portal.migrations.0014_chief_editor_manages_redirects"
    )
    redirects_state_apps = (
        MigrationExecutor(connection).loader.project_state(REDIRECTS_ROLES_MIGRATION).apps
    )
    redirects_migration.add_permissions(
        redirects_state_apps, SimpleNamespace(connection=connection)
    )
    crosspost_migration = importlib.import_module(
        "channels.migrations.0007_chief_editor_crossposts"
    )
    crosspost_state_apps = (
        MigrationExecutor(connection).loader.project_state(CROSSPOST_ROLES_MIGRATION).apps
    )
    crosspost_migration.add_permissions(
        crosspost_state_apps, SimpleNamespace(connection=connection)
    )
    press_migration = importlib.import_module(
        "press.migrations.0002_chief_editor_keeps_the_press_section"
    )
    press_state_apps = (
        MigrationExecutor(connection).loader.project_state(PRESS_ROLES_MIGRATION).apps
    )
    press_migration.add_permissions(press_state_apps, SimpleNamespace(connection=connection))
    pages_migration = importlib.import_module("pages.migrations.0002_chief_editor_keeps_pages")
    pages_state_apps = (
        MigrationExecutor(connection).loader.project_state(PAGES_ROLES_MIGRATION).apps
    )
    pages_migration.add_permissions(pages_state_apps, SimpleNamespace(connection=connection))
    page_authors_migration = importlib.import_module("pages.migrations.0003_authors_write_pages")
    page_authors_state_apps = (
        MigrationExecutor(connection).loader.project_state(PAGE_AUTHORS_ROLES_MIGRATION).apps
    )
    page_authors_migration.add_permissions(
        page_authors_state_apps, SimpleNamespace(connection=connection)
    )
    documents_migration = importlib.import_module(
        "documents.migrations.0002_chief_editor_keeps_documents"
    )
    documents_state_apps = (
        MigrationExecutor(connection).loader.project_state(DOCUMENTS_ROLES_MIGRATION).apps
    )
    documents_migration.add_permissions(
        documents_state_apps, SimpleNamespace(connection=connection)
    )
    media_migration = importlib.import_module("media.migrations.0002_roles_use_the_library")
    media_state_apps = (
        MigrationExecutor(connection).loader.project_state(MEDIA_ROLES_MIGRATION).apps
    )
    media_migration.add_permissions(media_state_apps, SimpleNamespace(connection=connection))

    for name, expected in roles.ROLE_PERMISSIONS.items():
        assert group_permissions(Group.objects.get(name=name)) == set(expected), name


def test_who_may_publish(author, chief, officer):
    assert [user.has_perm(roles.PUBLISH_PERMISSION) for user in (author, chief, officer)] == [
        False,
        True,
        False,
    ]


def test_sync_roles_puts_right_a_changed_group(role_groups):
    author_group = role_groups[roles.AUTHOR]
    author_group.permissions.add(Permission.objects.get(codename="publish_article"))

    roles.sync_roles()

    assert roles.PUBLISH_PERMISSION not in group_permissions(author_group)


def test_every_demo_account_has_one_role_and_logs_in(client, demo_content):
    for username, _first, _last, role in demo.DEMO_USERS:
        user = get_user_model().objects.get(username=username)
        assert [group.name for group in user.groups.all()] == [role]
        assert not user.user_permissions.exists()
        assert user.email.endswith("@alchevsk.example")  # make demo prints their mails
        assert client.login(
            request=HttpRequest(), username=username, password=demo.DEMO_PASSWORD
        ), username
        assert client.get(reverse("admin:index")).status_code == 200
        client.logout()


def test_the_demo_shows_the_review_at_work(demo_content):
    call_command("demo_content", stdout=io.StringIO())  # loaded a second time

    author = get_user_model().objects.get(username="avtor")
    own = Article.objects.filter(created_by=author)
    assert own.filter(status=Article.Status.REVIEW).exists()
    sent_back = AuditEvent.objects.filter(action=AuditEvent.Action.SENT_BACK).get()
    assert sent_back.actor.username == "glavred"
    assert own.filter(pk=sent_back.object_id, status=Article.Status.DRAFT).exists()
    # Every article has a history to restore from, and deleted ones can be recovered.
    assert all(
        Version.objects.get_for_object(article).exists() for article in Article.objects.all()
    )
