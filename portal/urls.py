from django.urls import path

from portal import accessibility, kept_uploads, views

app_name = "portal"

urlpatterns = [
    path("editor/upload-image/", views.editor_image_upload, name="editor-image-upload"),
    path("accessibility/", accessibility.set_vision, name="vision"),
    path("search/", views.search, name="search"),
    path("feeds/", views.feeds, name="feeds"),
    path("editor/kept-upload/<str:token>/", kept_uploads.kept_upload, name="kept-upload"),
]
