from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe

from opendata import versions
from opendata.models import OpenDataVersion
from opendata.sets import SETS, STRUCTURES, by_identifier
from portal.cache import reads_query
from portal.models import SiteSettings

# A version's file never changes: browsers and proxies may keep it for a day.
VERSION_MAX_AGE = 24 * 60 * 60


def _breadcrumbs(*tail):
    return [
        (_("Home"), reverse("news:home")),
        (_("Open data"), reverse("opendata:registry")),
        *tail,
    ]


def csv_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=versions.CSV_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@reads_query()
@require_GET
def registry(request):
    """/opendata/: the sets, each with its passport and its latest data file."""
    latest = versions.record_changes()
    entries = [(data_set, latest[data_set.name]) for data_set in SETS]
    return render(
        request,
        "opendata/registry.html",
        {
            "entries": entries,
            "list_url": versions.absolute(reverse("opendata:list")),
            "licence_url": versions.LICENCE_URL,
            "licence_name": versions.LICENCE_NAME,
            "breadcrumbs": _breadcrumbs(),
        },
    )


@reads_query()
@require_safe
def registry_csv(request):
    return csv_response(versions.csv_bytes(versions.list_rows()), "list.csv")


@reads_query()
@require_GET
def data_set_page(request, identifier):
    data_set = by_identifier(identifier)
    card = versions.passport(data_set)
    return render(
        request,
        "opendata/data_set.html",
        {
            "data_set": data_set,
            "card": card,
            "site": SiteSettings.get_solo(),
            "meta_url": versions.meta_url(data_set),
            "structure_url": versions.structure_url(data_set, data_set.structure),
            "provenance": versions.provenance(card),
            "licence_url": versions.LICENCE_URL,
            "licence_name": versions.LICENCE_NAME,
            "breadcrumbs": _breadcrumbs((data_set.title, request.path)),
        },
    )


@reads_query()
@require_safe
def meta_csv(request, identifier):
    card = versions.passport(by_identifier(identifier))
    rows = [("property", "value"), *versions.meta_rows(card)]
    return csv_response(versions.csv_bytes(rows), "meta.csv")


@reads_query()
@require_safe
def structure_csv(request, identifier, structure):
    data_set = by_identifier(identifier)
    fields = STRUCTURES.get((data_set.name, structure))
    if fields is None:
        raise Http404("No such structure")
    return csv_response(versions.structure_file(fields), f"structure-{structure}.csv")


@reads_query()
@require_safe
def data_csv(request, identifier, stamp, structure):
    """A version's data file, exactly as it was published."""
    data_set = by_identifier(identifier)
    version = (
        OpenDataVersion.objects.of(data_set.name)
        .filter(stamp=stamp, structure=structure)
        .only("content", "sha256", "stamp", "structure", "dataset")
        .first()
    )
    if version is None:
        raise Http404("No such version")
    response = csv_response(bytes(version.content), version.file_name)
    response["ETag"] = f'"{version.sha256}"'
    patch_cache_control(response, public=True, max_age=VERSION_MAX_AGE)
    return response
