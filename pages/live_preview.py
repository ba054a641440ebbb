"""The page's live preview (``portal.live_preview``): the page as the form now says, in the
public design, unsaved. What the form could not clean keeps its stored value (or a stand-in on
a new page); the subpages listed are those published under the stored page."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.sanitize import sanitize_html
from portal.slugs import transliterate


def render_page_preview(request, form, stored):
    page = form.instance
    page.body = sanitize_html(page.body)
    page.title = page.title or _("Untitled page")
    page.slug = page.slug or transliterate(page.title) or "page"
    page.path = page.path_under(page.parent if page.parent_id else None)
    subpages = []
    if stored is not None:
        subpages = list(
            stored.children.public_by_themselves().for_listing().order_by("menu_order", "title")
        )
    context = {
        "page": page,
        "breadcrumbs": [(_("Home"), reverse("news:home")), (page.title, page.path)],
        "subpages": subpages,
        "is_preview": True,
        "is_live_preview": True,
        "messages": [],  # those waiting for the admin's next page are not the preview's
    }
    return render(request, "pages/page.html", context)
