"""The documents as pages and PDFs: the public versions on the public site (by the publication
rule) and the full versions in the workspace (by the access rule)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kokous.core.caching import FINAL_DOCUMENT_MAX_AGE
from kokous.documents import render as output
from kokous.documents.models import StoredDocument
from kokous.documents.selectors import DOCUMENT_LANGUAGES, Document, document_languages
from kokous.documents.services import (
    document_is_final,
    document_store,
    stored_document_find,
    stored_document_get,
)
from kokous.meetings.models import AgendaItem, Meeting
from kokous.minutes.models import Correction
from kokous.staff import access

Kind = StoredDocument.Kind
Variant = StoredDocument.Variant


def _language(request: HttpRequest) -> str:
    language = request.GET.get("lang", "fi")
    if language not in DOCUMENT_LANGUAGES:
        raise Http404(_("The document is not available in this language."))
    return language


def _build(request: HttpRequest, kind: str, variant: str, pk: int) -> Document:
    target = {"item_pk": pk} if kind == Kind.EXTRACT else {"meeting_pk": pk}
    return output.document_build(kind=kind, variant=variant, language=_language(request), **target)


def _filename(document: Document) -> str:
    """The file name of a printed PDF, in the document's language."""
    section = f" {document.items[0].item.section_number} §" if document.kind == Kind.EXTRACT else ""
    with translation.override(document.language):
        name = f"{document.body.name} {document.title} {document.number}{section}"
    return name.replace("/", "-") + ".pdf"


def _stored_pdf(request: HttpRequest, stored: StoredDocument, filename: str) -> HttpResponseBase:
    """A stored PDF, with its SHA-256 as the ETag. It never changes: a public copy may be
    cached for good; the full version never leaves a private cache."""
    public = stored.variant == Variant.PUBLIC
    cache = "public, max-age=31536000, immutable" if public else "private, no-store"
    etag = f'"{stored.sha256}"'
    conditional = get_conditional_response(request, etag=etag)
    if conditional is not None:
        conditional["Cache-Control"] = cache
        return conditional
    response = FileResponse(stored.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=filename
    )
    response["ETag"] = etag
    response["Cache-Control"] = cache
    return response


def _stored_filename(stored: StoredDocument) -> str:
    """The file name of a stored PDF, in the document's language."""
    with translation.override(stored.language):
        title = str(StoredDocument.Kind(stored.kind).label).capitalize()
        body = stored.meeting.body.name
    section = f" {stored.item.section_number} §" if stored.item is not None else ""
    number = f"{stored.meeting.number}-{stored.meeting.year}"
    return f"{body} {title} {number}{section}.pdf".replace("/", "-")


def _pdf(request: HttpRequest, kind: str, variant: str, pk: int) -> HttpResponseBase:
    """The PDF: a stored one straight from storage, a final one printed and stored once, any
    other printed afresh."""
    stored = stored_document_get(kind=kind, variant=variant, language=_language(request), pk=pk)
    if stored is not None:
        return _stored_pdf(request, stored, _stored_filename(stored))
    document = _build(request, kind, variant, pk)
    if document_is_final(meeting=document.meeting, kind=document.kind):
        stored = document_store(document=document)
        return _stored_pdf(request, stored, _stored_filename(stored))
    pdf = output.document_pdf(document=document)
    response = HttpResponse(pdf.data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=_filename(document)
    )
    response["Cache-Control"] = "no-cache" if document.is_public else "private, no-store"
    return response


def _page(
    request: HttpRequest, document: Document, *, links: str, urls: dict[str, str]
) -> HttpResponse:
    final = document_is_final(meeting=document.meeting, kind=document.kind)
    stored = stored_document_find(document=document) if final else None
    corrections = []
    if document.kind != Kind.AGENDA:
        shown = {d.item.pk for d in document.items if d.decision_shown}
        only = document.items[0].item.pk if document.kind == Kind.EXTRACT else None
        corrections = [
            c
            for c in Correction.objects.filter(meeting=document.meeting).select_related(
                "agenda_item"
            )
            if (c.agenda_item_id is None and only is None) or c.agenda_item_id in shown
        ]
    languages = document_languages(organisation=document.organisation)
    response = render(
        request,
        "documents/page.html",
        {
            "doc": document,
            "doc_html": output.document_html(document=document, links=links),
            "stored": stored,
            "corrections": corrections,
            "doc_languages": languages if len(languages) > 1 else (),
            **urls,
        },
    )
    if not document.is_public:
        response["Cache-Control"] = "private, no-store"
    elif final:
        # Final minutes change only by a correction or the removal of a name, and then within
        # minutes is soon enough; until then a shared cache serves them (`public_cache`).
        response["Cache-Control"] = f"public, max-age={FINAL_DOCUMENT_MAX_AGE}"
    else:
        response["Cache-Control"] = "no-cache"
    return response


# The public versions.


def _public_urls(kind: str, pk: int, language: str) -> dict[str, str]:
    suffix = f"?lang={language}" if language != "fi" else ""
    return {
        "pdf_url": reverse(f"documents:{kind}_pdf", kwargs={"pk": pk}) + suffix,
        "page_url": reverse(f"documents:{kind}", kwargs={"pk": pk}),
    }


@require_GET
def public_page(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    document = _build(request, kind, Variant.PUBLIC, pk)
    return _page(request, document, links="public", urls=_public_urls(kind, pk, document.language))


@require_GET
def public_pdf(request: HttpRequest, kind: str, pk: int) -> HttpResponseBase:
    return _pdf(request, kind, Variant.PUBLIC, pk)


# The full versions, for those who read the body's materials.


def _require_read(request: HttpRequest, kind: str, pk: int) -> None:
    if kind == Kind.EXTRACT:
        meeting = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk).meeting
    else:
        meeting = get_object_or_404(Meeting, pk=pk)
    access.require_read_meeting(request, meeting)


def _staff_urls(kind: str, pk: int, language: str) -> dict[str, str]:
    suffix = f"?lang={language}" if language != "fi" else ""
    return {
        "pdf_url": reverse(f"staff:{kind}_pdf", kwargs={"pk": pk}) + suffix,
        "page_url": reverse(f"staff:{kind}_document", kwargs={"pk": pk}),
        "public_url": reverse(f"documents:{kind}", kwargs={"pk": pk}),
    }


@login_required
@require_GET
def full_page(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    _require_read(request, kind, pk)
    document = _build(request, kind, Variant.FULL, pk)
    return _page(request, document, links="staff", urls=_staff_urls(kind, pk, document.language))


@login_required
@require_GET
def full_pdf(request: HttpRequest, kind: str, pk: int) -> HttpResponseBase:
    _require_read(request, kind, pk)
    return _pdf(request, kind, Variant.FULL, pk)
