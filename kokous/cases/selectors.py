"""Reads from the case register: the handling history of a case."""

import datetime as dt
from collections.abc import Collection, Iterable
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
    history = case_histories(case_ids=[case.pk])[case.pk]
    if before is not None:
        history = [h for h in history if h.item.meeting.start < before.meeting.start]
    return history


def case_histories(
    *, case_ids: Iterable[int], meeting_statuses: Collection[str] | None = None
) -> dict[int, list[Handling]]:
    """The handling histories of several cases in one query, by case id, oldest first.

    Cancelled meetings never count. With `meeting_statuses`, only the handlings in meetings of
    those statuses (the public pages pass the statuses whose agenda is public).
    """
    ids = set(case_ids)
    histories: dict[int, list[Handling]] = {case_id: [] for case_id in ids}
    if not ids:
        return histories
    items = (
        AgendaItem.objects.filter(case_id__in=ids)
        .exclude(meeting__status="cancelled")
        .select_related("meeting", "meeting__body")
        .order_by("meeting__start", "meeting_id", "position")
    )
    if meeting_statuses is not None:
        items = items.filter(meeting__status__in=list(meeting_statuses))
    for item in items:
        assert item.case_id is not None
        histories[item.case_id].append(
            Handling(
                date=local_date(item.meeting.start),
                section_number=item.section_number,
                body_name=item.meeting.body.name,
                item=item,
            )
        )
    return histories
