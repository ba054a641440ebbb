"""The site's URLs plus a public page that refuses everyone (tests/portal/test_refusal_pages.py)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import handler403, handler500, urlpatterns  # noqa: F401 (the handlers)


def refuse(request):
    raise PermissionDenied


urlpatterns = [path("refused/", refuse), *urlpatterns]
