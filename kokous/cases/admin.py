from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from kokous.cases.models import Case
from kokous.cases.selectors import case_handling_history
from kokous.cases.services import case_create
from kokous.core.admin import ServiceAdmin
from kokous.core.timeutil import local_date


@admin.display(description=_("handling"))
def handling_list(case: Case) -> str:
    """The case's handling history as links to its agenda items (edited under the items)."""
    return format_html_join(
        mark_safe("<br>"),
        '<a href="{}">{}</a>',
        (
            (reverse("admin:meetings_agendaitem_change", args=[h.item.pk]), str(h))
            for h in case_handling_history(case=case)
        ),
    ) or "-"  # fmt: skip


@admin.register(Case)
class CaseAdmin(ServiceAdmin):
    list_display = ["record_number", "title", "organisation", "year", "task_class"]
    list_filter = ["organisation", "year"]
    search_fields = ["record_number", "title"]
    list_select_related = ["organisation"]

    def get_fields(self, request: HttpRequest, obj: Case | None = None) -> list[Any]:
        if obj is None:
            return ["organisation", "title", "task_class", "year", "record_number"]
        return [
            "organisation", "record_number", "year", "running_number", "task_class", "title",
            handling_list,
        ]  # fmt: skip

    def get_readonly_fields(self, request: HttpRequest, obj: Case | None = None) -> list[Any]:
        # The numbers are given once, by case_create; the register never renumbers a case.
        if obj is None:
            return []
        return ["organisation", "record_number", "year", "running_number", handling_list]

    def get_form(self, request: HttpRequest, obj: Case | None = None, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            form.base_fields["year"].initial = local_date(timezone.now()).year
            form.base_fields["record_number"].help_text = _(
                "Empty: the next number in the organisation's format. Give one only for a "
                "case brought in from an older register."
            )
        return form

    def save_model(self, request: HttpRequest, obj: Case, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        created = case_create(
            organisation=data["organisation"],
            title=data["title"],
            task_class=data["task_class"],
            year=data["year"],
            record_number=data["record_number"] or None,
        )
        obj.pk = created.pk
        obj.running_number = created.running_number
        obj.record_number = created.record_number
        obj.year = created.year
