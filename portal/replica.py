"""Anonymous readers' queries on a streaming replica of PostgreSQL (``DATABASE_REPLICA_URL``).

Only a GET or HEAD without a session cookie reads from the replica: editors, and anyone who
has logged in, read their own writes from the primary, and so does every form sent. Even then
the replica is asked only when it has replayed everything the primary had written when the
request began (two short queries, once per request), so a reader never gets a page older than
the last publish, and a page rendered for the cache is never one the primary has already
replaced. Inside a transaction every query goes to the primary. When the replica cannot be
reached, reads go to the primary and the replica is left alone for ``REPLICA_RETRY_SECONDS``.
"""

import contextvars
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import Model
from django.http import HttpRequest
from django.http.response import HttpResponseBase

logger = logging.getLogger(__name__)

REPLICA = "replica"
REPLICA_RETRY_SECONDS = 30

SAFE_METHODS = frozenset({"GET", "HEAD"})


@dataclass
class _ReadingRequest:
    allowed: bool
    current: bool | None = None  # whether the replica is current: asked on the first read


_request: contextvars.ContextVar[_ReadingRequest | None] = contextvars.ContextVar(
    "replica_request", default=None
)
_left_alone_until = 0.0


class ReplicaReadsMiddleware:
    """Marks the requests whose reads may go to the replica, for ``ReplicaRouter``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        allowed = (
            request.method in SAFE_METHODS and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        token = _request.set(_ReadingRequest(allowed))
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


class ReplicaRouter:
    """Reads of marked requests to the replica while it is current; all else to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        reading = _request.get()
        if reading is None or not reading.allowed:
            return None
        if connections["default"].in_atomic_block:
            return None
        if reading.current is None:
            reading.current = replica_is_current()
        return REPLICA if reading.current else None

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return None

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # the same data on both

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool:
        return db != REPLICA


def replica_is_current() -> bool:
    """Whether the replica has replayed all the primary had written (False while it is left
    alone after a failure)."""
    global _left_alone_until
    if time.monotonic() < _left_alone_until:
        return False
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (written,) = cursor.fetchone()
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT COALESCE(pg_last_wal_replay_lsn() >= %s::pg_lsn, false)", [written]
            )
            (current,) = cursor.fetchone()
    except DatabaseError:
        logger.warning(
            "The database replica cannot be reached: reads go to the primary for %s s",
            REPLICA_RETRY_SECONDS,
            exc_info=True,
        )
        _left_alone_until = time.monotonic() + REPLICA_RETRY_SECONDS
        connections[REPLICA].close_if_unusable_or_obsolete()
        return False
    return bool(current)
