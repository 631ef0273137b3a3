"""Reads from the case register: the handling history of a case."""

import datetime as dt
from dataclasses import dataclass

from kokous.cases.models import Case
from kokous.core.timeutil import format_fi_date, local_date
from kokous.meetings.models import AgendaItem


@dataclass(frozen=True)
class Handling:
    """One handling of a case by a body: "12.1.2022 § 5 Kymenlaakson väliaikainen ..."."""

    date: dt.date
    section_number: int
    body_name: str
    item: AgendaItem

    def __str__(self) -> str:
        return f"{format_fi_date(self.date)} § {self.section_number} {self.body_name}"


def case_handling_history(*, case: Case, before: AgendaItem | None = None) -> list[Handling]:
    """Every handling of `case`, oldest first, derived from the agenda items that reference it.

    With `before`, only the handlings in meetings that started before that item's meeting (the
    "earlier handling" lines printed on an agenda item).
    """
    items = (
        AgendaItem.objects.filter(case=case)
        .exclude(meeting__status="cancelled")
        .select_related("meeting", "meeting__body")
        .order_by("meeting__start", "position")
    )
    if before is not None:
        items = items.filter(meeting__start__lt=before.meeting.start)
    return [
        Handling(
            date=local_date(item.meeting.start),
            section_number=item.section_number,
            body_name=item.meeting.body.name,
            item=item,
        )
        for item in items
    ]
