from tests.partnerships.conftest import (  # noqa: F401 (the register's records)
    home_city,
    make_agreement,
    make_event,
    torez,
)
