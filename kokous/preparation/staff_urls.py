from django.urls import path

from kokous.preparation import staff_views

app_name = "preparation_staff"

urlpatterns = [
    path("staff/preparation/", staff_views.my_tasks, name="my_tasks"),
    path("staff/preparation/groups/<slug:slug>/", staff_views.board, name="board"),
    path("staff/preparation/tasks/<int:pk>/", staff_views.task_edit, name="task_edit"),
    path(
        "staff/preparation/roadmaps/<slug:slug>/tasks/new/",
        staff_views.task_create,
        name="task_create",
    ),  # fmt: skip
    path(
        "staff/preparation/roadmaps/<slug:slug>/import/",
        staff_views.roadmap_import_view,
        name="roadmap_import",
    ),  # fmt: skip
]
