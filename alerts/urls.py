from django.urls import path

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("alerts/hide/<int:pk>/", views.hide_banner, name="hide"),
]
