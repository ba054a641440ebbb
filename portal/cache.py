"""Rendered public pages and feeds cached whole, invalidated by a content version.

Every cached page's key contains the current *content version*. Any save or delete of a
content model (the apps in ``settings.CONTENT_APPS``) drops the version, so the next request
starts a new one and every page is rendered afresh: nothing stale survives an edit, a publish
or an unpublish. Scheduled content has no save at the moment it becomes due, so apps register
*schedule providers* (the next moment their public content changes by itself, e.g. the
earliest future ``publish_at``); the version expires at that moment.
"""

import hashlib
import logging
import time
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
PAGE_TIMEOUT = 60 * 60
CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "text/calendar",
                   "application/xml", "text/plain", "application/json")  # fmt: skip
STORED_HEADERS = (
    "Content-Type", "Last-Modified", "Content-Language", "Content-Security-Policy",
    "Permissions-Policy", "X-Frame-Options", "Content-Disposition", "Cache-Control",
    "Access-Control-Allow-Origin",
)  # fmt: skip

_schedule_providers: list[Callable[[], datetime | None]] = []


def register_schedule_provider(provider: Callable[[], datetime | None]) -> None:
    """``provider()`` returns the next moment public content changes without a save."""
    _schedule_providers.append(provider)


def invalidate_content() -> None:
    """Forget the content version: every cached page is stale from now on."""
    cache.delete(VERSION_KEY)


def content_version() -> str:
    state = cache.get(VERSION_KEY)
    now = timezone.now()
    if state is not None and (state["expires"] is None or now < state["expires"]):
        return state["version"]
    upcoming = [moment for moment in (p() for p in _schedule_providers) if moment and moment > now]
    state = {"version": str(time.time_ns()), "expires": min(upcoming, default=None)}
    cache.set(VERSION_KEY, state, timeout=None)
    return state["version"]


def on_content_change(sender, **_kwargs) -> None:
    """Signal receiver: a content model was saved, deleted or its relations changed."""
    if sender._meta.app_label in settings.CONTENT_APPS:
        invalidate_content()


class PublicPageCacheMiddleware:
    """Serve anonymous GET requests for public pages from the cache.

    Anyone with a session (editors) bypasses it; responses that are private, set cookies or
    are not 200 are never stored. The reader's accessibility preferences are part of the key.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        admin = "/" + settings.ADMIN_URL.lstrip("/")
        self.excluded_prefixes = (admin, "/accessibility/", "/editor/", "/ckeditor5/",
                                  settings.MEDIA_URL, settings.STATIC_URL)  # fmt: skip

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        key = self.cache_key(request)
        cached = cache.get(key)
        if cached is not None:
            response = HttpResponse(cached["content"], status=200)
            for name, value in cached["headers"].items():
                response.headers[name] = value
            response.headers["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            headers = {h: response.headers[h] for h in STORED_HEADERS if h in response.headers}
            cache.set(key, {"content": response.content, "headers": headers}, PAGE_TIMEOUT)
            response.headers["X-Cache"] = "miss"
        return response

    def is_cacheable_request(self, request) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(self.excluded_prefixes)
        )

    @staticmethod
    def is_cacheable_response(response) -> bool:
        cache_control = response.headers.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-cache" not in cache_control
            and "no-store" not in cache_control
            and response.headers.get("Content-Type", "").startswith(CACHEABLE_TYPES)
        )

    @staticmethod
    def cache_key(request) -> str:
        from portal.accessibility import COOKIE_NAME

        raw = "|".join(
            [
                request.scheme,
                request.get_host(),
                request.get_full_path(),
                request.COOKIES.get(COOKIE_NAME, ""),
            ]
        )
        digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()
        return f"page:{content_version()}:{digest}"
