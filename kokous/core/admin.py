"""Admin helpers shared by the apps: the admin is a staff fallback that writes through services."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect


class ServiceAdmin(admin.ModelAdmin):
    """A model admin whose saves and deletions call domain services.

    A service refuses a change it must not make with a ValidationError. The admin then shows
    that message, stores nothing (the whole request is rolled back), and returns to the page.
    """

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        return self._refused_as_message(
            request, super().changeform_view, request, object_id, form_url, extra_context
        )

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return self._refused_as_message(
            request, super().delete_view, request, object_id, extra_context
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # Bulk actions such as "delete selected" run here.
        return self._refused_as_message(request, super().changelist_view, request, extra_context)

    def _refused_as_message(self, request: HttpRequest, view: Any, *args: Any) -> HttpResponse:
        try:
            with transaction.atomic():
                return view(*args)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class ReadOnlyAdminMixin:
    """For records written only through the workspace's rules (invitations, votes, signatures,
    a meeting's record rows): the admin lists and shows them, never adds, changes or deletes."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
