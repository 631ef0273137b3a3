"""Plain text of attachments, for the search index.

`attachment_text_extract()` reads the text of the attachment types that `kokous.core.uploads`
allows: the text layer of a PDF (PDFium, through pypdfium2), Word, Excel and PowerPoint files
(python-docx, openpyxl, python-pptx) and OpenDocument text, spreadsheets and presentations
(their `content.xml`, read as a stream with the standard library). Legacy binary Office files (doc,
xls, ppt) and images give "": there is no OCR, and a scanned PDF without a text layer gives ""
as well.

Attachments come from outside, so extraction never raises: a malformed, encrypted or
truncated file is logged as a warning on the `kokous.search` logger and gives "". It reads no
more than it needs: it stops once `limit` characters are collected, reads at most
`MAX_PDF_PAGES` pages of a PDF, and refuses ZIP-based files (OOXML, OpenDocument) that claim to
unpack to more than `MAX_ZIP_UNCOMPRESSED_BYTES` (zip bombs).

The text is NFC-normalised, each paragraph (or PDF text line, spreadsheet row) on a line of
its own; runs of spaces are collapsed, empty lines, control characters and soft hyphens
dropped.
"""

from __future__ import annotations

import datetime
import io
import logging
import os
import re
import threading
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any, NamedTuple
from xml.parsers import expat

import filetype

if TYPE_CHECKING:
    from kokous.meetings.models import Attachment

logger = logging.getLogger("kokous.search")

DEFAULT_LIMIT = 200_000
# A PDF's pages past this are not read (a 2,000-page attachment is a scanned archive or an
# attack; its first pages are enough for search).
MAX_PDF_PAGES = 2_000
# OOXML and OpenDocument files are ZIP archives; the libraries unpack whole parts into memory.
MAX_ZIP_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
# How much of an OpenDocument content.xml is fed to the parser at a time.
_ODF_CHUNK = 64 * 1024

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"


class ExtractionError(Exception):
    """A file that cannot be read safely (too large when unpacked, encrypted, not what its
    content type says)."""


# -- normalising -------------------------------------------------------------------------------

# Control and format characters other than tab and newline become nothing (NUL cannot even be
# stored in PostgreSQL text); soft hyphens and zero-width characters would split words.
_INVISIBLE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200d\u2060\ufeff]")
# Paragraph and line separators other than "\n".
_NEWLINE_RE = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Any run of white space within a line (\s also matches no-break and other Unicode spaces).
_SPACE_RE = re.compile(r"[^\S\n]+")
# Typographic ligatures PDF fonts often map to (ﬁ, ﬂ, ...), which NFC keeps.
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
)


class _TextSink:
    """Collects normalised lines until `limit` characters (counting the newlines between them)
    are reached."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.lines: list[str] = []
        self.length = 0

    @property
    def full(self) -> bool:
        return self.length >= self.limit

    def add(self, text: str) -> None:
        """Add a paragraph; newlines in it start new lines."""
        if self.full or not text:
            return
        text = _NEWLINE_RE.sub("\n", text)
        text = _INVISIBLE_RE.sub("", text)
        text = unicodedata.normalize("NFC", text.translate(_LIGATURES))
        for raw in text.split("\n"):
            line = _SPACE_RE.sub(" ", raw).strip()
            if not line:
                continue
            self.length += len(line) + (1 if self.lines else 0)
            self.lines.append(line)
            if self.full:
                return

    def text(self) -> str:
        return "\n".join(self.lines)[: self.limit].rstrip()


# -- PDF ---------------------------------------------------------------------------------------


# PDFium is not thread-safe, not even across documents: one call at a time in the process.
PDFIUM_LOCK = threading.Lock()
# A word broken across lines: "valmis-" + "telu". Hyphenation marks (a soft hyphen, U+2010 as
# WeasyPrint writes it) go when a lower-case letter follows. An ordinary hyphen stays, as it may
# be a compound's ("sote-uudistus"); the analyser drops hyphens anyway. PDFium itself joins a
# line that ends in an ordinary hyphen, writing U+0002 in its place.
_PDF_BROKEN_WORD_RE = re.compile(r"(\w)([-\u00ad\u2010])[ \t]*\r?\n[ \t]*(\w)")


def _pdf_join_broken_word(match: re.Match[str]) -> str:
    before, hyphen, after = match.groups()
    if not after.islower():
        return match.group(0)
    return before + ("-" if hyphen == "-" else "") + after


def _pdf_text_clean(text: str) -> str:
    return _PDF_BROKEN_WORD_RE.sub(_pdf_join_broken_word, text.replace("\x02", "-"))


def _pdf_extract(file: IO[bytes], sink: _TextSink) -> None:
    """The text layer of each page, read with PDFium (pypdf is some 40 times slower on PDFs
    such as WeasyPrint writes, which place words one by one)."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        try:
            # The empty password opens PDFs "protected" only by an owner password.
            document = pdfium.PdfDocument(file, password="")
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
                raise ExtractionError("the PDF is encrypted with a password") from exc
            raise
        failed = 0
        try:
            for number in range(min(len(document), MAX_PDF_PAGES)):
                if sink.full:
                    break
                try:
                    page = document[number]
                    try:
                        textpage = page.get_textpage()
                        try:
                            text = textpage.get_text_bounded()
                        finally:
                            textpage.close()
                    finally:
                        page.close()
                except pdfium.PdfiumError:  # one bad page should not lose the others
                    failed += 1
                    continue
                sink.add(_pdf_text_clean(text))
        finally:
            document.close()
    if failed:
        logger.warning("Could not extract the text of %d page(s) of a PDF file.", failed)


# -- ZIP-based formats -------------------------------------------------------------------------


def _zip_check(file: IO[bytes]) -> None:
    """Refuse ZIP archives that are not ZIP archives or claim to unpack to too much. Python's
    zipfile never unpacks a member past its declared size, so the declared sizes are a bound."""
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise ExtractionError(f"not a ZIP archive ({exc})") from exc
    finally:
        file.seek(0)
    if len(members) > MAX_ZIP_MEMBERS:
        raise ExtractionError(f"the archive has {len(members)} members")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_ZIP_UNCOMPRESSED_BYTES:
        raise ExtractionError(f"the archive unpacks to {unpacked} bytes")


class _Tags(NamedTuple):
    """The element names of an OOXML dialect's paragraphs and their content."""

    p: str
    t: str
    # Empty elements that stand for a character: tabs, line breaks, non-breaking hyphens.
    characters: dict[str, str]
    # Elements with no text in them: formatting properties (their <w:tab> are tab stops).
    skipped: frozenset[str]


def _ooxml_paragraph_text(paragraph: Any, *, tags: _Tags) -> str:
    """The text of one <w:p> or <a:p> element: its text runs, tabs and line breaks, without the
    paragraphs nested in it (text boxes, read on their own) and without fallback copies."""
    parts: list[str] = []

    def walk(element: Any) -> None:
        for child in element:
            tag = child.tag
            if tag == tags.p or tag in tags.skipped:
                continue
            if tag == tags.t:
                parts.append(child.text or "")
            elif tag in tags.characters:
                parts.append(tags.characters[tag])
            else:
                walk(child)

    walk(paragraph)
    return "".join(parts)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# The deleted text of tracked changes (<w:delText>) and field codes (<w:instrText>) are not
# <w:t>, so they are left out; a soft hyphen (<w:softHyphen/>) gives nothing.
_DOCX_TAGS = _Tags(
    p=f"{_W}p",
    t=f"{_W}t",
    characters={f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"},
    skipped=frozenset({_MC_FALLBACK, f"{_W}pPr", f"{_W}rPr"}),
)
_PPTX_TAGS = _Tags(
    p=f"{_A}p",
    t=f"{_A}t",
    characters={f"{_A}tab": "\t", f"{_A}br": "\n"},
    skipped=frozenset({_MC_FALLBACK, f"{_A}pPr", f"{_A}rPr", f"{_A}endParaRPr"}),
)


def _ooxml_paragraphs(root: Any, *, tags: _Tags) -> Iterator[str]:
    """Every paragraph under `root` in document order: body text, table cells, text boxes."""
    for paragraph in root.iter(tags.p):
        if any(ancestor.tag == _MC_FALLBACK for ancestor in paragraph.iterancestors()):
            continue
        yield _ooxml_paragraph_text(paragraph, tags=tags)


def _docx_extract(file: IO[bytes], sink: _TextSink) -> None:
    """The body of a Word document: paragraphs, tables and text boxes (not headers, footers,
    footnotes or comments)."""
    import docx

    _zip_check(file)
    document = docx.Document(file)
    for text in _ooxml_paragraphs(document.element.body, tags=_DOCX_TAGS):
        sink.add(text)
        if sink.full:
            return


def _pptx_extract(file: IO[bytes], sink: _TextSink) -> None:
    """Each slide's text (shapes, groups, tables) in slide order, then its speaker notes."""
    import pptx

    _zip_check(file)
    presentation = pptx.Presentation(file)
    for slide in presentation.slides:
        for text in _ooxml_paragraphs(slide.element, tags=_PPTX_TAGS):
            sink.add(text)
            if sink.full:
                return
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame
            if notes is not None:
                sink.add(notes.text)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ""  # TRUE/FALSE are not words anyone searches for
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, int | float | Decimal | str):
        return str(value)
    return ""


def _xlsx_extract(file: IO[bytes], sink: _TextSink) -> None:
    """Cell values (the cached results of formulas), a line per row, sheet by sheet."""
    import openpyxl

    _zip_check(file)
    with warnings.catch_warnings():
        # openpyxl warns about every extension it does not support (data validation, ...).
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
        try:
            for sheet in workbook.worksheets:
                # The stored dimensions may claim a million rows or columns: iterate the cells
                # that are there instead of padding rows out to them.
                sheet.reset_dimensions()
                for row in sheet.iter_rows(values_only=True):
                    line = " ".join(text for text in map(_cell_text, row) if text)
                    sink.add(line)
                    if sink.full:
                        return
        finally:
            workbook.close()


_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ODF_PARAGRAPHS = {f"{_ODF_TEXT} p", f"{_ODF_TEXT} h"}
# Comments, deleted text of tracked changes and footnote numbers are not the document's text.
_ODF_SKIPPED = {
    f"{_ODF_OFFICE} annotation",
    f"{_ODF_TEXT} tracked-changes",
    f"{_ODF_TEXT} note-citation",
}


class _OdfStop(Exception):
    """Raised by a parser handler to stop reading once the sink is full."""


def _odf_extract(file: IO[bytes], sink: _TextSink) -> None:
    """Paragraphs and headings of an OpenDocument file's content.xml, read as a stream: text,
    table cells (a repeated cell once) and slides with their notes."""
    _zip_check(file)
    with zipfile.ZipFile(file) as archive:
        try:
            member = archive.open("content.xml")
        except KeyError as exc:
            raise ExtractionError("the OpenDocument file has no content.xml") from exc
        with member:
            parser = expat.ParserCreate(namespace_separator=" ")
            stack: list[list[str]] = []  # the paragraphs being read (text boxes nest them)
            skipping = 0

            def refuse_dtd(*args: object) -> None:
                # content.xml never has a DTD; refusing it rules out entity expansion attacks.
                raise ExtractionError("content.xml has a document type declaration")

            def start(name: str, attributes: dict[str, str]) -> None:
                nonlocal skipping
                if skipping or name in _ODF_SKIPPED:
                    skipping += 1
                elif name in _ODF_PARAGRAPHS:
                    stack.append([])
                elif stack:
                    if name == f"{_ODF_TEXT} s":
                        stack[-1].append(" ")
                    elif name == f"{_ODF_TEXT} tab":
                        stack[-1].append("\t")
                    elif name == f"{_ODF_TEXT} line-break":
                        stack[-1].append("\n")

            def end(name: str) -> None:
                nonlocal skipping
                if skipping:
                    skipping -= 1
                elif name in _ODF_PARAGRAPHS and stack:
                    sink.add("".join(stack.pop()))
                    if sink.full:
                        raise _OdfStop

            def characters(data: str) -> None:
                if stack and not skipping:
                    stack[-1].append(data)

            parser.StartDoctypeDeclHandler = refuse_dtd
            parser.EntityDeclHandler = refuse_dtd
            parser.StartElementHandler = start
            parser.EndElementHandler = end
            parser.CharacterDataHandler = characters
            parser.buffer_text = True
            try:
                while chunk := member.read(_ODF_CHUNK):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
            except _OdfStop:
                pass


_EXTRACTORS = {
    PDF: _pdf_extract,
    DOCX: _docx_extract,
    XLSX: _xlsx_extract,
    PPTX: _pptx_extract,
    ODT: _odf_extract,
    ODS: _odf_extract,
    ODP: _odf_extract,
}


# -- the public functions ----------------------------------------------------------------------


def attachment_text_extract(
    *,
    file: IO[bytes] | str | os.PathLike[str],
    content_type: str,
    limit: int = DEFAULT_LIMIT,
    name: str = "",
) -> str:
    """The plain text of an attachment file of the given content type, at most `limit`
    characters, paragraphs separated by "\\n".

    PDF (text layer only), DOCX, XLSX, PPTX, ODT, ODS and ODP are read. Legacy doc, xls and ppt
    files, images and any other type give "" (no OCR). Never raises: a file that cannot be read
    (malformed, encrypted, a zip bomb, not what `content_type` says) is logged as a warning on
    the `kokous.search` logger and gives "". `name` only identifies the file in that warning.
    A file object is read from its start and left open.
    """
    kind = content_type.split(";", 1)[0].strip().lower()
    extractor = _EXTRACTORS.get(kind)
    if extractor is None or limit <= 0:
        return ""
    sink = _TextSink(limit)
    try:
        with ExitStack() as stack:
            if isinstance(file, str | os.PathLike):
                stream: IO[bytes] = stack.enter_context(open(file, "rb"))
            else:
                stream = file
                if not stream.seekable() or not hasattr(stream, "readinto"):
                    # PDFium and zipfile need to seek; the attachment size limit bounds this.
                    stream = io.BytesIO(stream.read())
                stream.seek(0)
            extractor(stream, sink)
    except ImportError:
        # A library missing from the installation, not a bad file: say so loudly.
        logger.exception("Cannot extract the text of %s files.", kind)
        return ""
    except Exception as exc:  # never fail on a bad file
        logger.warning(
            "Could not extract the text of %s (%s): %s: %s",
            name or "an attachment",
            kind,
            type(exc).__name__,
            exc,
        )
        return ""
    return sink.text()


def attachment_text(attachment: Attachment, *, limit: int = DEFAULT_LIMIT) -> str:
    """The plain text of an attachment's file, read through its storage ("" when the
    attachment has no file, or its file cannot be read). See `attachment_text_extract()`."""
    name = attachment.file.name
    if not attachment.file or not name:
        return ""
    content_type = attachment.content_type
    try:
        with attachment.file.storage.open(name, "rb") as stream:
            if not content_type:
                # An imported attachment may lack its type: recognise it the way uploads are.
                head = stream.read(8192)
                stream.seek(0)
                guessed = filetype.guess(head)
                content_type = guessed.mime if guessed is not None else ""
            return attachment_text_extract(
                file=stream, content_type=content_type, limit=limit, name=name
            )
    except Exception as exc:  # a missing file must not stop indexing
        logger.warning(
            "Could not open the file %s of attachment %s: %s: %s",
            name,
            attachment.pk,
            type(exc).__name__,
            exc,
        )
        return ""
