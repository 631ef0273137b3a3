from django.urls import path

from kokous.core.caching import public_cache
from kokous.publishing import views

# Every page here but the downloads may be kept a minute by a shared cache for anonymous readers.
cached = public_cache()

app_name = "publishing"
urlpatterns = [
    path("", cached(views.home), name="home"),
    path("bodies/<slug:slug>/", cached(views.body_detail), name="body"),
    path("meetings/", cached(views.meeting_calendar), name="meetings"),
    path("meetings/<int:pk>/", cached(views.meeting_detail), name="meeting"),
    path("items/<int:pk>/", cached(views.item_detail), name="item"),
    path("decisions/", cached(views.decision_list), name="decisions"),
    path("cases/<int:pk>/", cached(views.case_detail), name="case"),
    path("people/<int:pk>/", cached(views.person_detail), name="person"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
