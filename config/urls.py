"""The root URLconf: the admin, each app's URLs, the sitemap and the error handlers."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.static import serve

from documents.sitemaps import sitemaps as documents_sitemaps
from news.sitemaps import sitemaps as news_sitemaps
from pages.sitemaps import sitemaps as pages_sitemaps
from partnerships.sitemaps import sitemaps as partnerships_sitemaps
from portal import health, views
from portal.cache import reads_query
from portal.sitemaps import sitemaps as portal_sitemaps
from press.sitemaps import sitemaps as press_sitemaps

sitemaps = {
    **news_sitemaps,
    **partnerships_sitemaps,
    **pages_sitemaps,
    **documents_sitemaps,
    **portal_sitemaps,
    **press_sitemaps,
}

urlpatterns = [
    path(f"{settings.ADMIN_URL}notifications/", include("channels.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("portal.urls")),
    # django-ckeditor-5's own upload view stores files unchecked: its URL name leads to ours.
    path(
        "ckeditor5/image_upload/",
        views.editor_image_upload,
        name="ck_editor_5_upload_file",
    ),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/queue", health.healthz_queue, name="healthz-queue"),
    path("api/", include("api.urls")),
    path("opendata/", include("opendata.urls")),
    path("subscribe/", include("channels.subscriptions.urls")),
    path("press/", include("press.urls")),
    path("", include("alerts.urls")),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        # Django's sitemap view reads ?p= (the page of a long sitemap).
        reads_query("p")(sitemap_views.sitemap),
        {"sitemaps": sitemaps},
        name="sitemap",
    ),
    path("", include("news.urls")),
    path("", include("partnerships.urls")),
    path("", include("documents.urls")),
]

# A database that cannot be reached outside any view is a 503 page too (portal.faults).
handler500 = "portal.faults.server_error"
handler403 = "portal.errors.permission_denied"

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

# Last of all: the editable pages at their stored addresses, so every other URL wins.
urlpatterns.append(path("", include("pages.urls")))
