from django.urls import path
from django.views.generic import RedirectView

from api.views import api

urlpatterns = [
    # Before the API's own patterns, whose root is only a 404 that django-ninja reverses.
    path("", RedirectView.as_view(pattern_name="api:openapi-view"), name="api-index"),
    path("", api.urls),
]
