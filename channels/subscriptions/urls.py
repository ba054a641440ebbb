from django.urls import path

from channels.subscriptions import views

app_name = "subscriptions"

urlpatterns = [
    path("", views.subscribe, name="form"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
