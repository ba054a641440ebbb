"""``/healthz``: what a load balancer or monitoring asks before sending readers here.

200 when the database answers (the cache may be down: the site then serves uncached, which
is reported but is not a reason to take the server out of rotation); 503 when it does not.

The answer comes within ``PROBE_SECONDS`` even from a database that accepts connections and
never answers: the probe runs on a fresh connection in a thread of its own, and a probe still
waiting for its connect timeout is shared by the health checks that come meanwhile, so a
silent database costs one thread, not one per check.
"""

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as ProbeTimeout

from django.core.cache import cache
from django.db import connections
from django.db.utils import load_backend
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.faults import DATABASE_ERRORS, RETRY_AFTER_SECONDS
from portal.queue import oldest_ready_wait, queue_stalled

logger = logging.getLogger(__name__)

PROBE_SECONDS = 0.8

_prober = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz")
_probe_lock = threading.Lock()
_probes: dict[tuple, Future] = {}  # the latest probe of each database


def _database_answers(settings_dict: dict) -> bool:
    database = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict)
    try:
        with database.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DATABASE_ERRORS as error:
        logger.warning("Health check: database unavailable: %s", error)
        return False
    finally:
        database.close()


def database_ok(timeout: float = PROBE_SECONDS) -> bool:
    settings_dict = connections["default"].settings_dict
    database = tuple(settings_dict.get(key) for key in ("ENGINE", "HOST", "PORT", "NAME"))
    with _probe_lock:
        probe = _probes.get(database)
        if probe is None or probe.done():
            probe = _probes[database] = _prober.submit(_database_answers, {**settings_dict})
    try:
        return probe.result(timeout)
    except ProbeTimeout:
        logger.warning("Health check: the database did not answer within %s s", timeout)
        return False


def cache_ok() -> bool:
    probe = "healthz-probe"
    cache.set(probe, "1", 10)
    return cache.get(probe) == "1"


@require_GET
@never_cache
def healthz_queue(request: HttpRequest) -> JsonResponse:
    """503 when the task queue is not draining (no worker running, or too few): for
    monitoring, not for the load balancer — the web servers are fine meanwhile."""
    try:
        wait = oldest_ready_wait()
    except DATABASE_ERRORS as error:
        logger.warning("Queue health check: database unavailable: %s", error)
        return JsonResponse({"queue": "unknown"}, status=503)
    stalled = queue_stalled(wait)
    return JsonResponse(
        {
            "queue": "stalled" if stalled else "ok",
            "oldest_ready_seconds": round(wait.total_seconds()) if wait else 0,
        },
        status=503 if stalled else 200,
    )


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": database_ok(), "cache": cache_ok()}
    status = 200 if checks["database"] else 503
    response = JsonResponse(
        {name: "ok" if ok else "unavailable" for name, ok in checks.items()}, status=status
    )
    if status == 503:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
