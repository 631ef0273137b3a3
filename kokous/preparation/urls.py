from django.urls import path

from kokous.preparation import views

app_name = "preparation"

urlpatterns = [
    path("preparation/", views.index, name="index"),
    path("preparation/<slug:slug>/", views.organisation, name="organisation"),
    path("preparation/<slug:slug>/roadmaps/<slug:roadmap_slug>/", views.roadmap, name="roadmap"),
    path("preparation/<slug:slug>/annual-cycle/", views.cycle, name="cycle"),
    path("preparation/<slug:slug>/organisation-chart/", views.chart, name="chart"),
]
