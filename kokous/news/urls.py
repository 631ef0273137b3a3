from django.urls import path

from kokous.news import views
from kokous.news.feeds import NewsAtomFeed, NewsRssFeed

app_name = "news"

urlpatterns = [
    path("news/", views.news_list, name="list"),
    path("news/feed.rss", NewsRssFeed(), name="feed_rss"),
    path("news/feed.atom", NewsAtomFeed(), name="feed_atom"),
    path("news/<slug:slug>/", views.news_detail, name="detail"),
    path(
        "news/<slug:slug>/attachments/<int:pk>/",
        views.attachment_download,
        name="attachment",
    ),
    path("newsletter/", views.subscribe, name="subscribe"),
    path("newsletter/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # Communications staff.
    path("staff/news/", views.staff_list, name="staff_list"),
    path("staff/news/new/", views.staff_create, name="staff_create"),
    path("staff/news/<int:pk>/edit/", views.staff_edit, name="staff_edit"),
    path(
        "staff/news/attachments/<int:pk>/",
        views.staff_attachment_download,
        name="staff_attachment",
    ),
    path(
        "staff/news/attachments/<int:pk>/remove/",
        views.staff_attachment_remove,
        name="staff_attachment_remove",
    ),
]
