from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.static import serve

from news.sitemaps import sitemaps as news_sitemaps
from partnerships.sitemaps import sitemaps as partnerships_sitemaps
from portal import accessibility, views

sitemaps = {**news_sitemaps, **partnerships_sitemaps}

portal_patterns = (
    [
        path("editor/upload-image/", views.editor_image_upload, name="editor-image-upload"),
        path("accessibility/", accessibility.set_vision, name="vision"),
    ],
    "portal",
)

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include(portal_patterns)),
    path("ckeditor5/", include("django_ckeditor_5.urls")),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap",
    ),
    path("", include("news.urls")),
    path("", include("partnerships.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
