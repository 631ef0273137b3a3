"""Invitations in the admin: read only. They are the record of what was sent, to whom and when,
on which the legality of a meeting depends; they are sent from the staff workspace."""

from django.contrib import admin

from kokous.core.admin import ReadOnlyAdminMixin
from kokous.invitations.models import Delivery, Invitation


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


class DeliveryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Delivery
    fields = ["person", "role", "email", "status", "sent_at", "error"]
    readonly_fields = fields
    extra = 0


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["subject", "kind", "sequence", "sent_at", "sent_by"]
    list_filter = ["kind", "meeting__body"]
    search_fields = ["subject", "meeting__body__name_fi"]
    list_select_related = ["meeting", "sent_by"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["person", "email", "status", "sent_at", "invitation"]
    list_filter = ["status"]
    search_fields = ["person__first_name", "person__last_name", "email"]
    list_select_related = ["person", "invitation"]
