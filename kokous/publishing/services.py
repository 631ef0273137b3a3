"""Writes of the publishing app: the removal of personal data from published minutes when the
appeal period has ended (kuntalaki 140 § 1 mom.; DOMAIN.md item 7)."""

import datetime as dt
from dataclasses import dataclass, field
from functools import partial

from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone

from kokous.core.timeutil import helsinki_datetime, local_date
from kokous.documents.models import StoredDocument
from kokous.meetings.models import AgendaItem, Meeting
from kokous.minutes.services import minutes_appeal_period
from kokous.search.models import Kind
from kokous.search.services import search_index_changed


@dataclass
class RemovalReport:
    """What the removal did (or, in a dry run, would do)."""

    items: list[AgendaItem] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    documents_discarded: int = 0


def personal_data_remove_due(
    *, today: dt.date | None = None, dry_run: bool = False
) -> RemovalReport:
    """Mark every item holding personal data whose meeting's appeal period has ended as removed,
    so that every public surface shows the neutral mention in place of the names, and discard the
    stored public PDFs printed with the names (they are printed again on the next request, and
    by the task worker). The full version is left as it is. Idempotent: run it daily."""
    today = today or local_date(timezone.now())
    report = RemovalReport()
    meetings = (
        Meeting.objects.filter(
            status=Meeting.Status.PUBLISHED,
            items__personal_data=True,
            items__personal_data_removed_on__isnull=True,
        )
        .select_related("body")
        .distinct()
        .order_by("start")
    )
    for meeting in meetings:
        period = minutes_appeal_period(meeting=meeting)
        if period is None or period.appeal_ends >= today:
            continue
        with transaction.atomic():
            items = list(
                AgendaItem.objects.select_for_update()
                .filter(meeting=meeting, personal_data=True, personal_data_removed_on__isnull=True)
                .order_by("position")
            )
            if not items:
                continue
            report.meetings.append(meeting)
            report.items.extend(items)
            if dry_run:
                continue
            AgendaItem.objects.filter(pk__in=[item.pk for item in items]).update(
                personal_data_removed_on=today, modified_at=timezone.now()
            )
            # The public search documents held the names too.
            search_index_changed(kind=Kind.ITEM, object_ids=[item.pk for item in items])
            # The public minutes and the public extracts of these items held the names.
            discarded = StoredDocument.objects.filter(
                meeting=meeting, variant=StoredDocument.Variant.PUBLIC
            ).filter(
                kind__in=[StoredDocument.Kind.MINUTES, StoredDocument.Kind.EXTRACT],
            )
            discarded = discarded.filter(item__isnull=True) | discarded.filter(item__in=items)
            files = [(document.file.storage, document.file.name) for document in discarded]
            report.documents_discarded += StoredDocument.objects.filter(
                pk__in=[document.pk for document in discarded]
            ).delete()[0]
            Meeting.objects.filter(pk=meeting.pk).update(modified_at=timezone.now())
            # The files go only once the rows are gone for good.
            transaction.on_commit(partial(_files_delete, files))
            transaction.on_commit(partial(_store_again, meeting.pk))
    return report


def _files_delete(files: list[tuple[Storage, str | None]]) -> None:
    for storage, name in files:
        if name:
            storage.delete(name)


def _store_again(meeting_id: int) -> None:
    from kokous.documents.tasks import minutes_store

    minutes_store.enqueue(meeting_id=meeting_id)


def personal_data_removal_schedule(*, meeting: Meeting) -> dt.datetime | None:
    """When the removal is due for `meeting`: the first moment after its appeal period, in
    Helsinki. None when the minutes are not published or no item holds personal data."""
    if not meeting.items.filter(personal_data=True).exists():
        return None
    period = minutes_appeal_period(meeting=meeting)
    if period is None:
        return None
    day = period.appeal_ends + dt.timedelta(days=1)
    return helsinki_datetime(day.year, day.month, day.day, 0, 5)
