"""The search alerts' pages, under `search/alerts/` (namespace `search_alerts`)."""

from django.urls import path

from kokous.search import alert_views

app_name = "search_alerts"
urlpatterns = [
    path("", alert_views.subscribe, name="subscribe"),
    path("confirm/<str:token>/", alert_views.confirm, name="confirm"),
    path("cancel/<str:token>/", alert_views.cancel, name="cancel"),
]
