from django.urls import path
from django.views.generic import RedirectView

from api import documents
from api.views import api

# Before api.urls is first read: its operations are collected then.
api.add_router("/", documents.router)

urlpatterns = [
    # Before the API's own patterns, whose root is only a 404 that django-ninja reverses.
    path("", RedirectView.as_view(pattern_name="api:openapi-view"), name="api-index"),
    path("", api.urls),
]
