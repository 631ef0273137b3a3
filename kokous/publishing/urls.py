from django.urls import path

from kokous.publishing import views

app_name = "publishing"
urlpatterns = [
    path("", views.home, name="home"),
    path("bodies/<slug:slug>/", views.body_detail, name="body"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
]
