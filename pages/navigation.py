"""The public pages' addresses, titles and menu marks, read once per content version.

Every public page shows both menus, the site map lists the tree, and the URLconf's catch-all
matches only the address of a public page (so an unknown address stays unresolved: no slash
is appended to it and the redirects of old addresses still see it). The rows are kept in the
cache under the page cache's content version, which every save of a page and every scheduled
moment (``PAGE_CACHE_SCHEDULE``) replaces, so all of these follow edits and schedules.
"""

from django.core.cache import cache
from django.db import transaction

from pages.models import Page
from portal.cache import PAGE_TIMEOUT, content_version
from portal.navigation import Link

FIELDS = ("pk", "parent_id", "title", "path", "menu_order", "in_main_menu", "in_footer")


def public_pages() -> list[dict]:
    """Every public page's ``FIELDS``, in menu order (one query per content version)."""
    key = f"pages-public:{content_version()}"
    found = cache.get(key)
    if found is None:
        rows = Page.objects.published().order_by("menu_order", "title").values_list(*FIELDS)
        found = [dict(zip(FIELDS, row, strict=True)) for row in rows]
        cache.set(key, found, PAGE_TIMEOUT)
    return found


def forget_public_pages(**_kwargs) -> None:
    """A page was saved or deleted: drop the rows now and when the transaction commits (the
    content version moves too, but two versions made in the same instant are equal)."""
    key = f"pages-public:{content_version()}"
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(f"pages-public:{content_version()}"))


def is_public_path(path: str) -> bool:
    return any(row["path"] == path for row in public_pages())


def main_menu_links():
    return [_link(row) for row in public_pages() if row["in_main_menu"]]


def footer_links():
    return [_link(row) for row in public_pages() if row["in_footer"]]


def site_map_sections():
    """The tree of public pages, two levels as the site map shows them."""
    rows = public_pages()
    below: dict = {}
    for row in rows:
        below.setdefault(row["parent_id"], []).append(row)
    for top in below.get(None, []):
        children = tuple(_link(child) for child in below.get(top["pk"], []))
        yield Link(top["title"], top["path"], order=top["menu_order"], children=children)


def _link(row) -> Link:
    return Link(row["title"], row["path"], order=row["menu_order"])
