from django.urls import path

from portal import accessibility, kept_uploads, views

app_name = "portal"

urlpatterns = [
    path("editor/upload-image/", views.editor_image_upload, name="editor-image-upload"),
    path("editor/link-search/", views.editor_link_search, name="editor-link-search"),
    path("vision/", accessibility.set_vision, name="vision"),
    path("search/", views.search, name="search"),
    path("feeds/", views.feeds, name="feeds"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("sitemap/", views.site_map, name="site-map"),
    path("editor/kept-upload/<str:token>/", kept_uploads.kept_upload, name="kept-upload"),
]
