"""The search pages, feeds and the members' search (`staff/search/`, beside the workspace)."""

from django.urls import path

from kokous.core.caching import public_cache
from kokous.search import feeds, views

app_name = "search"
urlpatterns = [
    path("search/", public_cache()(views.search_page), name="page"),
    path("search/feed.rss", feeds.SearchRssFeed(), name="feed_rss"),
    path("search/feed.atom", feeds.SearchAtomFeed(), name="feed_atom"),
    path("staff/search/", views.staff_search, name="staff"),
]
