from django.contrib import admin
from django.urls import path

from channels import views

app_name = "channels"

urlpatterns = [
    path("", admin.site.admin_view(views.preferences), name="preferences"),
]
