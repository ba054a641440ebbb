from django.urls import path

from partnerships import calendar, exports, feeds, plan_views, views

app_name = "partnerships"

urlpatterns = [
    path("partnerships/", views.AgreementRegisterView.as_view(), name="register"),
    path("partnerships/export.csv", exports.register_csv, name="export-csv"),
    path("partnerships/export.xlsx", exports.register_xlsx, name="export-xlsx"),
    path("partnerships/export.json", exports.register_json, name="export-json"),
    path("partnerships/partners/", views.PartnerListView.as_view(), name="partner-list"),
    path("partnerships/history/", views.HistoryView.as_view(), name="history"),
    path("partnerships/partners/<slug:slug>/", views.PartnerDetailView.as_view(), name="partner"),
    path(
        "partnerships/documents/<int:pk>/<str:filename>",
        views.document_file,
        name="document",
    ),
    path("partnerships/<slug:slug>/", views.AgreementDetailView.as_view(), name="agreement"),
    path("partnerships/<slug:slug>/rss/", feeds.AgreementFeed(), name="agreement-rss"),
    path(
        "partnerships/<slug:slug>/plans/<int:pk>/",
        plan_views.PlanDetailView.as_view(),
        name="plan",
    ),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/rss/", feeds.EventsFeed(), name="event-rss"),
    path("events.ics", calendar.events_ics, name="event-ics"),
    path("events/export.csv", exports.events_csv, name="event-export-csv"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event"),
    path("events/<slug:slug>.ics", calendar.event_ics, name="event-calendar"),
]
