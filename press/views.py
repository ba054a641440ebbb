"""The press section: its page and the press releases (page-cached), and the accreditation
form, which carries a CSRF token and so is never cached (as /subscribe/)."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from news.models import Article
from portal.auth import client_ip
from portal.cache import reads_query
from portal.pagination import LenientPaginationMixin
from press import services
from press.forms import AccreditationForm, consent_text
from press.models import Announcement, PressContact

SECTION_RELEASES = 5
SECTION_ANNOUNCEMENTS = 10


def section_crumbs(*more):
    return [
        (_("Home"), reverse("news:home")),
        (_("For the media"), reverse("press:section")),
        *more,
    ]


@reads_query()
def section(request):
    context = {
        "releases": Article.objects.published().press_releases().for_listing()[:SECTION_RELEASES],
        "announcements": Announcement.objects.public()
        .upcoming()
        .for_listing()[:SECTION_ANNOUNCEMENTS],
        "contacts": PressContact.objects.all(),
        "breadcrumbs": section_crumbs(),
    }
    return render(request, "press/section.html", context)


@reads_query("page")
class PressReleaseListView(LenientPaginationMixin, ListView):
    template_name = "press/release_list.html"
    context_object_name = "articles"
    paginate_by = settings.NEWS_PAGE_SIZE

    def get_queryset(self):
        return Article.objects.published().press_releases().for_listing()

    def get_context_data(self, **kwargs):
        crumbs = section_crumbs((_("Press releases"), reverse("press:releases")))
        return super().get_context_data(breadcrumbs=crumbs, **kwargs)


@reads_query("announcement")
@never_cache
def accreditation(request):
    if request.method == "POST":
        form = AccreditationForm(request.POST)
        if form.is_valid() and form.is_robot:
            return _received(request, form.cleaned_data)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.Meta.fields}
            client = client_ip(request) or ""
            if services.request_accreditation(data, consent=consent_text(), client=client):
                return _received(request, data)
            form.add_error(
                None,
                _(
                    "Too many requests have been sent from here or for this address. Please try "
                    "again later or call the press office."
                ),
            )
            return _form_page(request, form, status=429)
        return _form_page(request, form)
    form = AccreditationForm(initial={"announcement": request.GET.get("announcement")})
    return _form_page(request, form)


def _form_page(request, form, status=200):
    context = {
        "form": form,
        "consent_text": consent_text(),
        "contacts": PressContact.objects.all(),
        "breadcrumbs": section_crumbs((_("Accreditation"), reverse("press:accreditation"))),
    }
    return render(request, "press/accreditation.html", context, status=status)


def _received(request, data):
    context = {
        "email": data["email"],
        "announcement": data["announcement"],
        "breadcrumbs": section_crumbs((_("Accreditation"), reverse("press:accreditation"))),
    }
    return render(request, "press/accreditation_received.html", context)
