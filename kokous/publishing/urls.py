from django.urls import path

from kokous.publishing import views

app_name = "publishing"
urlpatterns = [
    path("", views.home, name="home"),
    path("bodies/<slug:slug>/", views.body_detail, name="body"),
    path("meetings/", views.meeting_calendar, name="meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("decisions/", views.decision_list, name="decisions"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
