"""Signatures and corrections of minutes, in the admin: read only (they are given and recorded
in the workspace, and are part of the permanent record)."""

from django.contrib import admin

from kokous.minutes.models import Correction, Signature
from kokous.proceedings.admin import ReadOnlyHistoryAdmin


@admin.register(Signature)
class SignatureAdmin(ReadOnlyHistoryAdmin):
    list_display = ["person", "role", "verdict", "void", "meeting", "created_at"]
    list_filter = ["role", "verdict", "void"]
    search_fields = ["person__last_name", "comment"]
    list_select_related = ["person", "meeting", "meeting__body"]


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["corrected_on", "meeting", "agenda_item", "reason"]
    search_fields = ["reason", "text"]
    list_select_related = ["meeting", "meeting__body", "agenda_item"]
