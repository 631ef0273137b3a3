from django.urls import path

from kokous.importer import views

app_name = "importer"
urlpatterns = [
    path("staff/meetings/<int:pk>/original/", views.source_download, name="source"),
]
