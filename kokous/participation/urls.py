from django.urls import path

from kokous.participation import views

app_name = "participation"

urlpatterns = [
    path("participation/", views.index, name="index"),
    path("participation/surveys/<slug:slug>/", views.survey, name="survey"),
    path("participation/surveys/<slug:slug>/draft/", views.survey_draft, name="survey_draft"),
    path("participation/surveys/<slug:slug>/thanks/", views.survey_thanks, name="survey_thanks"),
    path("participation/surveys/<slug:slug>/results/", views.survey_results, name="survey_results"),
    path("participation/drafts/<slug:slug>/", views.round_page, name="round"),
    path("participation/drafts/<slug:slug>/comments/", views.comment_create, name="comment"),
    path(
        "participation/drafts/<slug:slug>/comments/<int:pk>/support/",
        views.comment_support,
        name="support",
    ),
]
