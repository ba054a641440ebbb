"""The public site with the demo content (the press release and a month of news), served by
a live server of its own and read by every test in this folder.

This folder is a package of its own so that the demo is gone before the editors' journeys in
tests/e2e start from an empty database (pytest-django runs these ``django_db`` tests first and
the transactional journeys after them).
"""

import io
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.test.utils import override_settings
from django.urls import reverse

# The page types that answer with a refusal, each with its own page.
REFUSALS = {"not found": 404, "subscription link refused": 404}


@dataclass
class DemoSite:
    url: str
    pages: dict[str, str] = field(default_factory=dict)

    def status(self, name: str) -> int:
        """The status the page type ``name`` answers with."""
        return REFUSALS.get(name, 200)


def public_pages() -> dict[str, str]:
    """One address of every public page type, from the demo content."""
    from news import previews
    from news.models import Article, Tag
    from partnerships.models import Agreement, CooperationPlan, Event, Partner

    article = Article.objects.published().get(title__startswith="Алчевск стал городом-побратимом")
    agreement = article.agreements.get()
    event = agreement.events.filter(precision=Event.Precision.DAY).public().first()
    latest = Article.objects.published().latest()
    partner = Partner.objects.public().get(slug="torez")
    tag = Tag.objects.filter(articles__in=Article.objects.published()).order_by("name").first()
    pages = {
        "home": reverse("news:home"),
        "news list": reverse("news:list"),
        "article": article.get_absolute_url(),
        "rubric": article.rubric.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "year archive": reverse("news:archive-year", args=[latest.publish_at.year]),
        "month archive": reverse(
            "news:archive-month", args=[latest.publish_at.year, latest.publish_at.month]
        ),
        "search results": reverse("portal:search") + "?q=" + quote("город"),
        "search with a suggestion": reverse("portal:search") + "?q=" + quote("побротим"),
        "shared preview of a draft": reverse(
            "news:preview-shared",
            args=[
                previews.share_token(Article.objects.filter(status=Article.Status.DRAFT).first())
            ],
        ),
        "feeds": reverse("portal:feeds"),
        "privacy policy": reverse("portal:privacy"),
        "accessibility statement": reverse("portal:accessibility"),
        "site map": reverse("portal:site-map"),
        "subscription form": reverse("subscriptions:form"),
        "subscription link refused": reverse("subscriptions:confirm", args=["not-a-token"]),
        "register": reverse("partnerships:register"),
        "agreement": agreement.get_absolute_url(),
        "cooperation plan": CooperationPlan.objects.public().first().get_absolute_url(),
        "partners list": reverse("partnerships:partner-list"),
        "partner": partner.get_absolute_url(),
        "events list": reverse("partnerships:event-list"),
        "event": event.get_absolute_url(),
        "open data": reverse("opendata:registry"),
        "open data set": reverse("opendata:set", args=["agreements"]),
        "not found": "/no-such-page/",
    }
    assert Agreement.objects.public().filter(pk=agreement.pk).exists()
    return pages


@pytest.fixture(scope="package")
def demo_site(django_db_setup, django_db_blocker, e2e_media):
    """The demo content behind a live server of its own, for the tests that only read.

    Its tests are ``django_db`` tests (each in a transaction of its own, rolled back). The demo
    itself is committed, so that the server thread sees it on PostgreSQL too (the ``demo_content``
    fixture's demo, held in a transaction never committed, is invisible to it); when the package
    is done the database is put back as it was (flushed and refilled with what the migrations
    had created), for the tests that come after.
    """
    from django.db import connection
    from pytest_django.live_server_helper import LiveServer

    # Unblocked for as long as the package runs: the server thread may still be answering a
    # request (a late image) between two tests.
    with django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        if not (name.rsplit("/", 1)[-1].startswith("test_") or "memorydb" in name):
            pytest.fail(f"demo_site would write to {name}: mark its tests django_db")
        before = connection.creation.serialize_db_to_string()
        try:
            with override_settings(MEDIA_ROOT=e2e_media):
                call_command("demo_content", stdout=io.StringIO())
            server = LiveServer("localhost")
            server._live_server_modified_settings.enable()
            try:
                yield DemoSite(url=server.url, pages=public_pages())
            finally:
                server._live_server_modified_settings.disable()
                server.stop()
        finally:
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(before)
            reset_sequences(connection)


def reset_sequences(connection):
    """Rows refilled with their ids leave PostgreSQL's sequences behind: move them past."""
    from django.apps import apps
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(
        no_style(), apps.get_models(include_auto_created=True)
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
