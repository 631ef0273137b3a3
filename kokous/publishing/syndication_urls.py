"""Feeds, calendars and the sitemap of the public site."""

from django.urls import path  # noqa: F401

app_name = "syndication"
urlpatterns: list = []
