import datetime

import pytest
from django.utils import timezone

from news.models import Article
from press.models import Announcement, PressContact
from tests.channels.conftest import (  # noqa: F401 (fixtures shared with these tests)
    run_tasks,
    smtp,
    smtp_settings,
    start_smtp,
)
from tests.workflow.conftest import (  # noqa: F401 (fixtures shared with these tests)
    author,
    chief,
    login,
    make_staff,
    officer,
    role_groups,
)


@pytest.fixture
def make_release(make_article):
    def build(title="Пресс-релиз о побратимстве", **fields):
        return make_article(title, kind=Article.Kind.PRESS_RELEASE, **fields)

    return build


@pytest.fixture
def make_announcement(db):
    """Published announcements, starting in ``in_`` from now unless told otherwise."""

    def build(title="Пресс-подход главы города", in_=datetime.timedelta(days=3), **fields):
        fields.setdefault("starts_at", timezone.now() + in_)
        fields.setdefault("description", "Ответы на вопросы журналистов.")
        fields.setdefault("place", "Администрация, малый зал")
        fields.setdefault("contact_name", "Ольга Медведева")
        fields.setdefault("contact_phone", "+7 (857) 422-01-15")
        fields.setdefault("contact_email", "press@alchevsk.example")
        fields.setdefault("is_published", True)
        return Announcement.objects.create(title=title, **fields)

    return build


@pytest.fixture
def press_office(db):
    return PressContact.objects.create(
        name="Ольга Медведева",
        position="Пресс-секретарь главы города",
        phone="+7 (857) 422-01-15",
        email="press@alchevsk.example",
    )
