"""Errors the services raise beyond Django's ValidationError."""

from typing import Any

from django.core.exceptions import ValidationError


class EditConflict(ValidationError):
    """Someone else saved the same thing after the editor opened it.

    `current` is the stored object as it is now, so that the view can show it beside the
    editor's unsaved input; nothing of either is lost.
    """

    def __init__(self, message: str, *, current: Any) -> None:
        super().__init__(message, code="conflict")
        self.current = current
