"""After a publish, the most-read pages are rendered anew by the server that published, not by
the readers' workers.

A soft change (a publish, an edit of public content) keeps the previous pages for
``PAGE_CACHE_STALE_SECONDS`` while one request per page renders it again. Those requests are
readers', on the readers' servers: on the day of an emergency, with an editor publishing every
few minutes and residents all asking at once, each publish takes a reader's worker per page.
So before the change drops the content version, the publishing process takes the rendering
locks of ``PAGE_CACHE_WARM_PATHS`` (the home page, the news list, the RSS feed by default),
and a thread of its own renders them through the whole middleware stack, as an anonymous
reader at ``SITE_URL`` would get them, and stores them. Until each is stored, readers get its
previous copy. The thread runs in the editors' server (deploy/: at a lower CPU priority), so
the readers' workers go on answering. If it cannot finish within the lock's few seconds,
the first reader after that renders the page, as without it.
"""

import logging
import secrets
import threading
from io import BytesIO
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.db import connections

from portal import cache as page_cache

logger = logging.getLogger(__name__)

_handler: BaseHandler | None = None
_handler_lock = threading.Lock()
_threads: list[threading.Thread] = []


def invalidate_softly() -> None:
    """A soft invalidation, with the most-read pages rendered anew by a thread of this
    process while readers get their previous copies."""
    paths = settings.PAGE_CACHE_WARM_PATHS
    if not paths or page_cache.stale_seconds() <= 0:
        page_cache.invalidate_content(hard=False)
        return
    token = secrets.token_hex(8)
    try:
        held = _take_locks(paths, token)
    except Exception:  # e.g. SITE_URL not among ALLOWED_HOSTS: readers render, as before
        logger.exception("Could not prepare the most-read pages to be rendered anew")
        held = []
    page_cache.invalidate_content(hard=False)
    if held:
        thread = threading.Thread(target=_render, args=(held, token), name="page-warming")
        thread.daemon = True
        _threads[:] = [*(alive for alive in _threads if alive.is_alive()), thread]
        thread.start()


def _take_locks(paths: list[str], token: str) -> list[tuple[WSGIRequest, str]]:
    """The rendering locks of the pages no reader holds yet, each with its request."""
    timeout = max(page_cache.stale_seconds(), 1)
    held = []
    for path in paths:
        request = warming_request(path)
        key = page_cache.PublicPageCacheMiddleware.cache_key(request)
        lock = page_cache.rendering_lock_key(key)
        if cache.add(lock, token, timeout=timeout):
            held.append((request, lock))
    return held


def warming_request(path: str) -> WSGIRequest:
    """A GET of ``path`` as an anonymous reader of ``SITE_URL`` sends it (gzip accepted)."""
    site = urlsplit(settings.SITE_URL)
    https = site.scheme == "https"
    return WSGIRequest(
        {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SCRIPT_NAME": "",
            "SERVER_NAME": site.hostname or "127.0.0.1",
            "SERVER_PORT": str(site.port or (443 if https else 80)),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": site.netloc,
            "HTTP_ACCEPT_ENCODING": "gzip",
            "HTTP_X_FORWARDED_PROTO": site.scheme,
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": site.scheme,
            "wsgi.input": BytesIO(),
            page_cache.WARMING_ENVIRON: True,
        }
    )


def _render(held: list[tuple[WSGIRequest, str]], token: str) -> None:
    try:
        handler = _stack()
        for request, lock in held:
            try:
                handler.get_response(request).close()
            except Exception:  # a page that fails is rendered by its next reader
                logger.exception("Could not render %s anew after a publish", request.path)
            finally:
                if cache.get(lock) == token:  # not if it expired and a reader took it
                    cache.delete(lock)
    finally:
        connections.close_all()  # this thread's own connections


def _stack() -> BaseHandler:
    """The middleware stack and views, loaded once per process."""
    global _handler
    with _handler_lock:
        if _handler is None:
            handler = BaseHandler()
            handler.load_middleware()
            _handler = handler
        return _handler


def wait(timeout: float = 30) -> None:
    """Until the pages being rendered anew are stored (for tests and commands)."""
    for thread in list(_threads):
        thread.join(timeout)
