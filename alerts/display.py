"""Which banners a request's page shows, and the reader's cookie of hidden ones.

The banners are part of the page, so the page cache stores them with it: every save or delete
of a banner drops the content version, and its start and end are the moments the version
expires (``hooks.next_banner_change``). A reader who hid a banner gets other pages than the
readers who did not, so what the cookie hides is part of the page cache key
(``hooks.hidden_banners_variant``): only the banners it names that are shown now, never the
cookie as sent, so a made-up cookie cannot make a page of its own.
"""

import re

from django.db import DatabaseError
from django.urls import NoReverseMatch, reverse

from alerts.models import Banner

HIDDEN_COOKIE = "hidden_banners"
HIDDEN_COOKIE_MAX_AGE = 365 * 24 * 60 * 60
# More than any reader will hide at once; a longer cookie is not read past this.
MAX_HIDDEN = 20
TOKEN = re.compile(r"\d{1,10}-\d{1,12}")

# A page is in a section when its path is the section's page or below it (the home page is
# only itself). URL names, not imports: the sections' apps are beside this one, not below.
SECTION_PAGES = {
    Banner.Section.HOME: "news:home",
    Banner.Section.NEWS: "news:list",
    Banner.Section.PARTNERSHIPS: "partnerships:register",
    Banner.Section.EVENTS: "partnerships:event-list",
}


def section_of(path: str) -> str | None:
    for section, url_name in SECTION_PAGES.items():
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        if path == url or (url != "/" and path.startswith(url)):
            return section
    return None


def hidden_tokens(request) -> set[str]:
    """The banners the reader hid, as their cookie names them (well-formed ones only)."""
    value = request.COOKIES.get(HIDDEN_COOKIE, "")
    tokens = value.split(".", MAX_HIDDEN)[:MAX_HIDDEN]
    return {token for token in tokens if TOKEN.fullmatch(token)}


def hideable_live_tokens() -> set[str]:
    banners = Banner.objects.live().hideable().only("pk", "updated_at")
    return {banner.hide_token for banner in banners}


def hidden_now(request) -> list[str]:
    """The banners shown now that the reader hid, in a canonical order ([] without a cookie,
    which costs nothing; with one, a query, once per request: the page cache's key and the
    page itself both ask)."""
    found = getattr(request, "_hidden_banners", None)
    if found is None:
        found = request._hidden_banners = _hidden_now(request)
    return found


def _hidden_now(request) -> list[str]:
    tokens = hidden_tokens(request)
    if not tokens:
        return []
    try:
        return sorted(tokens & hideable_live_tokens())
    except DatabaseError:  # the page shows what it can; the reader sees the banner again
        return []


class PageBanners:
    """The live banners of a request's page: ``shown`` (what the reader sees) and whether
    the page is in mourning (even when the reader hid the mourning banner's text)."""

    def __init__(self, request):
        section = section_of(request.path_info)
        hidden = set(hidden_now(request))
        try:
            banners = [
                banner
                for banner in Banner.objects.live().for_display()
                if banner.shows_in(section)
            ]
        except DatabaseError:  # an error page while the database is down
            banners = []
        self.mourning = any(banner.severity == Banner.Severity.MOURNING for banner in banners)
        self.shown = [
            banner
            for banner in banners
            if not (banner.can_be_hidden and banner.hide_token in hidden)
        ]


def page_banners(request) -> PageBanners:
    """Worked out once per request (the page's classes and its banner block both ask)."""
    found = getattr(request, "_page_banners", None)
    if found is None:
        found = request._page_banners = PageBanners(request)
    return found
