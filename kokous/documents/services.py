"""Storing final documents: the PDF of published minutes and of their extracts is generated
once, stored with its SHA-256, and served from storage ever after (DOMAIN.md item 10: the
record never changes silently; a correction is a record of its own)."""

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from kokous.documents import render
from kokous.documents.models import StoredDocument
from kokous.documents.selectors import Document
from kokous.meetings.models import Meeting

Kind = StoredDocument.Kind


def document_is_final(*, meeting: Meeting, kind: str) -> bool:
    """Whether a document of `kind` for `meeting` is final, and so stored once: minutes and
    extracts once the minutes are locked and published. An agenda is printed afresh."""
    return (
        kind in {Kind.MINUTES, Kind.EXTRACT}
        and meeting.minutes_locked_at is not None
        and meeting.status == Meeting.Status.PUBLISHED
    )


def stored_document_find(*, document: Document) -> StoredDocument | None:
    """The stored PDF of `document`, if it has been generated."""
    item = document.items[0].item if document.kind == Kind.EXTRACT else None
    return StoredDocument.objects.filter(
        meeting=document.meeting,
        item=item,
        kind=document.kind,
        variant=document.variant,
        language=document.language,
    ).first()


def stored_document_get(
    *, kind: str, variant: str, language: str, pk: int
) -> StoredDocument | None:
    """The stored PDF of a document, by the meeting's (or, for an extract, the item's) key,
    without assembling the document: one query.

    A stored document was final and, for the public version, public when it was printed, and
    stays so: the minutes it was printed from are locked and published for good."""
    target = {"item_id": pk} if kind == Kind.EXTRACT else {"meeting_id": pk, "item": None}
    return (
        StoredDocument.objects.select_related("meeting__body")
        .filter(kind=kind, variant=variant, language=language, **target)
        .first()
    )


def document_store(*, document: Document) -> StoredDocument:
    """Generate and store the PDF of final `document`, or return the one already stored.

    Printing takes seconds, so it runs outside any lock; when two requests print the same
    document at once, the unique constraint keeps the first and the second discards its copy.
    """
    if not document_is_final(meeting=document.meeting, kind=document.kind):
        raise ValueError("only the final minutes and their extracts are stored")
    existing = stored_document_find(document=document)
    if existing is not None:
        return existing
    pdf = render.document_pdf(document=document)
    item = document.items[0].item if document.kind == Kind.EXTRACT else None
    stored = StoredDocument(
        meeting=document.meeting,
        item=item,
        kind=document.kind,
        variant=document.variant,
        language=document.language,
        sha256=hashlib.sha256(pdf.data).hexdigest(),
        size=len(pdf.data),
        pages=pdf.pages,
    )
    section = f"-{item.section_number}" if item is not None else ""
    name = f"{document.kind}{section}-{document.variant}-{document.language}.pdf"
    stored.file.save(name, ContentFile(pdf.data), save=False)
    try:
        with transaction.atomic():
            stored.save()
    except IntegrityError:
        stored.file.delete(save=False)
        winner = stored_document_find(document=document)
        if winner is None:  # pragma: no cover - the constraint fired for another reason
            raise
        return winner
    return stored
