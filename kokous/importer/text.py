"""Plain text of a minutes document, for `kokous.importer.parse.parse_minutes`.

Plain text (UTF-8, a BOM stripped; cp1252 when the bytes are not UTF-8), the text layer of a
PDF (PDFium through pypdfium2, under `kokous.search.extract.PDFIUM_LOCK`: PDFium is not
thread-safe; lines, columns and paragraph breaks are read from the characters' boxes, as a
text export would have them) and Word documents (python-docx: paragraphs and table rows in
document order, a row's cells separated by tabs, as the parser expects "Name<TAB>Town").

`kokous.search.extract.attachment_text_extract` is not reused for the text itself: it
collapses tabs and drops blank lines, and both carry meaning here (table columns,
paragraph breaks). Unlike it, this module raises `ImportFailed` on a file it cannot read.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from kokous.core.text import wrapped_lines_join
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


class _Char(NamedTuple):
    text: str
    left: float
    right: float
    bottom: float
    top: float


# Gaps, in line heights: wider than a space's share between letters, a tab's between columns;
# a paragraph break between lines.
_SPACE_GAP = 0.12
_TAB_GAP = 1.2
_PARAGRAPH_GAP = 0.6
_HYPHENS = "-\u2010\u00ad"


def _pdf_chars(textpage: Any) -> list[_Char]:
    """The visible characters of a page with their boxes (the "loose" box, which spans the
    font's height, so that the letters of a line share it). PDFium's generated spaces and line
    breaks are left out: the layout is read from the boxes instead."""
    import pypdfium2.raw as pdfium_raw

    chars: list[_Char] = []
    count = textpage.count_chars()
    index = 0
    while index < count:
        unit = pdfium_raw.FPDFText_GetUnicode(textpage, index)
        text = chr(unit) if unit <= 0x10FFFF and not 0xD800 <= unit <= 0xDFFF else "\ufffd"
        if 0xD800 <= unit <= 0xDBFF and index + 1 < count:  # a surrogate pair
            low = pdfium_raw.FPDFText_GetUnicode(textpage, index + 1)
            if 0xDC00 <= low <= 0xDFFF:
                text = chr(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
        if unit == 0x02:  # a hyphen PDFium joined across lines
            text = "-"
        if not text.isspace():
            left, bottom, right, top = textpage.get_charbox(index, loose=True)
            if top > bottom:
                chars.append(_Char(text, left, right, bottom, top))
        index += 2 if len(text) == 1 and ord(text) > 0xFFFF else 1
    return chars


def _pdf_page_lines(chars: list[_Char]) -> list[str]:
    """The page's text as lines, top to bottom: characters whose boxes share a row make a line
    (also when the PDF writes them apart, such as a running header written after the page's
    text, or a heading column beside its text), read left to right, with a space for a word
    gap, a tab for a column gap, and a blank line for a paragraph gap."""
    rows: list[list[_Char]] = []
    for char in sorted(chars, key=lambda c: -(c.top + c.bottom)):
        middle = (char.top + char.bottom) / 2
        if rows:
            row = rows[-1]
            top, bottom = max(c.top for c in row[:3]), min(c.bottom for c in row[:3])
            if bottom < middle < top:
                row.append(char)
                continue
        rows.append([char])
    lines: list[str] = []
    previous_bottom: float | None = None
    for row in rows:
        row.sort(key=lambda c: c.left)
        height = max(c.top - c.bottom for c in row)
        top = max(c.top for c in row)
        if previous_bottom is not None and previous_bottom - top > _PARAGRAPH_GAP * height:
            lines.append("")
        parts: list[str] = []
        right: float | None = None
        for char in row:
            if right is not None:
                gap = char.left - right
                if gap > _TAB_GAP * height:
                    parts.append("\t")
                elif gap > _SPACE_GAP * height:
                    parts.append(" ")
            parts.append(char.text)
            right = max(char.right, right if right is not None else char.right)
        line = "".join(parts)
        if (
            lines
            and lines[-1][-1:] in _HYPHENS
            and lines[-1][-2:-1].isalpha()
            and line[:1].isalpha()
        ):
            # A word broken at the line's end is joined again ("Sanna-" + "Riitta").
            lines[-1] = wrapped_lines_join(lines[-1], line)
        else:
            lines.append(line)
        previous_bottom = min(c.bottom for c in row)
    return lines


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
                        pages.append("\n".join(_pdf_page_lines(_pdf_chars(textpage))))
                    finally:
                        textpage.close()
                finally:
                    page.close()
        finally:
            document.close()
    # Pages are separated by a blank line: a page break ends a paragraph.
    return "\n\n".join(pages)


def _docx(data: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportFailed(_("The Word file cannot be read.")) from exc
    lines: list[str] = []

    def walk(parent: Any, container: Any) -> None:
        for child in parent.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, container).text)
                lines.append("")
            elif tag == "tbl":
                for row in Table(child, container).rows:
                    cells = [" ".join(cell.text.split()) for cell in row.cells]
                    lines.append("\t".join(cells).rstrip("\t"))
                lines.append("")

    # The running header (the body, the date) first, once, as a page of a PDF export starts:
    # Word repeats it on every page, but a .docx has no pages to repeat it on.
    header = document.sections[0].header if document.sections else None
    if header is not None and not header.is_linked_to_previous:
        walk(header._element, header)
    walk(document.element.body, document)
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
