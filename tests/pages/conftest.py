import pytest
from django.utils import timezone

from pages.models import Page
from tests.channels.conftest import (  # noqa: F401 (the mail server and the chief editors)
    make_chief,
    smtp,
    smtp_settings,
    start_smtp,
)
from tests.partnerships.conftest import (  # noqa: F401 (the register's records)
    home_city,
    make_agreement,
    torez,
)
from tests.workflow.conftest import (  # noqa: F401 (the newsroom's accounts)
    author,
    chief,
    login,
    make_staff,
    now,
    officer,
    other_author,
    role_groups,
)


@pytest.fixture
def make_page(db):
    """A published page (a draft with ``status="draft"``), saved as an editor's form would."""

    def build(title="О городе", parent=None, **fields):
        fields.setdefault("status", Page.Status.PUBLISHED)
        fields.setdefault("publish_at", timezone.now() - timezone.timedelta(hours=1))
        fields.setdefault("lead", "Коротко о главном.")
        page = Page(title=title, parent=parent, **fields)
        page.full_clean()
        page.save()
        return page

    return build
