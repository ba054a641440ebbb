"""Pages for refused requests, in Russian: the admin's in its design, the site's in its own."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse


def in_admin(request: HttpRequest) -> bool:
    return request.path.startswith(reverse("admin:index"))


def refusal(request: HttpRequest, template_name: str) -> HttpResponse:
    if in_admin(request):
        context = admin.site.each_context(request)
        return render(request, f"admin/{template_name}", context, status=403)
    return render(request, template_name, status=403)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: the admin's PermissionDenied comes here too."""
    return refusal(request, "403.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent without a valid token (often a stale page)."""
    return refusal(request, "403_csrf.html")
