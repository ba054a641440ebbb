"""A database that cannot be reached is a 503 with a friendly page, never a stack trace.

The page is rendered from ``templates/503.html`` without a request context, so no context
processor (the site settings singleton lives in the database) runs. ``Retry-After`` tells
clients and crawlers when to come back. Nothing has to be restarted when the database returns:
Django opens a new connection for the next request (``CONN_HEALTH_CHECKS`` drops a broken
persistent one first).
"""

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template import loader
from django.views import defaults

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def service_unavailable(request: HttpRequest | None = None) -> HttpResponse:
    response = HttpResponse(
        loader.get_template("503.html").render(), status=503, content_type="text/html"
    )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def is_database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, DATABASE_ERRORS)


class DatabaseUnavailableMiddleware:
    """Turn a database connection failure in a view or its template into the 503 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_unavailable(exception):
            return None
        logger.error("Database unavailable while serving %s: %s", request.path, exception)
        return service_unavailable(request)


def server_error(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """handler500: a database failure outside any view (a middleware's query) is a 503 too."""
    if is_database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return defaults.server_error(request, *args, **kwargs)
