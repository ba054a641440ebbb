"""What the open data section contributes to the portal's shared features (see portal/hooks.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from opendata.sets import SETS
from opendata.tasks import record_versions
from portal import hooks
from portal.navigation import Link

hooks.register(hooks.DAILY_TASKS, record_versions)


@hooks.register(hooks.SITE_MAP_SECTIONS)
def open_data_site_map():
    sets = tuple(
        Link(str(data_set.title), reverse("opendata:set", args=[data_set.identifier]))
        for data_set in SETS
    )
    yield Link(_("Open data"), reverse("opendata:registry"), order=80, children=sets)


@hooks.register(hooks.FOLLOW_LINKS)
def open_data_link():
    return _("Open data"), reverse("opendata:registry")
