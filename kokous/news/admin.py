"""The news app in the Django admin: categories, and read-only views of subscribers and of
what was sent (news themselves are written on the staff pages, /staff/news/)."""

from django.contrib import admin

from kokous.news.models import Category, Dispatch, News, NewsAttachment, Subscriber


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "name_sv", "name_en", "slug", "position"]
    prepopulated_fields = {"slug": ["name_fi"]}


class NewsAttachmentInline(admin.TabularInline):
    model = NewsAttachment
    extra = 0
    fields = ["title", "content_type", "size"]
    readonly_fields = ["title", "content_type", "size"]
    can_delete = False


@admin.register(News)
class NewsAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "publish_at", "send_newsletter", "newsletter_done_at"]
    list_filter = ["status", "categories", "organisation"]
    search_fields = ["title", "lead"]
    readonly_fields = ["slug", "newsletter_done_at"]
    inlines = [NewsAttachmentInline]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False  # written on the staff pages, which give the address and schedule


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "confirmed_at", "unsubscribed_at"]
    list_filter = ["language", "categories"]
    search_fields = ["email"]
    readonly_fields = ["token", "confirmed_at", "unsubscribed_at", "confirmation_sent_at"]


@admin.register(Dispatch)
class DispatchAdmin(admin.ModelAdmin):
    list_display = ["news", "subscriber", "status", "sent_at"]
    list_filter = ["status"]
    list_select_related = ["news", "subscriber"]
    readonly_fields = ["news", "subscriber", "status", "sent_at", "error"]
