from django.urls import path

from news import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/", views.ArticleListView.as_view(), name="list"),
    path("news/rss/", feeds.LatestNewsFeed(), name="rss"),
    path("news/atom/", feeds.LatestNewsAtomFeed(), name="atom"),
    path("news/rss/yandex/", feeds.YandexNewsFeed(), name="yandex-rss"),
    path("news/rss/dzen/", feeds.DzenFeed(), name="dzen-rss"),
    path("news/<int:year>/", views.ArticleYearArchiveView.as_view(), name="archive-year"),
    path(
        "news/<int:year>/<int:month>/",
        views.ArticleMonthArchiveView.as_view(),
        name="archive-month",
    ),
    path("news/rubric/<slug:slug>/", views.RubricView.as_view(), name="rubric"),
    path("news/rubric/<slug:slug>/rss/", feeds.RubricFeed(), name="rubric-rss"),
    path("news/rubric/<slug:slug>/atom/", feeds.RubricAtomFeed(), name="rubric-atom"),
    path("news/tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("news/preview/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path(
        "news/preview/shared/<str:token>/",
        views.SharedArticlePreviewView.as_view(),
        name="preview-shared",
    ),
    path("news/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
]
