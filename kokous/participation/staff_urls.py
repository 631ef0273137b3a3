from django.urls import path

from kokous.participation import staff_views as views

app_name = "participation_staff"

P = "staff/participation/"

urlpatterns = [
    path(P, views.overview, name="overview"),
    path(P + "surveys/new/", views.survey_edit, name="survey_create"),
    path(P + "surveys/<int:pk>/", views.survey_detail, name="survey"),
    path(P + "surveys/<int:pk>/edit/", views.survey_edit, name="survey_edit"),
    path(P + "surveys/<int:pk>/results/", views.survey_results, name="results"),
    path(P + "surveys/<int:pk>/export.<str:fmt>", views.survey_export, name="survey_export"),
    path(P + "surveys/<int:survey_pk>/sections/new/", views.section_edit, name="section_create"),
    path(P + "surveys/<int:survey_pk>/sections/<int:pk>/", views.section_edit, name="section_edit"),
    path(P + "sections/<int:pk>/delete/", views.section_delete, name="section_delete"),
    path(P + "surveys/<int:survey_pk>/questions/new/", views.question_edit, name="question_create"),
    path(
        P + "surveys/<int:survey_pk>/questions/<int:pk>/", views.question_edit, name="question_edit"
    ),
    path(P + "questions/<int:pk>/<str:action>/", views.question_action, name="question_action"),
    path(P + "rounds/new/", views.round_edit, name="round_create"),
    path(P + "rounds/<int:pk>/", views.round_detail, name="round"),
    path(P + "rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path(P + "rounds/<int:pk>/export.<str:fmt>", views.round_export, name="round_export"),
    path(P + "comments/<int:pk>/<str:action>/", views.comment_moderate, name="moderate"),
    path(P + "<str:kind>/<int:pk>/closing/", views.closing_change, name="closing"),
    path(P + "<str:kind>/<int:pk>/attach/", views.results_attach, name="attach"),
]
