"""Administration of participation: read and correct what the staff pages do not reach. The
closing time and the questions of an answered survey are changed only through the staff pages
(whose services record and lock them), so they are read-only here."""

from django.contrib import admin

from kokous.participation.models import (
    ClosingChange,
    Comment,
    CommentRound,
    Survey,
)


class ClosingChangeInline(admin.TabularInline):
    model = ClosingChange
    extra = 0
    can_delete = False
    readonly_fields = ["previous", "new", "reason", "changed_by", "changed_at"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "opens_at", "closes_at", "published"]
    list_filter = ["published", "organisation"]
    search_fields = ["title"]
    readonly_fields = ["closes_at", "created_by"]
    inlines = [ClosingChangeInline]


@admin.register(CommentRound)
class CommentRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "opens_at", "closes_at", "published"]
    list_filter = ["published", "organisation"]
    search_fields = ["title"]
    readonly_fields = ["closes_at", "created_by", "document_name", "document_sha256"]
    inlines = [ClosingChangeInline]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "round", "author_name", "created_at", "hidden_at", "synthetic"]
    list_filter = ["round", "synthetic"]
    readonly_fields = ["round", "paragraph", "user", "author_key", "created_at", "hidden_by"]
    search_fields = ["text", "author_name"]
