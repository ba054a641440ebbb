from tests.news.test_import import media_server, sample  # noqa: F401 (the import's samples)
from tests.partnerships.conftest import (  # noqa: F401 (the register's records)
    home_city,
    make_agreement,
    make_event,
    make_partner,
    torez,
)
from tests.workflow.conftest import (  # noqa: F401 (the newsroom's accounts)
    author,
    chief,
    login,
    make_staff,
    officer,
    role_groups,
)
