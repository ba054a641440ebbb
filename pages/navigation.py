"""The pages of the menus, read once per content version (not once per rendered page).

Every public page shows both menus; the list is kept in the cache under the page cache's
content version, which every save of a page and every scheduled moment
(``PAGE_CACHE_SCHEDULE``) replaces, so the menus follow edits and schedules.
"""

from django.core.cache import cache

from pages.models import Page
from portal.cache import PAGE_TIMEOUT, content_version
from portal.navigation import Link


def menu_pages() -> list[tuple[str, str, int, bool, bool]]:
    key = f"pages-menus:{content_version()}"
    found = cache.get(key)
    if found is None:
        found = list(
            Page.objects.published()
            .exclude(in_main_menu=False, in_footer=False)
            .order_by("menu_order", "title")
            .values_list("title", "path", "menu_order", "in_main_menu", "in_footer")
        )
        cache.set(key, found, PAGE_TIMEOUT)
    return found


def main_menu_links():
    return [
        Link(title, path, order=order) for title, path, order, main, _f in menu_pages() if main
    ]


def footer_links():
    return [
        Link(title, path, order=order) for title, path, order, _m, foot in menu_pages() if foot
    ]
