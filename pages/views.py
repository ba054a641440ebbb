"""A page at its stored address (the catch-all at the end of the root URLconf)."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from pages.models import Page
from portal.cache import reads_query


@reads_query()
def page(request, path):
    """The public page at ``/path/``, if it and every page above it are public."""
    found = Page.objects.published().filter(path=f"/{path}").first()
    if found is None:
        raise Http404(_("No such page."))
    wanted = found.ancestor_paths()
    ancestors = list(Page.objects.published().for_listing().filter(path__in=wanted))
    if len(ancestors) != len(wanted):  # a page under a hidden one is hidden too
        raise Http404(_("No such page."))
    ancestors.sort(key=lambda ancestor: len(ancestor.path))
    breadcrumbs = [
        (_("Home"), reverse("news:home")),
        *((ancestor.title, ancestor.path) for ancestor in ancestors),
        (found.title, found.path),
    ]
    children = found.children.published().for_listing().order_by("menu_order", "title")
    return render(
        request,
        "pages/page.html",
        {"page": found, "breadcrumbs": breadcrumbs, "subpages": list(children)},
    )
