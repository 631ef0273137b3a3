"""Plain text of a minutes document, for `kokous.importer.parse.parse_minutes`.

Plain text (UTF-8, a BOM stripped; cp1252 when the bytes are not UTF-8), the text layer of a
PDF (PDFium through pypdfium2, under `kokous.search.extract.PDFIUM_LOCK`: PDFium is not
thread-safe) and Word documents (python-docx: paragraphs and table rows in document order,
a row's cells separated by tabs, as the parser expects "Name<TAB>Municipality").

`kokous.search.extract.attachment_text_extract` is not reused for the text itself: it
collapses tabs and drops blank lines, and both carry meaning here (table columns,
paragraph breaks). Unlike it, this module raises `ImportFailed` on a file it cannot read.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.utils.translation import gettext as _

from kokous.importer.parse import ImportFailed
from kokous.search.extract import PDFIUM_LOCK

__all__ = ["ImportFailed", "document_text"]


def _plain(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _pdf(data: bytes) -> str:
    import pypdfium2 as pdfium

    pages: list[str] = []
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data, password="")
        except pdfium.PdfiumError as exc:
            raise ImportFailed(_("The PDF file cannot be read.")) from exc
        try:
            for number in range(len(document)):
                page = document[number]
                try:
                    textpage = page.get_textpage()
                    try:
                        pages.append(textpage.get_text_bounded())
                    finally:
                        textpage.close()
                finally:
                    page.close()
        finally:
            document.close()
    text = "\n".join(p.replace("\r\n", "\n").replace("\r", "\n") for p in pages)
    return text.replace("\x02", "-")


def _docx(data: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportFailed(_("The Word file cannot be read.")) from exc
    lines: list[str] = []
    body: Any = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
            lines.append("")
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                lines.append("\t".join(cells).rstrip("\t"))
            lines.append("")
    return "\n".join(lines)


def document_text(data: bytes, *, filename: str) -> str:
    """The plain text of a .txt, .pdf or .docx file (by its name, else by its first bytes).

    Raises `ImportFailed` when the file cannot be read or holds no text (a scanned PDF
    without a text layer, a legacy .doc).
    """
    name = filename.lower()
    if name.endswith(".pdf") or data.startswith(b"%PDF"):
        text = _pdf(data)
    elif name.endswith(".docx") or (data.startswith(b"PK") and not name.endswith(".txt")):
        text = _docx(data)
    elif name.endswith((".doc", ".odt", ".rtf")):
        raise ImportFailed(_("This file type cannot be imported; save it as PDF or DOCX."))
    else:
        if b"\x00" in data[:4096]:
            raise ImportFailed(_("The file is not text."))
        text = _plain(data)
    if not text.strip():
        raise ImportFailed(_("The file holds no text (a scanned PDF has no text layer)."))
    return text
