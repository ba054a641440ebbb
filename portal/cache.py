"""Rendered public pages and feeds cached whole, invalidated by a content version.

Ours because no library does this: Django's cache middleware and the page-cache packages neither
invalidate on every content change nor answer a hit in one Redis round trip.

Every cached page is stored with the *content version* it was rendered under. Any save or
delete of a content model (the apps in ``settings.CONTENT_APPS``) drops the version, so the
next request starts a new one and no stored page matches it any more: nothing stale survives
an edit, a publish or an unpublish. Scheduled content has no save at the moment it becomes
due, so apps register *schedule providers* under the ``PAGE_CACHE_SCHEDULE`` hook (the next
moment their public content changes by itself, e.g. the earliest future ``publish_at``); the
version expires at that moment.

A hit costs one Redis round trip: the version and the page are fetched together (django-redis
answers ``get_many`` with one MGET) and compared. Pages are stored gzip-compressed as well, so a hit never compresses anything.

Editors bypass the cache, but the mere presence of a session cookie proves nothing: anyone
can send one. A request carrying one is looked up in the session store (whichever
``SESSION_ENGINE`` says: the database by default, or the cache) and only a live session of an
active staff account bypasses; any other gets the cached page. Requests without the cookie,
nearly every reader's, pay nothing for this. (A separate signed "staff" cookie would spare the
lookup but could outlive the session it was issued with; the store is the truth, and a
forged cookie costs one indexed read instead of a whole rendering.)

A query string is part of the key only as far as the view reads it: each cached view declares
its parameters with ``@reads_query(…)`` (a class attribute on class-based views and feeds),
and the middleware hands the view, and keys the page by, only those, in a canonical order. A
made-up ``?x=1`` therefore gets the cached copy of the page it does not change, instead of a
rendering and a stored copy of its own. Views that declare nothing keep the whole query.
"""

import functools
import gzip
import hashlib
import logging
import re
import time
from collections.abc import Callable
from importlib import import_module
from typing import Any, TypeGuard, TypeVar

from django.conf import settings
from django.contrib import auth
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.text import compress_string

from portal import hooks

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
PAGE_TIMEOUT = 60 * 60
CACHEABLE_TYPES = (
    "text/html",
    "application/rss+xml",
    "application/atom+xml",
    "text/calendar",
    "application/xml",
    "text/plain",
    "application/json",
)
# Recomputed for whichever body (plain or gzip) is served.
UNSTORED_HEADERS = {"content-length", "content-encoding"}
# Smaller bodies gain nothing from compression (the same threshold as GZipMiddleware).
MIN_COMPRESSED_LENGTH = 200
ACCEPTS_GZIP = re.compile(r"\bgzip\b")

_View = TypeVar("_View")


def reads_query(*names: str) -> Callable[[_View], _View]:
    """Declare the query parameters a cached view reads (on a view function, or on a view or
    feed class); the page cache drops all others before the view sees the request."""

    def declare(view: Any) -> Any:
        if isinstance(view, type):
            # A declaration on the view, read by view_query_params().
            view.cache_query_params = frozenset(names)  # type: ignore[attr-defined]
            return view

        @functools.wraps(view)
        def declared(*args: Any, **kwargs: Any) -> Any:
            return view(*args, **kwargs)

        declared.cache_query_params = frozenset(names)  # type: ignore[attr-defined]
        return declared

    return declare


def view_query_params(view: Callable[..., Any]) -> frozenset[str] | None:
    """The parameters ``view`` (a URL pattern's callback) declared, or None."""
    declared = getattr(view, "cache_query_params", None)
    if declared is None:
        declared = getattr(getattr(view, "view_class", None), "cache_query_params", None)
    return declared


def declared_query_params(path: str) -> frozenset[str] | None:
    """The parameters the view at ``path`` declared, or None (undeclared, or no such page)."""
    try:
        return view_query_params(resolve(path).func)
    except Resolver404:
        return None


def canonicalise_query(request: HttpRequest) -> None:
    """Keep only the declared parameters of ``request``'s view, in name order (the values of a
    name in the order sent), so that every spelling of one page is the same request."""
    declared = declared_query_params(request.path_info)
    if declared is None or not request.META.get("QUERY_STRING"):
        return
    canonical = QueryDict(mutable=True)
    for name in sorted(declared & request.GET.keys()):
        canonical.setlist(name, request.GET.getlist(name))
    query = canonical.urlencode()
    if query != request.META["QUERY_STRING"]:
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)


def invalidate_content() -> None:
    """Forget the content version: every cached page is stale from now on."""
    cache.delete(VERSION_KEY)


def content_version() -> str:
    return _live_version(cache.get(VERSION_KEY)) or _new_version()


def _live_version(state: dict | None) -> str | None:
    """The version in ``state`` (as stored under VERSION_KEY) unless it is missing or due."""
    if state is not None and (state["expires"] is None or timezone.now() < state["expires"]):
        return state["version"]
    return None


def _new_version() -> str:
    now = timezone.now()
    moments = (next_change() for next_change in hooks.get_hooks(hooks.PAGE_CACHE_SCHEDULE))
    upcoming = [moment for moment in moments if moment and moment > now]
    version = str(time.time_ns())
    state = {"version": version, "expires": min(upcoming, default=None)}
    cache.set(VERSION_KEY, state, timeout=None)
    return version


def on_content_change(sender: type[Model], **_kwargs: Any) -> None:
    """Signal receiver: a content model was saved, deleted or its relations changed."""
    if sender._meta.app_label in settings.CONTENT_APPS:
        invalidate_content()


def is_staff_session(session_key: str) -> bool:
    """Is ``session_key`` a live session of an active staff account?"""
    probe = HttpRequest()
    probe.session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    try:
        user = auth.get_user(probe)
    except DatabaseError:  # the database is down: the reader gets what the cache has
        return False
    return user.is_active and user.is_staff


class PublicPageCacheMiddleware:
    """Serve anonymous GET requests for public pages from the cache.

    Editors (a real staff session) bypass it; responses that are private, set cookies or
    are not 200 are never stored. The reader's accessibility preferences are part of the key.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        admin = "/" + settings.ADMIN_URL.lstrip("/")
        # /healthz must not wait for the database the content version may be asked of.
        self.excluded_prefixes = (
            admin,
            "/vision/",
            "/editor/",
            "/ckeditor5/",
            "/healthz",
            settings.MEDIA_URL,
            settings.STATIC_URL,
        )

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        canonicalise_query(request)
        key = self.cache_key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = _live_version(found.get(VERSION_KEY))
        entry = found.get(key)
        if version is not None and entry is not None and entry["version"] == version:
            return self.cached_response(request, entry, "hit")
        # The version is taken before rendering: an edit made meanwhile drops it, so this
        # page is stored under a version that is already stale and never served.
        version = version or _new_version()
        response = self.get_response(request)
        if not self.is_cacheable_response(response):
            return response
        entry = self.make_entry(response, version)
        cache.set(key, entry, PAGE_TIMEOUT)
        return self.cached_response(request, entry, "miss")

    @staticmethod
    def make_entry(response: HttpResponse, version: str) -> dict[str, Any]:
        """What is stored: the page with every header the stack below gave it, the body
        gzip-compressed when that makes it smaller (browsers and feed readers all accept
        gzip; the rare client that does not gets it decompressed)."""
        patch_vary_headers(response, ["Accept-Encoding"])
        headers = {
            name: value
            for name, value in response.headers.items()
            if name.lower() not in UNSTORED_HEADERS
        }
        body = response.content
        if response.get("Content-Encoding") == "gzip":  # GZipMiddleware did it already
            return {"version": version, "headers": headers, "body": body, "gzip": True}
        compressed = len(body) >= MIN_COMPRESSED_LENGTH and compress_string(body)
        if compressed and len(compressed) < len(body):
            headers["ETag"] = "W/" + headers["ETag"].removeprefix("W/")
            return {"version": version, "headers": headers, "body": compressed, "gzip": True}
        return {"version": version, "headers": headers, "body": body, "gzip": False}

    @staticmethod
    def cached_response(
        request: HttpRequest, entry: dict[str, Any], outcome: str
    ) -> HttpResponseBase:
        """The stored page as this client takes it; a conditional GET answered with 304."""
        accepts_gzip = ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        send_gzip = entry["gzip"] and accepts_gzip
        body = gzip.decompress(entry["body"]) if entry["gzip"] and not send_gzip else entry["body"]
        response = HttpResponse(body, headers=entry["headers"])
        response.headers["Content-Length"] = str(len(body))
        if send_gzip:
            response.headers["Content-Encoding"] = "gzip"
        response.headers["X-Cache"] = outcome
        if request.method == "GET":
            last_modified = response.get("Last-Modified")
            # Given a response, Django returns one (it, a 304 or a 412), never None.
            response = get_conditional_response(  # type: ignore[assignment]
                request,
                etag=response.get("ETag"),
                last_modified=parse_http_date_safe(last_modified) if last_modified else None,
                response=response,
            )
        return response

    def is_cacheable_request(self, request: HttpRequest) -> bool:
        if request.method not in ("GET", "HEAD") or request.path.startswith(
            self.excluded_prefixes
        ):
            return False
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        return not session_key or not is_staff_session(session_key)

    @staticmethod
    def is_cacheable_response(response: HttpResponseBase) -> TypeGuard[HttpResponse]:
        cache_control = response.headers.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-cache" not in cache_control
            and "no-store" not in cache_control
            and response.headers.get("Content-Type", "").startswith(CACHEABLE_TYPES)
            and response.get("Content-Encoding", "gzip") == "gzip"
            and response.has_header("ETag")
        )

    @staticmethod
    def cache_key(request: HttpRequest) -> str:
        from portal.accessibility import preferences

        # The preferences as the page applies them, not the cookie as sent: a made-up value
        # must not make a page of its own (a miss, a rendering and a stored copy each time).
        vision = preferences(request)
        raw = "|".join(
            [
                str(request.scheme),
                request.get_host(),
                request.get_full_path(),
                vision.to_cookie() if vision.enabled else "",
            ]
        )
        digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()
        return f"page:{digest}"
