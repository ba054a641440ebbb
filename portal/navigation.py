"""The main menu of every page and the site map page (/sitemap/), built from what the apps add;
and the footer's year.

Each app lists its menu items under the ``MAIN_MENU_ITEMS`` hook and its site map sections
under ``SITE_MAP_SECTIONS`` (in its own hooks.py); the portal adds its own pages here. An app
of editable pages fills both the same way, from its records.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import hooks
from portal.feeds import feed_directory
from portal.models import SiteSettings


@dataclass(frozen=True)
class Link:
    """A labelled address of the menu or the site map. ``order`` places it among the links
    beside it (smaller first; equal ones keep the order they were given in); ``children``
    are the site map's links below it. A site map section may have no address of its own."""

    label: str
    url: str = ""
    order: int = 100
    children: tuple["Link", ...] = ()

    @property
    def is_external(self) -> bool:
        return bool(self.url) and (not self.url.startswith("/") or self.url.startswith("//"))

    def leads_to(self, path: str) -> bool:
        """Is ``path`` this link's page or one below it? The home page is only itself."""
        if not self.url or self.is_external:
            return False
        return path == self.url or (self.url != "/" and path.startswith(self.url))


def ordered(links: Iterable[Link]) -> list[Link]:
    return sorted(links, key=lambda link: link.order)


def main_menu(path: str) -> list[tuple[Link, bool]]:
    """The menu's items, each with whether it is the current one: the item of the page's
    section (of two that lead to it, the deeper one: a partner's page is under «Партнёры»,
    not «Партнёрство»)."""
    contributed = (items() for items in hooks.get_hooks(hooks.MAIN_MENU_ITEMS))
    items = ordered(chain(_portal_menu_items(), *contributed))
    leading = [index for index, item in enumerate(items) if item.leads_to(path)]
    current = max(leading, key=lambda index: len(items[index].url), default=None)
    return [(item, index == current) for index, item in enumerate(items)]


def footer_menu() -> list[Link]:
    """The footer's menu: the links the apps add (editable pages marked for it)."""
    return ordered(chain(*(items() for items in hooks.get_hooks(hooks.FOOTER_MENU_ITEMS))))


def site_map() -> list[Link]:
    """The sections of the site map page, each with its links."""
    contributed = (sections() for sections in hooks.get_hooks(hooks.SITE_MAP_SECTIONS))
    return ordered(chain(_portal_site_map_sections(), *contributed))


def _portal_menu_items() -> Iterator[Link]:
    feedback_url = SiteSettings.get_solo().feedback_url
    if feedback_url:
        yield Link(_("Appeals"), feedback_url, order=90)


def _portal_site_map_sections() -> Iterator[Link]:
    site = SiteSettings.get_solo()
    feeds_url = reverse("portal:feeds")
    # The anchors of the feeds page's groups (templates/portal/feeds.html).
    feed_groups = tuple(
        Link(group.title, f"{feeds_url}#feed-group-{number}")
        for number, group in enumerate(feed_directory(), start=1)
    )
    links = [
        Link(_("Site search"), reverse("portal:search")),
        Link(_("News feeds and calendars"), feeds_url, children=feed_groups),
        Link(_("Personal data processing policy"), reverse("portal:privacy")),
        Link(_("Accessibility statement"), reverse("portal:accessibility")),
        Link(_("Version for visually impaired readers"), reverse("portal:vision") + "?size=2"),
    ]
    if site.feedback_url:
        links.append(Link(_("Send an appeal"), site.feedback_url))
    if site.administration_url:
        links.append(Link(_("Website of the city administration"), site.administration_url))
    yield Link(_("About the site"), order=90, children=tuple(links))


@hooks.register(hooks.PAGE_CACHE_SCHEDULE)
def next_new_year() -> datetime.datetime:
    """Midnight of the coming 1 January (Moscow time): every page's footer shows the year, so
    the cached pages expire then (registered when PortalConfig.ready() imports this module)."""
    year = timezone.localdate().year + 1
    return datetime.datetime(year, 1, 1, tzinfo=timezone.get_current_timezone())
