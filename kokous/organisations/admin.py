from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from kokous.meetings.models import StandardItem
from kokous.organisations.models import Body, Membership, Organisation, Person


@admin.display(description=_("bodies (add and edit them under Bodies)"))
def bodies_list(organisation: Organisation) -> str:
    if organisation.pk is None:
        return "-"
    return format_html_join(
        mark_safe("<br>"),
        '<a href="{}">{}</a>',
        (
            (reverse("admin:organisations_body_change", args=[body.pk]), body.name_fi)
            for body in organisation.bodies.order_by("name_fi")
        ),
    ) or "-"  # fmt: skip


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "name_sv", "kind", "code", "bilingual"]
    list_filter = ["kind", "bilingual"]
    search_fields = ["name_fi", "name_sv", "code", "slug"]
    prepopulated_fields = {"slug": ["name_fi"]}
    fields = ["name_fi", "name_sv", "slug", "kind", "code", "record_number_format", "bilingual",
              bodies_list]  # fmt: skip
    readonly_fields = [bodies_list]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "body"
    fields = ["person", "role", "deputy_for", "represents", "start", "end"]
    autocomplete_fields = ["person", "deputy_for"]
    extra = 0


class StandardItemInline(admin.StackedInline):
    model = StandardItem
    fields = ["place", "position", "title", "preparation_text", "proposal"]
    extra = 0
    verbose_name_plural = _("agenda template (the opening and closing items of new meetings)")


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = [
        "name_fi", "abbreviation", "organisation", "kind", "parent", "active_from",
        "active_until",
    ]  # fmt: skip
    list_filter = ["organisation", "kind"]
    search_fields = ["name_fi", "name_sv", "abbreviation", "slug"]
    prepopulated_fields = {"slug": ["name_fi"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["organisation", "parent"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "organisation",
                    "name_fi",
                    "name_sv",
                    "abbreviation",
                    "slug",
                    "kind",
                    "parent",
                ]
            },
        ),  # fmt: skip
        (
            _("Term and mandate"),
            {"fields": ["active_from", "active_until", "mandate", "report_deadline"]},
        ),  # fmt: skip
        (
            _("Rules"),
            {"fields": ["quorum_rule_override", "invitation_lead_days", "invite_deputies"]},
        ),  # fmt: skip
    ]
    inlines = [MembershipInline, StandardItemInline]


class PersonMembershipInline(MembershipInline):
    fk_name = "person"
    fields = ["body", "role", "deputy_for", "represents", "start", "end"]
    autocomplete_fields = ["body", "deputy_for"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "title", "affiliation", "email", "user"]
    list_filter = ["memberships__body__organisation"]
    search_fields = ["first_name", "last_name", "email", "affiliation", "title"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
    inlines = [PersonMembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "body", "represents", "start", "end"]
    list_filter = ["role", "body__organisation", "body"]
    search_fields = ["person__first_name", "person__last_name", "body__name_fi", "represents"]
    autocomplete_fields = ["person", "body", "deputy_for"]
    list_select_related = ["person", "body"]
    date_hierarchy = "start"
