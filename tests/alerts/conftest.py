from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.models import Banner
from portal import roles
from tests.workflow.conftest import (  # noqa: F401 (fixtures shared with these tests)
    author,
    chief,
    login,
    make_staff,
    officer,
    role_groups,
)


@pytest.fixture
def make_banner(db):
    """Build banners; published, shown on every page and with no times unless told."""

    def build(text="Плановое отключение воды до 18:00", **fields):
        fields.setdefault("is_published", True)
        return Banner.objects.create(text=text, **fields)

    return build


@pytest.fixture
def duty(make_staff):  # noqa: F811 (the fixture imported above)
    return make_staff("dezhurny", roles.DUTY_OFFICER)


def in_hours(hours):
    return timezone.now() + timedelta(hours=hours)
