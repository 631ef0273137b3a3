from django.urls import path

from kokous.documents import views as document_views
from kokous.staff import meeting_views, views

app_name = "staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("calendar/", views.meeting_calendar, name="calendar"),
    path("bodies/<slug:slug>/", views.body_detail, name="body"),
    path("bodies/<slug:slug>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/items/new/", views.item_create, name="item_create"),
    path("meetings/<int:pk>/cases/", views.case_search, name="case_search"),
    path("meetings/<int:pk>/order/", views.agenda_order, name="agenda_order"),
    path("meetings/<int:pk>/carry/<int:item_pk>/", views.item_carry, name="item_carry"),
    path("meetings/<int:pk>/invitation/", views.invitation, name="invitation"),
    path("meetings/<int:pk>/supplement/", views.supplement, name="supplement"),
    path("invitations/<int:pk>/", views.invitation_detail, name="invitation_detail"),
    path("invitations/<int:pk>/calendar.ics", views.invitation_calendar, name="invitation_ics"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/ready/", views.item_ready, name="item_ready"),
    path("items/<int:pk>/remove/", views.item_remove, name="item_remove"),
    path("items/<int:pk>/personal-data/", views.item_personal_data, name="item_personal_data"),
    path("items/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    # During and after the meeting.
    path("meetings/<int:pk>/run/", meeting_views.meeting_run, name="meeting_run"),
    path("meetings/<int:pk>/attendance/", meeting_views.attendance, name="attendance"),
    path("meetings/<int:pk>/close/", meeting_views.meeting_close, name="meeting_close"),
    path("meetings/<int:pk>/minutes/", meeting_views.minutes, name="minutes"),
    path("items/<int:pk>/handle/", meeting_views.item_handle, name="item_handle"),
    # The full versions of the documents (the public ones are on the public site).
    path(
        "meetings/<int:pk>/documents/agenda/",
        document_views.full_page,
        {"kind": "agenda"},
        name="agenda_document",
    ),
    path(
        "meetings/<int:pk>/documents/agenda.pdf",
        document_views.full_pdf,
        {"kind": "agenda"},
        name="agenda_pdf",
    ),
    path(
        "meetings/<int:pk>/documents/minutes/",
        document_views.full_page,
        {"kind": "minutes"},
        name="minutes_document",
    ),
    path(
        "meetings/<int:pk>/documents/minutes.pdf",
        document_views.full_pdf,
        {"kind": "minutes"},
        name="minutes_pdf",
    ),
    path(
        "items/<int:pk>/extract/",
        document_views.full_page,
        {"kind": "extract"},
        name="extract_document",
    ),
    path(
        "items/<int:pk>/extract.pdf",
        document_views.full_pdf,
        {"kind": "extract"},
        name="extract_pdf",
    ),
]
