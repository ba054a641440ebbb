from django.urls import path

from documents import feeds, views

app_name = "documents"

urlpatterns = [
    path("documents/", views.DocumentListView.as_view(), name="list"),
    path("documents/rss/", feeds.NewDocumentsFeed(), name="rss"),
    path("documents/<slug:slug>/", views.DocumentDetailView.as_view(), name="detail"),
    path("documents/<slug:slug>/file/<str:filename>", views.document_file, name="file"),
]
