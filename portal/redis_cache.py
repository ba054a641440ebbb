"""A Redis cache that degrades to no cache at all when Redis is unreachable.

Django's ``RedisCache`` raises on every connection error, which would turn a Redis outage into
a site outage. Here every operation that fails is logged and answered as a miss (reads) or
ignored (writes), so pages are simply rendered afresh. After a failure Redis is left alone
for ``RETRY_INTERVAL`` seconds, so an outage does not add a connection timeout to every cache
call of every request; then the next call tries again and, when it works, caching resumes.

Django's client also builds a new ``redis.Redis`` object for every call, and its constructor
fills a table of ~170 response callbacks each time: a third of a cached page's cost. Here one
client per connection pool is kept (redis-py clients are thread-safe; the pool is shared).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

RETRY_INTERVAL = 5.0

# Shared by every thread's cache object for the same servers: one outage, one log line.
_down_until: dict[str, float] = {}
_lock = threading.Lock()


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _is_down(self) -> bool:
        return _down_until.get(self._location_key, 0.0) > time.monotonic()

    @property
    def _location_key(self) -> str:
        return ",".join(self._servers)

    def _failed(self, operation: str, error: Exception) -> None:
        with _lock:
            first = self._location_key not in _down_until
            _down_until[self._location_key] = time.monotonic() + RETRY_INTERVAL
        log = logger.error if first else logger.warning
        log("Redis cache unavailable (%s: %s); serving uncached.", operation, error)

    def _succeeded(self) -> None:
        if self._location_key in _down_until:
            with _lock:
                if _down_until.pop(self._location_key, None) is not None:
                    logger.warning("Redis cache is back; caching resumes.")

    def _call(self, operation: str, fallback, *args, **kwargs):
        if self._is_down():
            return fallback
        try:
            result = getattr(super(), operation)(*args, **kwargs)
        except Exception as error:  # redis-py's errors, OSError and the like: all mean "no cache"
            if not _is_redis_failure(error):
                raise
            self._failed(operation, error)
            return fallback
        self._succeeded()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        if self._is_down():
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        try:
            result = super().incr(key, delta, version)
        except Exception as error:
            if not _is_redis_failure(error):
                raise
            self._failed("incr", error)
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).") from error
        self._succeeded()
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)


def _is_redis_failure(error: Exception) -> bool:
    from redis.exceptions import RedisError

    return isinstance(error, RedisError | OSError)
