"""A 404 whose address has a redirect becomes a 301 (``RedirectFallbackMiddleware``).

It sits outside the page cache (``settings.MIDDLEWARE``): it reads the query string as the
reader sent it, before the cache keeps only the parameters a view declares, so an old site's
``/news/detail.php?ID=5`` still matches. Only a 404 is looked at, so a live page always wins
over a redirect, and no cached page is ever one: 404s and 301s are not stored.

The query string: a redirect whose old address names a query matches that query only (its
parameters in any order) and the reader goes to the new address as it is; a redirect of a
bare path matches it with any query, and the reader's query is kept (``?utm_source=…``)
unless the new address has one of its own.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.http.response import HttpResponseBase

from portal.models import Redirect
from portal.redirects.addresses import OLD_PATH_MAX_LENGTH, UNSAFE, local_address, location

logger = logging.getLogger(__name__)


def candidates(path: str, query: str) -> list[str]:
    """The old addresses that may match ``path`` (decoded) with ``query``, best first."""
    paths = [path]
    if settings.APPEND_SLASH and not path.endswith("/"):
        paths.append(f"{path}/")
    found = []
    for each in paths:
        if query:
            found.append(local_address(each, query, decoded=True))
        found.append(each)
    return [address for address in found if len(address) <= OLD_PATH_MAX_LENGTH]


def find_redirect(path: str, query: str) -> str | None:
    """The Location for a request of ``path`` with ``query`` (as sent), or None."""
    if UNSAFE.search(path):  # no redirect is stored for it, and PostgreSQL refuses a NUL
        return None
    wanted = candidates(path, query)
    if not wanted:
        return None
    found = dict(Redirect.objects.filter(old_path__in=wanted).values_list("old_path", "new_path"))
    for address in wanted:
        if address in found:
            target = location(found[address])
            keeps_query = query and "?" not in address and "?" not in target.partition("#")[0]
            if keeps_query:
                target, _hash, fragment = target.partition("#")
                target = f"{target}?{query}" + (f"#{fragment}" if fragment else "")
            return target
    return None


class RedirectFallbackMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        query = request.META.get("QUERY_STRING", "")
        if UNSAFE.search(query):  # never into a header
            query = ""
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        try:
            target = find_redirect(request.path, query)
        except DatabaseError:  # the 404 stands; the database's trouble is reported elsewhere
            logger.warning("Redirects could not be read", exc_info=True)
            return response
        if target is None:
            return response
        return HttpResponsePermanentRedirect(target)
