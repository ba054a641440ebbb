import pytest
from django.utils import timezone

from channels.subscriptions.forms import consent_text
from channels.subscriptions.models import Frequency, Subscriber, Subscription, Topic
from tests.channels.test_notifications import links, parts  # noqa: F401 (shared helpers)
from tests.partnerships.conftest import (  # noqa: F401 (fixtures shared with these tests)
    home_city,
    make_agreement,
    torez,
)
from tests.workflow.conftest import login, officer  # noqa: F401 (fixtures shared with these tests)

SITE = "https://vestnik.example.ru"


def site_path(url):
    assert url.startswith(SITE), url
    return url.removeprefix(SITE)


@pytest.fixture
def make_subscriber(db):
    """A confirmed subscriber following ``topics`` (``(Topic, rubric or agreement)`` pairs)."""

    def build(email, *topics, frequency=Frequency.IMMEDIATE):
        subscriber = Subscriber.objects.create(
            email=email,
            frequency=frequency,
            consent_text=consent_text(),
            consented_at=timezone.now(),
            confirmed_at=timezone.now(),
        )
        for topic, about in topics or [(Topic.NEWS, None)]:
            Subscription.objects.create(
                subscriber=subscriber,
                topic=topic,
                rubric=about if topic == Topic.RUBRIC else None,
                agreement=about if topic == Topic.AGREEMENT else None,
            )
        return subscriber

    return build
