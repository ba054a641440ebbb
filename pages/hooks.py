"""What pages contribute to the portal's shared features (see portal/hooks.py)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from pages.models import Page
from pages.navigation import footer_links, main_menu_links, site_map_sections
from pages.search import PageSearchProvider
from pages.services import WORKFLOW, can_publish
from portal import hooks
from portal.redirects.tracking import MovingAddresses
from portal.scheduling import next_change

REVIEW_LIMIT = 10

hooks.register(hooks.SEARCH_PROVIDERS, PageSearchProvider())
hooks.register(hooks.MAIN_MENU_ITEMS, main_menu_links)
hooks.register(hooks.FOOTER_MENU_ITEMS, footer_links)


@hooks.register(hooks.PAGE_CACHE_SCHEDULE)
def next_page_change():
    """The next moment a page appears (its publication time) or leaves the site (its end of
    publication) by itself: one query."""
    return next_change(Page.objects.filter(status=Page.Status.PUBLISHED))


hooks.register(hooks.SITE_MAP_SECTIONS, site_map_sections)


@hooks.register(hooks.ADMIN_INDEX_BLOCKS)
def pages_to_review(request):
    """«Страницы пора проверить» on the admin front page: pages past their review date."""
    if not request.user.has_perm("pages.change_page"):
        return None
    overdue = Page.objects.review_overdue()
    if WORKFLOW.works_on_own_only(request.user):  # an author: their own pages
        overdue = overdue.filter(created_by=request.user)
    overdue = list(overdue.for_listing().order_by("review_by")[:REVIEW_LIMIT])
    if not overdue:
        return None
    today = timezone.localdate()
    return "pages/includes/admin_review.html", {
        "pages": [(page, (today - page.review_by).days) for page in overdue],
        "title": _("Pages due for review"),
    }


@hooks.register(hooks.ADMIN_INDEX_BLOCKS)
def pages_waiting_for_review(request):
    """«Страницы на согласовании» on the chief editor's admin front page: the pages authors
    have submitted, the oldest submission first."""
    if not can_publish(request.user):
        return None
    waiting = Page.objects.filter(status=Page.Status.REVIEW).for_listing()
    found = list(waiting.order_by("updated_at")[: REVIEW_LIMIT + 1])
    if not found:
        return None
    return "pages/includes/admin_waiting.html", {
        "pages": found[:REVIEW_LIMIT],
        "more": len(found) > REVIEW_LIMIT,
        "title": _("Pages waiting for review"),
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
