from tests.partnerships.conftest import make_event  # noqa: F401 (the register's records)
