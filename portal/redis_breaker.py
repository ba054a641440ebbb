"""Our own code because neither django-redis nor redis-py leaves a failed Redis alone for a while.

django-redis (``IGNORE_EXCEPTIONS``) turns a Redis failure into a cache miss, but tries again on
the very next call: a Redis that stops answering would cost every cache call of every request a
socket timeout. This client, django-redis's ``REDIS_CLIENT_CLASS``, fails at once for
``RETRY_INTERVAL`` seconds after a connection error or a timeout (django-redis ignores that
failure like any other); then the next command tries Redis again, and caching resumes.
"""

import logging
import threading
import time
from typing import Any

import redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_INTERVAL = 5.0

# Keyed by connection pool (django-redis keeps one per server URL for the process): every
# thread's client for the same server shares one outage, logged once.
_down_until: dict[object, float] = {}
_lock = threading.Lock()


class RedisLeftAloneAfterFailure(redis.Redis):
    def execute_command(self, *args: Any, **options: Any) -> Any:
        pool = self.connection_pool
        if _down_until.get(pool, 0.0) > time.monotonic():
            raise RedisConnectionError("Redis failed moments ago: left alone for now.")
        try:
            # redis-py's own method has no annotations.
            result = super().execute_command(*args, **options)  # type: ignore[no-untyped-call]
        except (RedisConnectionError, RedisTimeoutError, OSError) as error:
            _failed(pool, error)
            raise
        if pool in _down_until:
            _recovered(pool)
        return result


def _failed(pool: object, error: Exception) -> None:
    with _lock:
        first = pool not in _down_until
        _down_until[pool] = time.monotonic() + RETRY_INTERVAL
    log = logger.error if first else logger.warning
    log("Redis cache unavailable (%s); serving uncached.", error)


def _recovered(pool: object) -> None:
    with _lock:
        if _down_until.pop(pool, None) is not None:
            logger.warning("Redis cache is back; caching resumes.")
