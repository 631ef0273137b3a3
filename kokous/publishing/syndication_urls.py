"""Feeds, calendars and the sitemap of the public site."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from kokous.publishing import calendars, feeds, sitemaps

app_name = "syndication"
urlpatterns = [
    path("feeds/decisions.rss", feeds.DecisionRssFeed(), name="decisions_rss"),
    path("feeds/decisions.atom", feeds.DecisionAtomFeed(), name="decisions_atom"),
    path("calendar/meetings.ics", calendars.meetings_ics, name="meetings_ics"),
    path("meetings/<int:pk>/meeting.ics", calendars.meeting_ics, name="meeting_ics"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "syndication:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
]
