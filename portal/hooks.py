"""The one way an app contributes to shared features: named hooks.

Each app declares its contributions in its own ``hooks.py`` (``news/hooks.py``,
``partnerships/hooks.py``), imported once at start-up by ``PortalConfig.ready()``; the shared
features ask ``get_hooks(NAME)`` and never name an app. Hooks are kept in the order the apps
are installed, then the order they were registered in.

Our own ~30 lines rather than a library: Wagtail's registry comes only with all of Wagtail.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar, overload

from django.utils.module_loading import autodiscover_modules

# A search provider object (``portal.search.SearchProvider``) for /search/.
SEARCH_PROVIDERS = "search_providers"
# ``fn() -> datetime | None``: the next moment the app's public content changes without a save
# (a scheduled publication comes due); the page cache's content version expires then.
PAGE_CACHE_SCHEDULE = "page_cache_schedule"
# ``fn(request) -> str``: what a reader's cookies change in a public page, in a canonical form
# ("" when nothing): part of the page cache key, so each variant is stored apart. Asked on
# every cacheable request, hits included: it must cost nothing without its cookie.
PAGE_CACHE_VARIANTS = "page_cache_variants"
# ``fn() -> Iterable[portal.feeds.FeedGroup]``: the app's feeds listed on /feeds/.
FEEDS = "feeds"
# ``fn(request) -> str``: HTML of a block shown on the home page, below the news.
HOME_PAGE_BLOCKS = "home_page_blocks"
# ``fn(request, article) -> str``: HTML of a block shown at the end of an article page.
ARTICLE_PAGE_BLOCKS = "article_page_blocks"
# ``fn(request) -> (template, context) | None``: a block at the top of every public page,
# above the header (alerts: the banners).
PAGE_TOP_BLOCKS = "page_top_blocks"
# ``fn(request) -> Iterable[str]``: CSS classes of every public page's ``<html>`` element
# (alerts: ``mourning``).
PAGE_CLASSES = "page_classes"
# ``fn(request) -> (template, context) | None``: a block on the admin's front page.
ADMIN_INDEX_BLOCKS = "admin_index_blocks"
# ``fn(request) -> (template, context) | None``: a block shown on /feeds/, below the help.
FEEDS_PAGE_BLOCKS = "feeds_page_blocks"
# ``fn() -> (label, url)``: a link in the footer's «Follow us» list of every page.
FOLLOW_LINKS = "follow_links"
# An ``InlineModelAdmin`` class added to the article's admin page.
ARTICLE_ADMIN_INLINES = "article_admin_inlines"
# ``fn() -> Iterable[portal.navigation.Link]``: the app's items of the main menu on every page
# (placed by their ``order``, smallest first).
MAIN_MENU_ITEMS = "main_menu_items"
# ``fn() -> Iterable[portal.navigation.Link]``: the app's links of the footer menu on every
# page (placed by their ``order``).
FOOTER_MENU_ITEMS = "footer_menu_items"
# ``(key, label, block)``: a live block an editable page may embed under its text, chosen by
# ``key``; ``block(request)`` gives ``(template, context)`` (partnerships: the register).
PAGE_EMBEDS = "page_embeds"
# ``fn() -> Iterable[portal.navigation.Link]``: the app's sections of the site map page
# (/sitemap/), each with its links (``children``) and theirs.
SITE_MAP_SECTIONS = "site_map_sections"
# A task (``django_tasks.Task`` taking ``day``, an ISO date) enqueued once a day for the
# Moscow date, however many workers run (``portal.periodic``).
DAILY_TASKS = "daily_tasks"
# A ``portal.redirects.tracking.MovingAddresses``: a model whose public address may change;
# when a record that was public once moves, its old address redirects to the new one.
REDIRECTED_MODELS = "redirected_models"

# ``fn(request) -> (label, url) | None``: where images just added to the media library (a bulk
# upload) can go in one step; the url takes the images as ``?images=1,2,3`` (news: a gallery).
IMAGE_COLLECTIONS = "image_collections"
# ``fn(request, upload) -> str``: keeps an image uploaded in the rich-text editor (validated,
# not yet stored) and gives its URL (media: into the library). The first one registered wins;
# without any, the file is kept in the ``editor/`` folder of the default storage.
EDITOR_IMAGE_STORES = "editor_image_stores"
# ``fn() -> url``: where the image picker under every rich-text editor searches for images to
# put into the text (media: the library), answering as ``media.editor_search`` does. The first
# one registered wins; without any, the editors have no picker (uploading still works).
EDITOR_IMAGE_CHOOSERS = "editor_image_choosers"

HOOK_NAMES = frozenset(
    {
        SEARCH_PROVIDERS,
        PAGE_CACHE_SCHEDULE,
        PAGE_CACHE_VARIANTS,
        FEEDS,
        HOME_PAGE_BLOCKS,
        ARTICLE_PAGE_BLOCKS,
        FEEDS_PAGE_BLOCKS,
        PAGE_TOP_BLOCKS,
        PAGE_CLASSES,
        FOLLOW_LINKS,
        ARTICLE_ADMIN_INLINES,
        MAIN_MENU_ITEMS,
        FOOTER_MENU_ITEMS,
        PAGE_EMBEDS,
        SITE_MAP_SECTIONS,
        ADMIN_INDEX_BLOCKS,
        DAILY_TASKS,
        REDIRECTED_MODELS,
        IMAGE_COLLECTIONS,
        EDITOR_IMAGE_STORES,
        EDITOR_IMAGE_CHOOSERS,
    }
)

_F = TypeVar("_F")

_hooks: dict[str, list[Any]] = defaultdict(list)


@overload
def register(hook_name: str) -> Callable[[_F], _F]: ...
@overload
def register(hook_name: str, fn: _F) -> _F: ...
def register(hook_name: str, fn: Any = None) -> Any:
    """``register(NAME, fn)``, or ``@register(NAME)`` above a function or class."""
    if hook_name not in HOOK_NAMES:
        raise ValueError(f"Unknown hook {hook_name!r}: one of {sorted(HOOK_NAMES)}")
    if fn is None:

        def decorator(fn: _F) -> _F:
            register(hook_name, fn)
            return fn

        return decorator
    if fn not in _hooks[hook_name]:
        _hooks[hook_name].append(fn)
    return fn


def get_hooks(hook_name: str) -> list[Any]:
    if hook_name not in HOOK_NAMES:
        raise ValueError(f"Unknown hook {hook_name!r}: one of {sorted(HOOK_NAMES)}")
    return list(_hooks[hook_name])


def discover() -> None:
    """Import every installed app's ``hooks`` module (PortalConfig.ready())."""
    autodiscover_modules("hooks")
