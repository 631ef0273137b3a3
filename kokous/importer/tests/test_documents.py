"""Seed 003 as an old system would export it to PDF and to Word, and read back: the same meeting
as from the text export.

No real PDF or DOCX export of minutes is among the seeds, so the files are made here from seed
003's own text the way such exports are laid out:

- the PDF (WeasyPrint): the running header "body, date, page" on every page in the page margin
  (which WeasyPrint writes after the page's text, as many programs do), attendance columns as
  table cells, paragraphs wrapped at the page width (words broken at hyphens: "Sanna-" /
  "Riitta"), page breaks wherever the text falls;
- the Word file (python-docx): a paragraph for each line, the name–municipality columns as
  tables, and the body and date in the section's running header only.

The PDF is read from its characters' positions (`kokous.importer.text`), not from PDFium's
plain text, which loses the columns, the paragraph breaks and the order of the header.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import docx
import pytest
from django.test import Client
from django.utils import translation
from weasyprint import HTML

from kokous.importer.parse import meeting_json, parse_minutes
from kokous.importer.services import minutes_import
from kokous.importer.text import document_text
from kokous.organisations.tests.factories import OrganisationFactory, UserFactory

SEED_003 = Path(__file__).resolve().parent / "seeds" / "003_61f41e619476e675.txt"
HEADER = ("VATE:n poliittinen seurantaryhmä", "27.01.2022")


def _seed_lines() -> list[str]:
    """Seed 003's lines without the page headers its text export carries (a PDF or Word file
    has its own)."""
    lines = SEED_003.read_text(encoding="utf-8").split("\n")
    kept, index = [], 0
    while index < len(lines):
        window = lines[index : index + 5]
        if len(window) == 5 and (window[0], window[2]) == HEADER and window[4].isdigit():
            index += 5
            continue
        kept.append(lines[index])
        index += 1
    return kept


def seed_pdf() -> bytes:
    parts = []
    for block in re.split(r"\n\s*\n", "\n".join(_seed_lines())):
        rows = [row for row in block.split("\n") if row.strip()]
        if rows and all("\t" in row for row in rows):
            cells = (
                "".join(f"<td>{html.escape(cell)}</td>" for cell in row.split("\t")) for row in rows
            )
            parts.append("<table>" + "".join(f"<tr>{row}</tr>" for row in cells) + "</table>")
        elif rows:
            parts.append("<p>" + "<br>".join(html.escape(row) for row in rows) + "</p>")
    style = f"""
        @page {{ size: A4; margin: 2.5cm 2cm;
          @top-left {{ content: "{HEADER[0]}"; }}
          @top-right {{ content: "{HEADER[1]}" "\\2003\\2003\\2003" counter(page); }} }}
        body {{ font: 11pt sans-serif; }} td {{ padding-right: 3em; }}"""
    document = f"<html lang='fi'><style>{style}</style><body>{''.join(parts)}</body></html>"
    return HTML(string=document).write_pdf()


def seed_docx() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "\t".join(HEADER)
    table = None
    for line in _seed_lines():
        if not line.strip():
            table = None
        elif "\t" in line:
            cells = line.split("\t")
            table = table or document.add_table(rows=0, cols=len(cells))
            for cell, text in zip(table.add_row().cells, cells, strict=False):
                cell.text = text
        else:
            table = None
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def exports() -> dict[str, bytes]:
    return {"pdf": seed_pdf(), "docx": seed_docx()}


def _without_lines(data: dict) -> dict:
    """The parse result without what differs by format: the source and the warnings' lines
    (a line of a PDF's text is not a line of the text export)."""
    data = dict(data, source=None)
    data["warnings"] = [(w["text"], w["reason"]) for w in data["warnings"]]
    return data


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_an_export_reads_as_the_text_export_does(exports, kind):
    with translation.override("en"):
        expected = meeting_json(parse_minutes(SEED_003.read_text(encoding="utf-8")))
        text = document_text(exports[kind], filename=f"003.{kind}")
        got = meeting_json(parse_minutes(text))
    assert _without_lines(got) == _without_lines(expected)
    # The points the issue names, once more, explicitly.
    assert got["body"] == "VATE:n poliittinen seurantaryhmä"
    assert (got["start"], got["end"]) == ("2022-01-27T12:00:00+02:00", "2022-01-27T13:08:00+02:00")
    assert len(got["attendees"]) == 25 and len(got["items"]) == 5
    assert got["items"][3]["speakers"][3] == "Sanna-Riitta Junnonen"
    assert got["items"][3]["speakers"][-1] == "Matti Astola"


def test_the_pdf_text_keeps_columns_paragraphs_and_the_header_at_the_top(exports):
    lines = document_text(exports["pdf"], filename="003.pdf").split("\n")
    assert lines[0] == "VATE:n poliittinen seurantaryhmä\t27.01.2022\t1"
    assert lines[1] == ""
    assert "Sami Virtanen\tKotka" in lines
    assert "Paula Werning\tKymenlaakson pelastuslaitos" in lines
    # Page 2 begins with its header, not with page 1's text after it.
    page_two = lines.index("VATE:n poliittinen seurantaryhmä\t27.01.2022\t2")
    assert lines[page_two - 1] == ""


@pytest.mark.django_db
def test_a_pdf_export_is_imported_and_kept_as_a_pdf(exports, client: Client):
    OrganisationFactory()
    content = exports["pdf"]
    text = document_text(content, filename="poytakirja.pdf")
    meeting = minutes_import(
        parsed=parse_minutes(text, source="poytakirja.pdf"),
        content=content,
        filename="poytakirja.pdf",
    ).meeting
    assert meeting.items.count() == 5 and meeting.attendances.count() == 25
    record = meeting.import_record
    assert record.content_type == "application/pdf"
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(f"/staff/meetings/{meeting.pk}/original/")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == content
