"""``/healthz``: what a load balancer or monitoring asks before sending readers here.

200 when the database answers (the cache may be down: the site then serves uncached, which
is reported but is not a reason to take the server out of rotation); 503 when it does not.
"""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.faults import DATABASE_ERRORS, RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DATABASE_ERRORS as error:
        logger.warning("Health check: database unavailable: %s", error)
        return False


def cache_ok() -> bool:
    probe = "healthz-probe"
    cache.set(probe, "1", 10)
    return cache.get(probe) == "1"


@require_GET
@never_cache
def healthz(request):
    checks = {"database": database_ok(), "cache": cache_ok()}
    status = 200 if checks["database"] else 503
    response = JsonResponse(
        {name: "ok" if ok else "unavailable" for name, ok in checks.items()}, status=status
    )
    if status == 503:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
