"""The public versions of the documents, on the public site."""

from django.urls import path

from kokous.documents import views

app_name = "documents"
urlpatterns = [
    path("meetings/<int:pk>/agenda/", views.public_page, {"kind": "agenda"}, name="agenda"),
    path("meetings/<int:pk>/agenda.pdf", views.public_pdf, {"kind": "agenda"}, name="agenda_pdf"),
    path("meetings/<int:pk>/minutes/", views.public_page, {"kind": "minutes"}, name="minutes"),
    path(
        "meetings/<int:pk>/minutes.pdf", views.public_pdf, {"kind": "minutes"}, name="minutes_pdf"
    ),
    path("items/<int:pk>/extract/", views.public_page, {"kind": "extract"}, name="extract"),
    path("items/<int:pk>/extract.pdf", views.public_pdf, {"kind": "extract"}, name="extract_pdf"),
]
