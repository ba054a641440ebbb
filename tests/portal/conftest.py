import pytest

from tests.partnerships.conftest import (  # noqa: F401 (the register's records)
    home_city,
    make_agreement,
    make_event,
    torez,
)


@pytest.fixture
def warm(client):
    """Ask each of ``paths`` until the cache answers it (a hit)."""

    def run(*paths):
        # The very first request may create rows (the site's settings) whose commit drops
        # the version it was rendered under; by the third the page is stored.
        for path in paths:
            answers = [client.get(path).headers["X-Cache"] for _ in range(3)]
            assert answers[-1] == "hit", (path, answers)

    return run
