"""Helpers for reading querysets."""

from typing import Any

from django.db.models import QuerySet


class QuerySetChain:
    """Several querysets read as one list, for a paginator (the API's live objects, then the
    deleted; the 6Aika API's organisations, then bodies): `count()` and slicing, each part
    asked only for the rows of the page."""

    def __init__(self, *parts: QuerySet[Any]) -> None:
        self._parts = parts
        self._counts: list[int] | None = None

    def count(self) -> int:
        if self._counts is None:
            self._counts = [part.count() for part in self._parts]
        return sum(self._counts)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Any]:
        assert isinstance(window, slice)
        self.count()
        assert self._counts is not None
        start, stop = window.start or 0, window.stop if window.stop is not None else self.count()
        rows: list[Any] = []
        for part, size in zip(self._parts, self._counts, strict=True):
            if stop <= 0:
                break
            if start < size:
                rows.extend(part[start : min(stop, size)])
            start, stop = max(start - size, 0), stop - size
        return rows
