"""The public versions of the documents, on the public site."""

from django.urls import path

from kokous.core.caching import public_cache
from kokous.documents import views

# The pages may be kept by a shared cache for anonymous readers (final minutes say for how long);
# the PDFs set their own caching.
page = public_cache()(views.public_page)

app_name = "documents"
urlpatterns = [
    path("meetings/<int:pk>/agenda/", page, {"kind": "agenda"}, name="agenda"),
    path("meetings/<int:pk>/agenda.pdf", views.public_pdf, {"kind": "agenda"}, name="agenda_pdf"),
    path("meetings/<int:pk>/minutes/", page, {"kind": "minutes"}, name="minutes"),
    path(
        "meetings/<int:pk>/minutes.pdf", views.public_pdf, {"kind": "minutes"}, name="minutes_pdf"
    ),
    path("items/<int:pk>/extract/", page, {"kind": "extract"}, name="extract"),
    path("items/<int:pk>/extract.pdf", views.public_pdf, {"kind": "extract"}, name="extract_pdf"),
]
