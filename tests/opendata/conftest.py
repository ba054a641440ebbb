"""The open data tests build the register with the partnerships fixtures."""

import csv
import io

import pytest

from portal.models import SiteSettings
from tests.partnerships.conftest import (
    home_city,
    make_agreement,
    make_area,
    make_event,
    make_partner,
    make_plan,
    torez,
)

__all__ = [
    "home_city",
    "make_agreement",
    "make_area",
    "make_event",
    "make_partner",
    "make_plan",
    "torez",
]


def parse(response):
    """A CSV answer as rows, checking what every open data file must be: UTF-8 text/csv
    without a byte order mark, parsed by the csv module."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response.content
    assert not content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


@pytest.fixture
def publisher(db):
    site = SiteSettings.get_solo()
    site.office_name = "Управление информационной политики Администрации города Алчевска"
    site.phone = "+7 (857) 000-00-00"
    site.email = "press@example.org"
    site.save()
    return site
