from django.urls import path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.registry, name="registry"),
    path("list.csv", views.registry_csv, name="list"),
    path("<str:identifier>/", views.data_set_page, name="set"),
    path("<str:identifier>/meta.csv", views.meta_csv, name="meta"),
    path(
        "<str:identifier>/structure-<str:structure>.csv",
        views.structure_csv,
        name="structure",
    ),
    path(
        "<str:identifier>/data-<str:stamp>-structure-<str:structure>.csv",
        views.data_csv,
        name="data",
    ),
]
