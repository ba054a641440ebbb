from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from portal import hooks
from portal import search as site_search
from portal.auth import second_factor_satisfied
from portal.cache import reads_query
from portal.feeds import feed_directory
from portal.forms import SearchForm
from portal.images import clean_image_content, validate_image_file
from portal.models import SiteSettings
from portal.navigation import site_map as site_map_sections
from portal.sanitize import sanitize_html


@require_POST
@staff_member_required
def editor_image_upload(request: HttpRequest) -> JsonResponse:
    """CKEditor 5 image upload: staff only, validated and stripped like every other image."""
    if not second_factor_satisfied(request.user):
        return JsonResponse(
            {"error": {"message": _("Log in with your one-time code first.")}}, status=403
        )
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": _("No file was sent.")}}, status=400)
    try:
        validate_image_file(upload)
    except ValidationError as error:
        return JsonResponse({"error": {"message": " ".join(error.messages)}}, status=400)
    stores = hooks.get_hooks(hooks.EDITOR_IMAGE_STORES)
    if stores:
        return JsonResponse({"url": stores[0](request, upload)})
    cleaned = clean_image_content(upload, upload.name or "")
    name = default_storage.save(f"editor/{cleaned.name}", cleaned)
    return JsonResponse({"url": default_storage.url(name)})


# As many results as the link picker beside the editor lists (static/portal/link_picker.js).
LINK_PICKER_RESULTS = 10


@require_GET
@staff_member_required
def editor_link_search(request: HttpRequest) -> JsonResponse:
    """The link picker of the rich-text editor: ``?q=…`` finds, by the site search, public
    pages of every kind (news, agreements, events, partners, pages, documents) and answers
    ``{"results": [{"title", "url", "kind", "date"}], "message"}``, best first. Only what the
    public may read is offered: a link to anything else would not work for readers."""
    if not second_factor_satisfied(request.user):
        return JsonResponse(
            {"results": [], "message": _("Log in with your one-time code first.")}, status=403
        )
    terms = site_search.SearchTerms.parse(request.GET.get("q", ""))
    results, message = [], ""
    if terms.too_long:
        message = _(
            "The query is too long: a word of more than %(letters)s letters is not searched for."
        ) % {"letters": site_search.MAX_WORD_LETTERS}
    elif terms:
        try:
            found = site_search.search(terms, page=1)
        except site_search.SearchTookTooLong:
            message = _("The search took too long. Please make the query more specific.")
        else:
            results = [
                {
                    "title": hit.title,
                    "url": hit.url,
                    "kind": str(hit.kind_label),
                    "date": hit.date_text,
                }
                for hit in found.hits[:LINK_PICKER_RESULTS]
            ]
            if not results:
                message = _("Nothing found on the site.")
    response = JsonResponse({"results": results, "message": message})
    patch_cache_control(response, private=True, no_store=True)
    return response


@reads_query()
@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /" + reverse("admin:index").strip("/") + "/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@reads_query(*SearchForm.base_fields, "page")
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """/search/?q=…&type=…&date_from=…&date_to=…&page=…: every kind the registry knows."""
    data = None
    if request.GET:
        data = request.GET.copy()
        data["q"] = site_search.clean_query(data.get("q"))  # shown back as it was searched
    form = SearchForm(data)
    terms, results, refusal = site_search.SearchTerms.parse(""), None, ""
    if form.is_bound:
        form.is_valid()  # invalid filters are reported next to their fields and ignored
        terms = site_search.SearchTerms.parse(form.cleaned_data.get("q", ""))
        if terms.too_long:
            refusal = _(
                "The query is too long: a word of more than %(letters)s letters is not searched for."
            ) % {"letters": site_search.MAX_WORD_LETTERS}
        elif terms:
            try:
                results = site_search.search(
                    terms,
                    kinds=form.kinds,
                    date_from=form.cleaned_data.get("date_from"),
                    date_to=form.cleaned_data.get("date_to"),
                    page=request.GET.get("page"),
                )
            except site_search.SearchTookTooLong:
                refusal = _("The search took too long. Please make the query more specific.")
    context = {"form": form, "terms": terms, "results": results, "refusal": refusal}
    response = render(request, "search/results.html", context)
    # Queries are endless: keep them out of the shared page cache and out of search engines.
    patch_cache_control(response, private=True, max_age=0)
    response["X-Robots-Tag"] = "noindex"
    return response


@reads_query()
@require_GET
def feeds(request: HttpRequest) -> HttpResponse:
    """/feeds/: every feed of the site, with a word on what RSS is."""
    return render(request, "portal/feeds.html", {"feed_groups": feed_directory()})


def _about_page(
    request: HttpRequest, template_name: str, title: str, **context: Any
) -> HttpResponse:
    """A page of the portal's own, one step below the home page."""
    breadcrumbs = [(_("Home"), "/"), (title, request.path)]
    return render(
        request, template_name, {"page_title": title, "breadcrumbs": breadcrumbs, **context}
    )


@reads_query()
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """/privacy/: the personal data processing policy (152-ФЗ), the chief editor's text from
    the site settings or, while there is none, the standard one."""
    policy = SiteSettings.get_solo().privacy_policy
    # Sanitised when saved; again here, as the page is cached, for text stored another way.
    text = mark_safe(sanitize_html(policy)) if policy else ""
    return _about_page(
        request,
        "portal/privacy.html",
        _("Personal data processing policy"),
        policy=text,
    )


@reads_query()
@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """/accessibility/: what the site does for accessibility, how far it conforms to ГОСТ Р
    52872-2019, and how to report a problem."""
    return _about_page(request, "portal/accessibility.html", _("Accessibility statement"))


@reads_query()
@require_GET
def site_map(request: HttpRequest) -> HttpResponse:
    """/sitemap/: every section of the site and its pages, as the apps list them."""
    return _about_page(
        request, "portal/site_map.html", _("Site map"), sections=site_map_sections()
    )
