"""What pages contribute to the portal's shared features (see portal/hooks.py)."""

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pages.models import Page
from pages.navigation import footer_links, main_menu_links, site_map_sections
from pages.search import PageSearchProvider
from portal import hooks
from portal.redirects.tracking import MovingAddresses

REVIEW_LIMIT = 10

hooks.register(hooks.SEARCH_PROVIDERS, PageSearchProvider())
hooks.register(hooks.MAIN_MENU_ITEMS, main_menu_links)
hooks.register(hooks.FOOTER_MENU_ITEMS, footer_links)


@hooks.register(hooks.PAGE_CACHE_SCHEDULE)
def next_page_change():
    """The next moment a page appears (its publication time) or leaves the site (its end of
    publication) by itself: one query."""
    now = timezone.now()
    moments = Page.objects.filter(status=Page.Status.PUBLISHED).aggregate(
        appears=Min("publish_at", filter=Q(publish_at__gt=now)),
        leaves=Min("expire_at", filter=Q(expire_at__gt=now)),
    )
    return min((moment for moment in moments.values() if moment), default=None)


hooks.register(hooks.SITE_MAP_SECTIONS, site_map_sections)


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
