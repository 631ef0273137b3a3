"""A draft document, split into the blocks that residents comment on one by one.

`draft_blocks()` reads what staff upload for a consultation ("Kerro mielipiteesi") and gives
its headings, paragraphs, list items and quotes in document order. The format is read from
the content, not the name:

- PDF (starts with ``%PDF-``): the text layer, read with PDFium. PDFium gives lines, not
  paragraphs: a paragraph ends where the gap to the next line is larger than the document's
  gap between lines, or the font size changes; a line with a list marker starts a list item.
  Wrapped lines are joined (a word hyphenated across lines without the hyphen); page headers
  and footers repeated on every page and bare page numbers are dropped. There are no headings
  (a PDF does not say which lines are). A PDF without a text layer (a scan) is refused: there
  is no OCR.
- Word (a ZIP archive that python-docx opens): the body's paragraphs, headings and list items
  by their style, and one block per table row, in document order.
- Markdown or plain text (a name ending in .md, .markdown or .txt, UTF-8): parsed as
  CommonMark with tables by markdown-it-py; inline markup is reduced to its text.

The text of each block is NFC-normalised with whitespace collapsed and control characters
dropped. Anything else raises a ValidationError whose message the uploader understands.
"""

import html
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any, NamedTuple

import filetype
import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from markdown_it import MarkdownIt
from markdown_it.token import Token

from kokous.core.text import wrapped_lines_join
from kokous.search.extract import PDFIUM_LOCK

if TYPE_CHECKING:
    from docx.document import Document

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
QUOTE = "quote"

MAX_BLOCKS = 2_000
MAX_BLOCK_CHARS = 10_000
TEXT_EXTENSIONS = (".md", ".markdown", ".txt")
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# python-docx unpacks whole parts into memory: refuse archives that claim to unpack to more.
MAX_DOCX_UNPACKED_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Block:
    """One commentable piece of a draft: `text` is plain, normalised and never empty; `level`
    is 1-6 for headings and 0 otherwise."""

    kind: str
    text: str
    level: int = 0


# (kind, raw text, level) as a reader finds it, before normalising and splitting.
_Raw = tuple[str, str, int]


_EMPTY = gettext_lazy("The draft has no text to comment.")
_TYPE = gettext_lazy(
    "This file cannot be used as a draft. Upload a Markdown or text file (.md, .txt) in UTF-8, "
    "a Word document (.docx) or a PDF file with text."
)
_UNREADABLE = gettext_lazy(
    "The file cannot be read: it may be damaged or protected with a password."
)
_NO_TEXT = gettext_lazy(
    "The PDF file has no text to comment: it may be a scanned image. Upload a document with "
    "text: a Word file, a PDF with a text layer or a Markdown file."
)


def _too_long_error() -> ValidationError:
    return ValidationError(
        _("The draft has more than %(limit)s paragraphs. Split it into smaller drafts.")
        % {"limit": MAX_BLOCKS},
        code="too_long",
    )


def draft_blocks(data: bytes, *, filename: str) -> list[Block]:
    """The blocks of an uploaded draft, in document order. Raises ValidationError with code
    "type", "unreadable", "no_text", "empty" or "too_long"."""
    if not data.strip():
        raise ValidationError(_EMPTY, code="empty")
    if data.startswith(b"%PDF-"):
        raw = _pdf_blocks(data)
    elif data.startswith(b"PK\x03\x04"):
        raw = _docx_blocks(data)
    elif filename.lower().endswith(TEXT_EXTENSIONS) and b"\x00" not in data:
        raw = _markdown_blocks(_text_decode(data))
    else:
        raise ValidationError(_TYPE, code="type")
    blocks = [
        Block(kind=kind, text=part, level=level)
        for kind, text, level in raw
        for part in _text_split(_text_clean(text))
    ]
    if not blocks:
        raise ValidationError(_EMPTY, code="empty")
    if len(blocks) > MAX_BLOCKS:
        raise _too_long_error()
    return blocks


# -- Text --------------------------------------------------------------------------------------

# C0 control characters and DEL; those that are whitespace become spaces in `str.split()`.
_CONTROLS = {code: None for code in [*range(0x20), 0x7F] if not chr(code).isspace()}
_CONTROLS[0xAD] = None  # a soft hyphen is invisible
_SENTENCE_END_RE = re.compile(r"(?<=[.!?…])\s+")


def _text_clean(text: str) -> str:
    """NFC, without control characters, with every run of whitespace (non-breaking spaces
    included) made one space."""
    return " ".join(unicodedata.normalize("NFC", text.translate(_CONTROLS)).split())


def _text_split(text: str) -> Iterator[str]:
    """`text` in parts of at most MAX_BLOCK_CHARS, cut at sentence ends where possible, else at
    a space, else anywhere. Nothing is lost: joined with spaces (with nothing between the pieces
    of a word longer than the limit), the parts give `text` back."""
    part = ""
    for sentence in _SENTENCE_END_RE.split(text) if text else []:
        if part and len(part) + 1 + len(sentence) <= MAX_BLOCK_CHARS:
            part = f"{part} {sentence}"
            continue
        if part:
            yield part
        part = sentence
        while len(part) > MAX_BLOCK_CHARS:
            cut = part.rfind(" ", 1, MAX_BLOCK_CHARS + 1)
            if cut == -1:
                yield part[:MAX_BLOCK_CHARS]
                part = part[MAX_BLOCK_CHARS:]
            else:
                yield part[:cut]
                part = part[cut + 1 :]
    if part:
        yield part


def _text_decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The text file is not in UTF-8 encoding. Save it as UTF-8 and upload it again."),
            code="type",
        ) from None


# -- Markdown ----------------------------------------------------------------------------------

_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _markdown_blocks(source: str) -> list[_Raw]:
    """Walk markdown-it's block tokens. Paragraphs inside a list item make up that item's text
    (given before the items of a list nested in it); paragraphs in a quote are quotes."""
    blocks: list[_Raw] = []
    containers: list[str] = []  # LIST_ITEM or QUOTE, innermost last
    items: list[list[str]] = []  # the text gathered so far for each open list item
    row: list[str] | None = None
    heading_level = 0

    def item_flush() -> None:
        blocks.append((LIST_ITEM, " ".join(items[-1]), 0))
        items[-1].clear()

    def place(text: str) -> None:
        if row is not None:
            row.append(text)
        elif heading_level:
            blocks.append((HEADING, text, heading_level))
        elif containers and containers[-1] == LIST_ITEM:
            items[-1].append(text)
        else:
            blocks.append((QUOTE if containers else PARAGRAPH, text, 0))

    for token in _MARKDOWN.parse(source):
        match token.type:
            case "heading_open":
                heading_level = int(token.tag[1:])
            case "heading_close":
                heading_level = 0
            case "list_item_open":
                containers.append(LIST_ITEM)
                items.append([])
            case "list_item_close":
                containers.pop()
                item_flush()
                items.pop()
            case "bullet_list_open" | "ordered_list_open" if items:
                item_flush()
            case "blockquote_open":
                containers.append(QUOTE)
            case "blockquote_close":
                containers.pop()
            case "tr_open":
                row = []
            case "tr_close" if row is not None:
                blocks.append((PARAGRAPH, " | ".join(cell for cell in row if cell.strip()), 0))
                row = None
            case "inline":
                place(_markdown_inline_text(token.children or []))
            case "fence" | "code_block":
                place(token.content)
            case "html_block":
                place(html.unescape(nh3.clean(token.content, tags=set())))
    return blocks


def _markdown_inline_text(tokens: Sequence[Token]) -> str:
    """Inline tokens as plain text: markup dropped, links as their text, images as their
    alternative text, line breaks as spaces, inline HTML tags dropped."""
    parts: list[str] = []
    for token in tokens:
        if token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "image":
            parts.append(_markdown_inline_text(token.children or []))
    return "".join(parts)


# -- Word --------------------------------------------------------------------------------------


def _docx_blocks(data: bytes) -> list[_Raw]:
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked <= MAX_DOCX_UNPACKED_BYTES:
            document = docx.Document(io.BytesIO(data))
            return list(_docx_walk(document.element.body, document))
    except Exception:  # python-docx raises many kinds of errors on a damaged or foreign archive
        pass
    guessed = filetype.guess(data)
    if guessed is not None and guessed.mime == DOCX_MIME:
        # A damaged Word file, or one that would unpack to too much (a ZIP bomb).
        raise ValidationError(_UNREADABLE, code="unreadable")
    # A spreadsheet, a presentation or some other ZIP archive.
    raise ValidationError(_TYPE, code="type")


def _docx_walk(parent: Any, document: "Document") -> Iterator[_Raw]:
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            numbered = child.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
            style = paragraph.style.name if paragraph.style is not None else None
            kind_level = _docx_kind(style or "", numbered=numbered)
            if kind_level is not None:
                yield (kind_level[0], paragraph.text, kind_level[1])
        elif child.tag == qn("w:tbl"):
            for tr in child.iterchildren(qn("w:tr")):
                cells = (
                    " ".join(Paragraph(p, document).text for p in tc.iter(qn("w:p")))
                    for tc in tr.iterchildren(qn("w:tc"))
                )
                yield (PARAGRAPH, " | ".join(cell for cell in cells if cell.strip()), 0)
        elif child.tag == qn("w:sdt"):  # a content control; its content is body text
            for content in child.iterchildren(qn("w:sdtContent")):
                yield from _docx_walk(content, document)


def _docx_kind(style: str, *, numbered: bool) -> tuple[str, int] | None:
    """What a paragraph of this style is, by the style's name in English, Finnish or Swedish
    (Word keeps the English names of its built-in styles); None for a table of contents."""
    name = style.strip().lower()
    word, _space, number = name.rpartition(" ")
    if name.startswith("toc"):
        return None
    if name in ("title", "otsikko", "rubrik", "titel"):
        return (HEADING, 1)
    if word in ("heading", "otsikko", "rubrik") and number.isdecimal():
        return (HEADING, min(max(int(number), 1), 6))
    if numbered or "list" in name or "luettelo" in name:
        return (LIST_ITEM, 0)
    if "quote" in name or "lainaus" in name or "citat" in name:
        return (QUOTE, 0)
    return (PARAGRAPH, 0)


# -- PDF ---------------------------------------------------------------------------------------


class _Line(NamedTuple):
    """A line of a PDF page: its text, the bottom and top of its font's box (the same for
    every line in that font and size; y grows upwards) and whether a list item starts on it."""

    text: str
    bottom: float
    top: float
    item: bool

    @property
    def height(self) -> float:
        return self.top - self.bottom


# The first and last lines of a page, where headers, footers and page numbers are looked for.
_EDGE_LINES = 2
_PAGE_NUMBER_RE = re.compile(
    r"(?:sivu|sida|page|s\.)?\s*[-–]?\s*\d+\s*(?:\(\s*\d+\s*\)|/\s*\d+|[-–])?", re.IGNORECASE
)
_DIGITS_RE = re.compile(r"\d+")
# Bullets, Word's among them (in the Symbol and Wingdings fonts' private code points).
_BULLETS = "•◦▪‣●○■□\uf0b7\uf0a7"
_LIST_MARKER_RE = re.compile(rf"[{_BULLETS}]|\d{{1,3}}[.)]|[a-zA-Z][.)]")


def _pdf_blocks(data: bytes) -> list[_Raw]:
    import pypdfium2 as pdfium

    # PDFium is not thread-safe, not even across documents: the search indexer's lock is shared.
    with PDFIUM_LOCK:
        try:
            # The empty password opens PDFs "protected" only by an owner password.
            with closing(pdfium.PdfDocument(data, password="")) as document:
                if len(document) > MAX_BLOCKS:
                    raise _too_long_error()
                pages = [_pdf_page_lines(document, number) for number in range(len(document))]
        except pdfium.PdfiumError:
            raise ValidationError(_UNREADABLE, code="unreadable") from None
    if not any(pages):
        raise ValidationError(_NO_TEXT, code="no_text")
    return _pdf_paragraphs(_pdf_furniture_drop(pages))


def _pdf_page_lines(document: Any, number: int) -> list[_Line]:
    """The lines of a page, character by character in PDFium's reading order: PDFium marks
    line ends with generated line breaks, and a hyphen it joined across lines with U+0002.
    (Its text by rectangle, `get_text_bounded()`, takes in any character that touches the
    rectangle, so neighbouring lines can give the same letters twice.) A line's box is its
    first letter's "loose" box, which depends only on the font and size: the letters' own boxes
    vary too much (no descenders in "nom en") to tell a line break from a paragraph break."""
    import pypdfium2.raw as pdfium_raw

    rows: list[list[tuple[int, int]]] = [[]]  # (character index, UTF-16 code unit) by line
    lines: list[_Line] = []
    with closing(document[number]) as page, closing(page.get_textpage()) as textpage:
        for index in range(textpage.count_chars()):
            unit = pdfium_raw.FPDFText_GetUnicode(textpage, index)
            unit = unit if unit <= 0x10FFFF else 0xFFFD  # a broken font's character map
            if unit in (0x0A, 0x0D):
                if rows[-1]:
                    rows.append([])
                continue
            rows[-1].append((index, ord("-") if unit == 0x02 else unit))
            if unit == 0x02:
                rows.append([])
        for row in rows:
            # Characters outside the BMP come as surrogate pairs.
            encoded = "".join(chr(unit) for _index, unit in row).encode(
                "utf-16-le", "surrogatepass"
            )
            text = " ".join(encoded.decode("utf-16-le", "replace").split())
            # The box of the first letter (a bullet's font may be another), or of any character.
            letters = [index for index, unit in row if chr(unit).isalnum()]
            visible = [index for index, unit in row if not chr(unit).isspace()]
            if text and visible:
                _left, bottom, _right, top = textpage.get_charbox(
                    (letters or visible)[0], loose=True
                )
                lines.append(_Line(text, bottom, top, text[0] in _BULLETS))
    # Some programs (WeasyPrint) write list markers after the page's text, on lines of their
    # own beside the first lines of their items.
    markers = [line for line in lines if _LIST_MARKER_RE.fullmatch(line.text)]
    return [
        line._replace(
            text=line.text.lstrip(_BULLETS + " "),
            item=line.item or any(_pdf_same_row(marker, line) for marker in markers),
        )
        for line in lines
        if not _LIST_MARKER_RE.fullmatch(line.text)
    ]


def _pdf_same_row(one: _Line, other: _Line) -> bool:
    overlap = min(one.top, other.top) - max(one.bottom, other.bottom)
    return overlap > 0.5 * min(one.height, other.height)


def _pdf_furniture_drop(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Drop bare page numbers, and headers and footers, from the first and last lines of each
    page. A header or footer is a line that, numbers aside, is at the top or bottom of every
    page of a document of three or more pages (of all but one page, a cover, from four on)."""

    def edges(lines: list[_Line]) -> set[int]:
        count = len(lines)
        return {*range(min(_EDGE_LINES, count)), *range(max(count - _EDGE_LINES, 0), count)}

    def key(line: _Line) -> str:
        return _DIGITS_RE.sub("#", line.text)

    repeated: set[str] = set()
    if len(pages) >= 3:
        counts = Counter(k for lines in pages for k in {key(lines[i]) for i in edges(lines)})
        needed = len(pages) - (1 if len(pages) >= 4 else 0)
        repeated = {k for k, count in counts.items() if count >= needed}
    kept: list[list[_Line]] = []
    for lines in pages:
        furniture = {
            i
            for i in edges(lines)
            if key(lines[i]) in repeated or _PAGE_NUMBER_RE.fullmatch(lines[i].text)
        }
        kept.append([line for i, line in enumerate(lines) if i not in furniture])
    return kept


def _pdf_paragraphs(pages: list[list[_Line]]) -> list[_Raw]:
    """Lines joined into paragraphs. A line goes on the paragraph above when it is below the
    line before it, in a font of the same size, and the gap between them is no larger than
    the document's gap between lines (the smallest one seen for that size, at most 0.75 lines
    for double spacing) plus 0.3 lines. The first line of a page goes on the last paragraph
    of the page before when that has no sentence end and the line starts in lower case. A
    line with a list marker starts a list item."""

    def same_size(above: _Line, line: _Line) -> bool:
        return abs(above.height - line.height) <= 0.1 * line.height and line.top < above.top

    line_gaps: dict[int, float] = {}
    for lines in pages:
        for above, line in pairwise(lines):
            if same_size(above, line):
                size, gap = round(line.height), above.bottom - line.top
                line_gaps[size] = min(gap, line_gaps.get(size, gap))
    blocks: list[_Raw] = []
    for lines in pages:
        for number, line in enumerate(lines):
            if line.item or not line.text:
                goes_on = False
            elif number == 0:
                goes_on = bool(blocks) and blocks[-1][1][-1:] not in ".!?:;"
                goes_on = goes_on and line.text[0].islower()
            else:
                above, height = lines[number - 1], line.height
                line_gap = min(line_gaps.get(round(height), 0.0), 0.75 * height)
                goes_on = same_size(above, line) and (
                    above.bottom - line.top <= line_gap + 0.3 * height
                )
            if goes_on:
                kind, text, _level = blocks[-1]
                blocks[-1] = (kind, wrapped_lines_join(text, line.text), 0)
            else:
                blocks.append((LIST_ITEM if line.item else PARAGRAPH, line.text, 0))
    return blocks
