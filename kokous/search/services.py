"""Keeping the search index: building the documents of changed objects, and rebuilding all.

Writes elsewhere call `search_index_changed` (the signals do it for every save and delete);
it queues one task a transaction, after the commit, which runs `search_index_update`.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet

from kokous.cases.models import Case
from kokous.meetings.models import AgendaItem, Attachment, Meeting
from kokous.news.models import News
from kokous.organisations.models import Body, Person
from kokous.publishing import rules
from kokous.search import documents
from kokous.search.backends import FTS_TABLE, backend_for
from kokous.search.models import Kind, Scope, SearchDocument

logger = logging.getLogger("kokous.search")

BATCH = 200
_pending = threading.local()


def _attachment_text(attachment: Attachment, previous: dict[int, SearchDocument]) -> str:
    """The attachment's extracted text; the members' document already holds it when the file
    has not changed since it was indexed."""
    old = previous.get(attachment.pk)
    if old is not None and old.indexed_at and old.indexed_at >= attachment.modified_at:
        return old.text
    from kokous.search.extract import attachment_text

    return attachment_text(attachment)


def _drafts(kind: str, ids: Sequence[int]) -> list[documents.Draft]:
    drafts: list[documents.Draft] = []
    if kind == Kind.ITEM:
        items = AgendaItem.objects.filter(pk__in=ids).select_related("meeting__body", "case")
        for item in items:
            drafts += documents.item_drafts(item)
    elif kind == Kind.ATTACHMENT:
        attachments = Attachment.objects.filter(pk__in=ids).select_related(
            "agenda_item__meeting__body"
        )
        previous = {
            document.object_id: document
            for document in SearchDocument.objects.filter(
                kind=Kind.ATTACHMENT, scope=Scope.MEMBERS, object_id__in=ids
            )
        }
        for attachment in attachments:
            text = _attachment_text(attachment, previous)
            drafts += documents.attachment_drafts(attachment, text=text)
    elif kind == Kind.MEETING:
        for meeting in Meeting.objects.filter(pk__in=ids).select_related("body"):
            drafts += documents.meeting_drafts(meeting)
    elif kind == Kind.CASE:
        listed: dict[int, list[AgendaItem]] = defaultdict(list)
        for item in AgendaItem.objects.filter(rules.item_listed_q(), case_id__in=ids):
            if item.case_id is not None:
                listed[item.case_id].append(item)
        for case in Case.objects.filter(pk__in=ids):
            drafts += documents.case_drafts(
                case, public=case.pk in listed, items=listed.get(case.pk, [])
            )
    elif kind == Kind.BODY:
        for body in Body.objects.filter(pk__in=ids):
            drafts += documents.body_drafts(body)
    elif kind == Kind.PERSON:
        public = set(
            Person.objects.filter(rules.person_public_q(), pk__in=ids).values_list("pk", flat=True)
        )
        for person in Person.objects.filter(pk__in=ids):
            drafts += documents.person_drafts(person, public=person.pk in public)
    elif kind == Kind.NEWS:
        for news in News.objects.filter(pk__in=ids):
            drafts += documents.news_drafts(news)
    else:
        raise ValueError(f"Unknown kind of search document: {kind}")
    return drafts


def search_index_update(*, kind: str, object_ids: Iterable[int]) -> int:
    """Build the search documents of these objects again (or drop them, for objects gone or
    no longer searchable); one transaction a batch. Returns how many documents were written."""
    ids = sorted(set(object_ids))
    backend = backend_for()
    written = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        drafts = _drafts(kind, batch)
        new = [draft.document() for draft in drafts]
        with transaction.atomic():
            old = list(
                SearchDocument.objects.filter(kind=kind, object_id__in=batch).values_list(
                    "pk", flat=True
                )
            )
            backend.documents_deleted(old)
            SearchDocument.objects.filter(pk__in=old).delete()
            created = SearchDocument.objects.bulk_create(new)
            backend.documents_indexed([document.pk for document in created])
        written += len(created)
    return written


def _meeting_dependants(ids: Sequence[int]) -> dict[str, set[int]]:
    """What a meeting's change (its status above all) changes the searchable version of."""
    items = AgendaItem.objects.filter(meeting_id__in=ids)
    meetings = Meeting.objects.filter(pk__in=ids)
    people: set[int] = set()
    for field in ("chair_id", "secretary_id", "presenter_id"):
        people |= {pk for pk in meetings.values_list(field, flat=True) if pk}
    people |= {pk for pk in items.values_list("presenter_id", flat=True) if pk}
    people |= set(items.values_list("contacts", flat=True).exclude(contacts=None))
    people |= set(
        Meeting.objects.filter(pk__in=ids)
        .values_list("attendances__person_id", flat=True)
        .exclude(attendances=None)
    )
    return {
        Kind.ITEM: set(items.values_list("pk", flat=True)),
        Kind.ATTACHMENT: set(
            Attachment.objects.filter(agenda_item__meeting_id__in=ids).values_list("pk", flat=True)
        ),
        Kind.CASE: {pk for pk in items.values_list("case_id", flat=True) if pk},
        Kind.PERSON: people,
    }


def search_index_expand(changes: dict[str, set[int]]) -> dict[str, set[int]]:
    """The objects whose search documents a change to these objects may change."""
    result: dict[str, set[int]] = defaultdict(set)
    for kind, ids in changes.items():
        result[kind] |= ids
    if changes.get(Kind.MEETING):
        for kind, ids in _meeting_dependants(sorted(changes[Kind.MEETING])).items():
            result[kind] |= ids
    if changes.get(Kind.ITEM):
        items = AgendaItem.objects.filter(pk__in=changes[Kind.ITEM])
        result[Kind.ATTACHMENT] |= set(
            Attachment.objects.filter(agenda_item__in=items).values_list("pk", flat=True)
        )
        result[Kind.CASE] |= {pk for pk in items.values_list("case_id", flat=True) if pk}
        result[Kind.PERSON] |= {pk for pk in items.values_list("presenter_id", flat=True) if pk}
    return dict(result)


def search_index_apply(*, changes: dict[str, list[int]]) -> int:
    """Update the documents of these changed objects and of what depends on them."""
    expanded = search_index_expand({kind: set(ids) for kind, ids in changes.items()})
    return sum(
        search_index_update(kind=kind, object_ids=ids) for kind, ids in expanded.items() if ids
    )


def search_index_changed(*, kind: str, object_ids: Iterable[int]) -> None:
    """Note that these objects changed: after the transaction commits, one task updates their
    search documents. Does nothing when the index does not follow changes (most tests)."""
    if not settings.KOKOUS_SEARCH_AUTO_INDEX or getattr(_pending, "paused", False):
        return
    pending: dict[str, set[int]] | None = getattr(_pending, "changes", None)
    if pending is None:
        pending = defaultdict(set)
        _pending.changes = pending
        transaction.on_commit(_enqueue)
    pending[kind] |= set(object_ids)


@contextlib.contextmanager
def search_index_paused() -> Iterator[None]:
    """Within it, changes are not followed one by one (a bulk load that reindexes after)."""
    previous = getattr(_pending, "paused", False)
    _pending.paused = True
    try:
        yield
    finally:
        _pending.paused = previous


def _enqueue() -> None:
    changes = getattr(_pending, "changes", None) or {}
    _pending.changes = None
    if not changes:
        return
    from kokous.search.tasks import search_index_task

    try:
        search_index_task.enqueue({kind: sorted(ids) for kind, ids in changes.items()})
    except Exception:  # the change itself is committed; the daily reindex catches up
        logger.exception("Could not queue the search index update")


def _queryset_ids(queryset: QuerySet[Any]) -> list[int]:
    return list(queryset.order_by("pk").values_list("pk", flat=True))


def search_reindex(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole index from the objects: drop every document and build them again.
    `progress(done, total)` is called after each batch. Returns how many documents exist."""
    sources: list[tuple[str, QuerySet[Any]]] = [
        (Kind.BODY, Body.objects.all()),
        (Kind.MEETING, Meeting.objects.all()),
        (Kind.ITEM, AgendaItem.objects.all()),
        (Kind.ATTACHMENT, Attachment.objects.all()),
        (Kind.CASE, Case.objects.filter(agenda_items__isnull=False).distinct()),
        (Kind.PERSON, Person.objects.all()),
        (Kind.NEWS, News.objects.all()),
    ]
    plan = [(kind, _queryset_ids(queryset)) for kind, queryset in sources]
    total = sum(len(ids) for _, ids in plan)
    with transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE}")
        # The attachments' extracted text is kept while the file has not changed.
        SearchDocument.objects.exclude(kind=Kind.ATTACHMENT, scope=Scope.MEMBERS).delete()
    done = 0
    for kind, ids in plan:
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            search_index_update(kind=kind, object_ids=batch)
            done += len(batch)
            if progress:
                progress(done, total)
    return SearchDocument.objects.count()
