"""Task codes of roadmaps: "A2.1", "B1.3", "F", "1.10". The ministry's roadmap writes them
with dots after letters and at the end ("B.1.", "A2.1."); a code is stored in one form, so
that the same task is found however it was written, and ordered as people read it (1.9
before 1.10)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Letters, then numbers separated by dots: "A", "A2", "A2.1", "1", "1.10".
_CODE_RE = re.compile(r"^(?:[A-ZÅÄÖ]+(?:\d+(?:\.\d+)*)?|\d+(?:\.\d+)*)$")
MAX_CODE = 30


def code_normalise(code: str) -> str:
    """The stored form of a code: upper case, no spaces, no trailing dot, and no dot between
    the letters and the first number ("b.1." → "B1"). Raises ValidationError for anything that
    is not a code."""
    value = re.sub(r"\s+", "", code or "").upper().rstrip(".")
    value = re.sub(r"^([A-ZÅÄÖ]+)\.(?=\d)", r"\1", value)
    if not value:
        raise ValidationError(_("Give the task a code, for example A2.1 or 1.10."))
    if len(value) > MAX_CODE or not _CODE_RE.match(value):
        raise ValidationError(
            _("“%(code)s” is not a task code: use letters and numbers, e.g. A2.1 or 1.10.")
            % {"code": code}
        )
    return value


def code_parts(code: str) -> tuple[str, ...]:
    """A stored code's levels: "A2.1" → ("A", "2", "1"); "1.10" → ("1", "10")."""
    letters = re.match(r"[A-ZÅÄÖ]*", code)
    head = letters.group() if letters else ""
    numbers = code[len(head) :]
    return ((head,) if head else ()) + (tuple(numbers.split(".")) if numbers else ())


def code_join(parts: tuple[str, ...]) -> str:
    """The code of these levels (code_parts reversed)."""
    if not parts:
        return ""
    if parts[0].isdigit():
        return ".".join(parts)
    return parts[0] + ".".join(parts[1:])


def code_ancestors(code: str) -> list[str]:
    """The codes a task with this code is part of, nearest first: "A2.1" → ["A2", "A"]."""
    parts = code_parts(code)
    return [code_join(parts[:n]) for n in range(len(parts) - 1, 0, -1)]


def code_sort_key(code: str) -> str:
    """A key that orders codes as they are read: letters, then each number by its value."""
    return ".".join(part.zfill(6) if part.isdigit() else part for part in code_parts(code))
