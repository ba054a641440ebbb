"""What pages contribute to the portal's shared features (see portal/hooks.py)."""

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from pages.models import Page
from pages.navigation import footer_links, main_menu_links
from pages.search import PageSearchProvider
from portal import hooks
from portal.navigation import Link
from portal.redirects.tracking import MovingAddresses

REVIEW_LIMIT = 10

hooks.register(hooks.SEARCH_PROVIDERS, PageSearchProvider())
hooks.register(hooks.MAIN_MENU_ITEMS, main_menu_links)
hooks.register(hooks.FOOTER_MENU_ITEMS, footer_links)


@hooks.register(hooks.PAGE_CACHE_SCHEDULE)
def next_page_appears():
    """The moment the next scheduled page becomes public."""
    return Page.objects.scheduled().aggregate(next=Min("publish_at"))["next"]


@hooks.register(hooks.PAGE_CACHE_SCHEDULE)
def next_page_expires():
    """The moment the next public page leaves the site by its end of publication."""
    return Page.objects.expiring().aggregate(next=Min("expire_at"))["next"]


@hooks.register(hooks.SITE_MAP_SECTIONS)
def pages_site_map():
    """The tree of public pages, two levels as the site map shows them."""
    pages = list(Page.objects.published().for_listing().order_by("menu_order", "title"))
    below = {}
    for page in pages:
        below.setdefault(page.parent_id, []).append(page)
    for top in below.get(None, []):
        children = tuple(Link(child.title, child.path) for child in below.get(top.pk, []))
        yield Link(top.title, top.path, order=top.menu_order, children=children)


@hooks.register(hooks.ADMIN_INDEX_BLOCKS)
def pages_to_review(request):
    """«Страницы пора проверить» on the admin front page: pages past their review date."""
    if not request.user.has_perm("pages.change_page"):
        return None
    overdue = list(
        Page.objects.review_overdue().for_listing().order_by("review_by")[:REVIEW_LIMIT]
    )
    if not overdue:
        return None
    today = timezone.localdate()
    return "pages/includes/admin_review.html", {
        "pages": [(page, (today - page.review_by).days) for page in overdue],
        "title": _("Pages due for review"),
    }


# A page's address changes with its slug or parent; once it was public, the old one redirects.
hooks.register(
    hooks.REDIRECTED_MODELS,
    MovingAddresses(
        Page,
        fields=("path", "first_published_at"),
        was_public=lambda page: page.first_published_at is not None,
    ),
)
