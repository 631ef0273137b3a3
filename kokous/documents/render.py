"""The two outputs of a document: an HTML fragment for the pages, and a PDF (A4, page header
with organisation, body, document type, date and "page / pages", contents with page numbers)
made by WeasyPrint from the same template, as PDF/A with the fonts embedded."""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kokous.documents import selectors
from kokous.documents.models import StoredDocument

Kind = StoredDocument.Kind


def document_build(
    *,
    kind: str,
    variant: str,
    language: str,
    meeting_pk: int | None = None,
    item_pk: int | None = None,
    certified_on: dt.date | None = None,
) -> selectors.Document:
    """The document of `kind`, in `language`, as `variant` shows it (raises Http404 when it
    does not exist or is not available in that version yet)."""
    with translation.override(language):
        if kind == Kind.AGENDA:
            assert meeting_pk is not None
            return selectors.agenda_document(
                meeting_pk=meeting_pk, variant=variant, language=language
            )
        if kind == Kind.MINUTES:
            assert meeting_pk is not None
            return selectors.minutes_document(
                meeting_pk=meeting_pk, variant=variant, language=language
            )
        assert item_pk is not None
        return selectors.extract_document(
            item_pk=item_pk, variant=variant, language=language, certified_on=certified_on
        )


def document_html(*, document: selectors.Document, links: str = "") -> str:
    """The document as an HTML fragment (an <article>) for a page. `links`: "staff" or
    "public", where attachment titles link to; empty for none."""
    with translation.override(document.language):
        return render_to_string("documents/_document.html", {"doc": document, "links": links})


@lru_cache(maxsize=4)
def _stylesheet(name: str) -> str:
    path = finders.find(f"documents/{name}")
    if path is None:  # pragma: no cover - the file ships with the app
        raise FileNotFoundError(name)
    with open(path, encoding="utf-8") as handle:  # type: ignore[arg-type]
        return handle.read()


def _no_fetching(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    """Printing never fetches anything: the stylesheets are passed in and the stored texts are
    sanitised to carry no images, so a URL in a document is only ever a link."""
    raise ValueError(f"documents fetch no resources: {url}")


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int


def document_pdf(*, document: selectors.Document) -> Pdf:
    """The document as a PDF: A4, PDF/A (settings.KOKOUS_PDF_VARIANT), fonts embedded."""
    # Imported here: WeasyPrint loads Pango at import, which pages that never print need not.
    from weasyprint import CSS, HTML

    with translation.override(document.language):
        html = render_to_string(
            "documents/pdf.html",
            {"doc": document, "links": "", "created": timezone.now()},
        )
        rendered = HTML(
            string=html, base_url=settings.KOKOUS_SITE_URL, url_fetcher=_no_fetching
        ).render(stylesheets=[CSS(string=_stylesheet("document.css") + _stylesheet("print.css"))])
    data = rendered.write_pdf(pdf_variant=settings.KOKOUS_PDF_VARIANT or None)
    assert data is not None
    return Pdf(data=data, pages=len(rendered.pages))
