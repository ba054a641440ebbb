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

No stampede after a publish: a change that only adds or edits public content (publishing an
article, editing a public one, a rendition made) is a *soft* invalidation. The page cache
keeps the previous renderings; for each page the first request after the change takes a short
lock (``cache.add``: SET NX PX in Redis) and renders it again, while every other request gets
the previous page (``X-Cache: stale``) for at most ``PAGE_CACHE_STALE_SECONDS``. Only
``PAGE_CACHE_RENDERERS`` such renderings (one by default) run at once, whichever pages they are:
the rest of the stale pages wait their turn, so the workers go on answering readers. A change that
takes something off the public site (an unpublish, an archive, a delete, a link removed,
anything saved outside ``content_change()``, a restore) is a *hard* invalidation: it also
replaces the *content epoch* every stored page records, so no page rendered before it is ever
served again, stale or not. A version that expires by the schedule is never served stale past
its expiry either: the moment a schedule provider names may hide something. With
``PAGE_CACHE_STALE_SECONDS = 0`` every invalidation is hard, as before. On the embedded default
(local memory) the same holds per process: each worker keeps its own pages and locks.
"""

import datetime
import functools
import gzip
import hashlib
import logging
import re
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import import_module
from typing import Any, TypeGuard, TypeVar

from django.conf import settings
from django.contrib import auth
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete
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
# Replaced by every hard invalidation; a page is served stale only under the epoch it was
# rendered in. Apart from VERSION_KEY so that no soft invalidation can write an old one back.
EPOCH_KEY = "content-epoch"
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


def stale_seconds() -> float:
    return settings.PAGE_CACHE_STALE_SECONDS


def invalidate_content(*, hard: bool = True) -> None:
    """Every cached page is out of date from now on.

    ``hard``: something left the public site, so no page rendered before is served again.
    Otherwise the previous pages may still be served for ``PAGE_CACHE_STALE_SECONDS`` while
    one request per page renders it anew.
    """
    if hard or stale_seconds() <= 0:
        cache.set(EPOCH_KEY, secrets.token_hex(8), timeout=None)
        cache.delete(VERSION_KEY)
        return
    previous = cache.get(VERSION_KEY)
    now = timezone.now()
    superseded = {}
    if _live_version(previous) is not None:
        # Only the versions of the last few seconds, each until its own expiry: a page of a
        # version is never served past the moment its schedule said its content changes.
        window = datetime.timedelta(seconds=stale_seconds())
        superseded = {
            version: (since, expires)
            for version, (since, expires) in previous.get("superseded", {}).items()
            if now - since < window
        }
        superseded[previous["version"]] = (now, previous["expires"])
    _new_version(superseded)


def content_version() -> str:
    return _live_version(cache.get(VERSION_KEY)) or _new_version()


def _live_version(state: dict | None) -> str | None:
    """The version in ``state`` (as stored under VERSION_KEY) unless it is missing or due."""
    if state is not None and (state["expires"] is None or timezone.now() < state["expires"]):
        return state["version"]
    return None


def _new_version(superseded: dict | None = None) -> str:
    now = timezone.now()
    moments = (next_change() for next_change in hooks.get_hooks(hooks.PAGE_CACHE_SCHEDULE))
    upcoming = [moment for moment in moments if moment and moment > now]
    version = str(time.time_ns())
    state = {
        "version": version,
        "expires": min(upcoming, default=None),
        # version -> (when it was superseded, when it would have expired): whose pages may
        # still be served stale.
        "superseded": superseded or {},
    }
    cache.set(VERSION_KEY, state, timeout=None)
    return version


def content_moment() -> str:
    """The content version and the Moscow date: what a value derived from public content
    (and from today, as «upcoming» and «in force» are) may be kept under."""
    return f"{content_version()}:{timezone.localdate().isoformat()}"


def per_content_version(compute: Callable[[], _View]) -> Callable[[], _View]:
    """Decorate a function of no arguments whose answer changes only with the content (and
    the Moscow date): this process computes it once per content version and date.

    For what every uncached rendering of a page reads but no reader changes, such as the home
    page's upcoming events and partner cities. Inside a transaction it is computed afresh
    and not kept: what it reads there may be rolled back, or not be public yet.
    """
    memo: dict[str, _View] = {}

    @functools.wraps(compute)
    def remembered() -> _View:
        if transaction.get_connection().in_atomic_block:
            return compute()
        key = content_moment()
        if key not in memo:
            memo.clear()
            memo[key] = compute()
        return memo[key]

    return remembered


def _current_epoch(found: str | None) -> str:
    """The content epoch (``found`` if it was read already), started if there is none."""
    if found is None:
        cache.add(EPOCH_KEY, secrets.token_hex(8), timeout=None)
        found = cache.get(EPOCH_KEY, "")
    return found


def may_serve_stale(state: dict[str, Any], entry: dict[str, Any], epoch: str | None) -> bool:
    """May ``entry``, rendered under a version that is no longer current, be served while
    its page is rendered anew?"""
    window = stale_seconds()
    superseded = state.get("superseded", {}).get(entry["version"])
    if window <= 0 or not epoch or entry.get("epoch") != epoch or superseded is None:
        return False
    since, expires = superseded
    now = timezone.now()
    return (now - since).total_seconds() < window and (expires is None or now < expires)


@dataclass
class ContentChange:
    hides: bool
    seen: bool = False


_open_change: ContextVar[ContentChange | None] = ContextVar("open_content_change", default=None)


@contextmanager
def content_change(*, hides: bool) -> Iterator[ContentChange]:
    """Group the writes of one editorial change into one invalidation, made when it ends.

    ``hides``: the change takes something off the public site (the caller knows: an article
    that was public and will not be). Otherwise the invalidation is soft, unless a delete or a
    removed link happens inside, or the block fails.
    """
    outer = _open_change.get()
    if outer is not None:
        outer.hides = outer.hides or hides
        yield outer
        return
    change = ContentChange(hides=hides)
    token = _open_change.set(change)
    try:
        yield change
    except BaseException:
        change.hides = True
        raise
    finally:
        _open_change.reset(token)
        if change.seen:
            _invalidate_now_and_on_commit(hard=change.hides)


def _invalidate_hard_on_commit() -> None:
    invalidate_content(hard=True)


def _invalidate_soft_on_commit() -> None:
    invalidate_content(hard=False)


def _invalidate_now_and_on_commit(*, hard: bool) -> None:
    """Invalidate now, or when the transaction commits.

    A hard change inside a transaction invalidates at once and again on commit: a page
    rendered meanwhile from the data as it was before would otherwise be stored under the
    new version. A soft one waits for the commit: until then every other request reads the
    data as it was, so the pages stored are right, and invalidating at once would only make
    each page render twice after a publish (the emergency benchmark's misses).
    """
    connection = transaction.get_connection()
    if hard or not connection.in_atomic_block:
        invalidate_content(hard=hard)
    if connection.in_atomic_block:
        then = _invalidate_hard_on_commit if hard else _invalidate_soft_on_commit
        if not any(pending[1] is then for pending in connection.run_on_commit):
            transaction.on_commit(then)


def on_content_change(
    sender: type[Model], signal: object = None, action: str | None = None, **_kwargs: Any
) -> None:
    """Signal receiver: a content model was saved, deleted or its relations changed."""
    if sender._meta.app_label not in settings.CONTENT_APPS:
        return
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed's pre_ signals: the post_ one follows
    removes = signal is post_delete or (signal is m2m_changed and action != "post_add")
    change = _open_change.get()
    if change is None:
        _invalidate_now_and_on_commit(hard=True)  # nobody said what the change is
        return
    change.seen = True
    if removes or change.hides:
        change.hides = True
        invalidate_content()  # at once, as well as when the change ends


def is_staff_session(session_key: str) -> bool:
    """Is ``session_key`` a live session of an active staff account?"""
    probe = HttpRequest()
    probe.session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    try:
        user = auth.get_user(probe)
    except DatabaseError:  # the database is down: the reader gets what the cache has
        return False
    return user.is_active and user.is_staff


# Taken with a page's rendering lock: at most PAGE_CACHE_RENDERERS stale pages rendered anew
# at once, whichever pages they are.
RENDERER_SLOT_KEY = "page-cache:renderer"


def rendering_lock_key(page_key: str) -> str:
    return f"{page_key}:rendering"


class PublicPageCacheMiddleware:
    """Serve anonymous GET requests for public pages from the cache.

    Editors (a real staff session) bypass it; responses that are private, set cookies or
    are not 200 are never stored. The reader's accessibility preferences are part of the key,
    and so is whatever the ``PAGE_CACHE_VARIANTS`` hooks say a reader's cookies change.
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
        found = cache.get_many([VERSION_KEY, EPOCH_KEY, key])
        state = found.get(VERSION_KEY)
        version = _live_version(state)
        entry = found.get(key)
        if version is not None and entry is not None and entry["version"] == version:
            return self.cached_response(request, entry, "hit")
        lock = None
        if (
            version is not None
            and entry is not None
            and state is not None
            and may_serve_stale(state, entry, found.get(EPOCH_KEY))
        ):
            lock = self.take_lock(key)
            if lock is None:  # another request is rendering this page
                return self.cached_response(request, entry, "stale")
        # The version and the epoch are taken before rendering: an edit made meanwhile drops
        # them, so this page is stored under a version that is already stale and never served
        # as current (nor, after a hard invalidation, as stale).
        version = version or _new_version()
        epoch = _current_epoch(found.get(EPOCH_KEY))
        try:
            response = self.get_response(request)
            if not self.is_cacheable_response(response):
                return response
            entry = self.make_entry(response, version, epoch)
            cache.set(key, entry, PAGE_TIMEOUT)
        finally:
            if lock is not None:
                self.release_lock(lock)
        return self.cached_response(request, entry, "miss")

    @staticmethod
    def take_lock(key: str) -> list[tuple[str, str]] | None:
        """The right to render the page at ``key`` again, for a few seconds, or None if
        another request has it or ``PAGE_CACHE_RENDERERS`` requests are rendering other
        pages anew already (this one is then served stale too, so that after a publish the
        app servers' workers go on answering readers rather than all rendering at once)."""
        timeout, token = max(stale_seconds(), 1), secrets.token_hex(8)
        page_lock = rendering_lock_key(key)
        if not cache.add(page_lock, token, timeout=timeout):
            return None
        if not settings.PAGE_CACHE_RENDERERS:
            return [(page_lock, token)]
        for slot in range(settings.PAGE_CACHE_RENDERERS):
            slot_key = f"{RENDERER_SLOT_KEY}:{slot}"
            if cache.add(slot_key, token, timeout=timeout):
                return [(page_lock, token), (slot_key, token)]
        cache.delete(page_lock)
        return None

    @staticmethod
    def release_lock(locks: list[tuple[str, str]]) -> None:
        for lock_key, token in locks:
            if cache.get(lock_key) == token:  # not if it expired and another request took it
                cache.delete(lock_key)

    @staticmethod
    def make_entry(response: HttpResponse, version: str, epoch: str) -> dict[str, Any]:
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
            return {
                "version": version,
                "epoch": epoch,
                "headers": headers,
                "body": body,
                "gzip": True,
            }
        compressed = len(body) >= MIN_COMPRESSED_LENGTH and compress_string(body)
        if compressed and len(compressed) < len(body):
            headers["ETag"] = "W/" + headers["ETag"].removeprefix("W/")
            return {
                "version": version,
                "epoch": epoch,
                "headers": headers,
                "body": compressed,
                "gzip": True,
            }
        return {
            "version": version,
            "epoch": epoch,
            "headers": headers,
            "body": body,
            "gzip": False,
        }

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
        # And what the apps' cookies change, as the apps canonicalise it (a reader who hid
        # an alert banner gets the pages without it).
        variants = [variant(request) for variant in hooks.get_hooks(hooks.PAGE_CACHE_VARIANTS)]
        raw = "|".join(
            [
                str(request.scheme),
                request.get_host(),
                request.get_full_path(),
                vision.to_cookie() if vision.enabled else "",
                *variants,
            ]
        )
        digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()
        return f"page:{digest}"
