"""What the press section contributes to the portal's shared features (see portal/hooks.py)."""

import datetime

from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import hooks
from portal.navigation import Link
from press.feeds import feed_directory
from press.models import Announcement, start_of_today

hooks.register(hooks.FEEDS, feed_directory)


@hooks.register(hooks.PAGE_CACHE_SCHEDULE)
def next_announcement_change():
    """The next moment the section reads differently with no save: the coming midnight
    while announcements are upcoming (one of yesterday leaves the list), or sooner an
    accreditation deadline or a start (the announcement then no longer takes requests)."""
    now = timezone.now()
    found = (
        Announcement.objects.public()
        .upcoming()
        .aggregate(
            first=Min("starts_at"),
            deadline=Min("accreditation_until", filter=Q(accreditation_until__gt=now)),
            start=Min("starts_at", filter=Q(starts_at__gt=now)),
        )
    )
    if found.pop("first") is None:
        return None
    moments = [start_of_today() + datetime.timedelta(days=1)]
    moments += [moment for moment in found.values() if moment is not None]
    return min(moments)


@hooks.register(hooks.FOLLOW_LINKS)
def press_link():
    """«Для СМИ» in every page's footer (the main menu is the city's sections)."""
    return _("For the media"), reverse("press:section")


@hooks.register(hooks.SITE_MAP_SECTIONS)
def press_site_map():
    children = (
        Link(_("Press releases"), reverse("press:releases")),
        Link(_("Accreditation of journalists"), reverse("press:accreditation")),
    )
    yield Link(_("For the media"), reverse("press:section"), order=70, children=children)
