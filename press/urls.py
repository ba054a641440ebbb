from django.urls import path

from press import feeds, views

app_name = "press"

urlpatterns = [
    path("", views.section, name="section"),
    path("releases/", views.PressReleaseListView.as_view(), name="releases"),
    path("releases/rss/", feeds.PressReleaseFeed(), name="releases-rss"),
    path("releases/atom/", feeds.PressReleaseAtomFeed(), name="releases-atom"),
    path("accreditation/", views.accreditation, name="accreditation"),
]
