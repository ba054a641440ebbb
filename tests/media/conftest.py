from tests.partnerships.conftest import make_event  # noqa: F401 (events using images)
from tests.workflow.conftest import make_staff, role_groups  # noqa: F401 (the roles)
