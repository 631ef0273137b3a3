"""Reads about meetings and their agendas for the staff workspace."""

import datetime as dt
from collections.abc import Collection

from django.db.models import Count, Q, QuerySet

from kokous.core.timeutil import HELSINKI
from kokous.meetings.models import AgendaItem, Meeting


def meetings_for_bodies(
    *,
    body_ids: Collection[int] | None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
) -> QuerySet[Meeting]:
    """Meetings of the given bodies (None: all bodies), optionally starting in [start, end),
    with their body and the number of items and of items not ready."""
    queryset = Meeting.objects.select_related("body", "body__organisation").annotate(
        item_count=Count("items"), unready_count=Count("items", filter=Q(items__ready=False))
    )
    if body_ids is not None:
        queryset = queryset.filter(body_id__in=list(body_ids))
    if start is not None:
        queryset = queryset.filter(start__gte=start)
    if end is not None:
        queryset = queryset.filter(start__lt=end)
    return queryset


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of a month in Helsinki and the first moment of the next."""
    first = dt.datetime(year, month, 1, tzinfo=HELSINKI)
    following = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=HELSINKI)
    return first, following


def tabled_items_pending(*, meeting: Meeting) -> QuerySet[AgendaItem]:
    """Items that the same body tabled in earlier meetings and has not yet put on another
    agenda: they are proposed for this one."""
    return (
        AgendaItem.objects.filter(
            meeting__body_id=meeting.body_id,
            meeting__start__lt=meeting.start,
            decision_type=AgendaItem.DecisionType.TABLED,
        )
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .exclude(
            pk__in=AgendaItem.objects.filter(carried_from__isnull=False)
            .exclude(meeting__status=Meeting.Status.CANCELLED)
            .values("carried_from")
        )
        .select_related("meeting", "case")
        .order_by("meeting__start", "position")
    )
