"""The PDF of the demo minutes (VATE:n poliittinen seurantaryhmä 27.1.2022): its text, the
running header with "page / pages" on every page, the contents' page numbers against the pages
the sections are really on, and the PDF/A-3b claims (XMP identification, output intent,
embedded fonts, no encryption). Printed once for the module."""

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pypdf
import pypdfium2 as pdfium
import pytest
from pypdf.generic import DictionaryObject, IndirectObject

from kokous.documents.render import document_build, document_pdf
from kokous.documents.tests.conftest import seed_003_shared

pytestmark = pytest.mark.django_db  # so that the module's shared fixture gets the test database

ORGANISATION = "Kymenlaakson hyvinvointialue"
BODY = "VATE:n poliittinen seurantaryhmä"
SECTIONS = {
    1: "Kokouksen avaus ja osallistujien toteaminen",
    2: "Laillisuus ja päätösvaltaisuus",
    3: "Pöytäkirjantarkastajien valinta",
    4: "Kohti hyvinvointialuetta: johtamisen rakenteet ja välineet",
    5: "Muut asiat",
}


@dataclass(frozen=True)
class Printed:
    data: bytes
    pages: int  # as the renderer counted them


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker, tmp_path_factory) -> Printed:
    with seed_003_shared(django_db_blocker, tmp_path_factory) as meeting:
        document = document_build(
            kind="minutes", variant="public", language="fi", meeting_pk=meeting.pk
        )
        pdf = document_pdf(document=document)
    return Printed(data=pdf.data, pages=pdf.pages)


@pytest.fixture(scope="module")
def reader(printed) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(printed.data))


@pytest.fixture(scope="module")
def pages(reader) -> list[list[str]]:
    """The text of each page, as lines."""
    return [
        [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        for page in reader.pages
    ]


def test_it_is_a_pdf_of_the_pages_the_renderer_counted(printed, reader):
    assert printed.data.startswith(b"%PDF-")
    assert len(reader.pages) == printed.pages > 5
    for page in reader.pages:  # A4 portrait
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)


def test_the_text_has_the_contents_every_section_and_the_signatures(pages):
    text = "\n".join(line for page in pages for line in page)
    assert "Asialuettelo" in text
    for number, title in SECTIONS.items():
        assert f"{number} § {title}" in text
    for expected in (
        "Kokouksen puolesta",
        "Läsnäolijat",
        "Seppo Rintamo puheenjohtaja",
        "Sami Virtanen Kotka",
        "Pöytäkirjantarkastajat",
        "Pöytäkirja on julkaistu yleisessä tietoverkossa 3.2.2022.",
        "Muutoksenhakukielto",
        "Kokouksen aika",
        "27.1.2022 klo 12.00–13.08",
    ):
        assert expected in text, expected


def test_every_page_has_the_running_header_with_page_and_pages(pages):
    total = len(pages)
    for number, lines in enumerate(pages, start=1):
        # The header is drawn last: organisation and body, document and date, "page / pages".
        assert lines[-4:] == [
            ORGANISATION,
            BODY,
            "Pöytäkirja 1/2022",
            f"27.1.2022 {number} / {total}",
        ], number


def _toc(first_page: list[str]) -> dict[str, int]:
    """The contents' entries with their page numbers: "4 § Kohti ... . . . 7"."""
    entries = {}
    for line in first_page:
        match = re.fullmatch(r"(.+?)\s*(?:\.\s*){3,}(\d+)", line)
        if match:
            entries[match.group(1).strip()] = int(match.group(2))
    return entries


def test_the_contents_page_numbers_are_the_pages_the_sections_are_on(pages):
    toc = _toc(pages[0])
    headings = {f"{n} § {title}": f"{n} § {title}" for n, title in SECTIONS.items()}
    # Entries whose heading on its page reads differently from the entry.
    headings |= {
        "Läsnäolijat": "Läsnäolijat",
        "Allekirjoitukset ja tarkastus": "Kokouksen puolesta",
        "Muutoksenhakuohjeet": "Muutoksenhakuohjeet",
    }
    assert set(toc) == set(headings)

    def page_of(heading: str) -> int:
        # The contents page itself has the same words with leaders: skip it.
        return next(
            number for number, lines in enumerate(pages, start=1) if number > 1 and heading in lines
        )

    actual = {entry: page_of(heading) for entry, heading in headings.items()}
    assert toc == actual
    # Each section starts on a page of its own, in order.
    section_pages = [toc[f"{n} § {t}"] for n, t in SECTIONS.items()]
    assert section_pages == sorted(set(section_pages))


def test_the_xmp_metadata_identifies_pdf_a_3b(reader):
    metadata = reader.trailer["/Root"]["/Metadata"].get_object()
    root = ET.fromstring(metadata.get_data())
    pdfaid = "{http://www.aiim.org/pdfa/ns/id/}"
    claims = {}
    for element in root.iter():
        for name in ("part", "conformance"):
            if pdfaid + name in element.attrib:
                claims[name] = element.attrib[pdfaid + name]
            child = element.find(pdfaid + name)
            if child is not None:
                claims[name] = child.text
    assert claims == {"part": "3", "conformance": "B"}


def test_the_catalog_has_an_srgb_output_intent_and_the_language(reader):
    catalog = reader.trailer["/Root"]
    intents = [intent.get_object() for intent in catalog["/OutputIntents"]]
    pdfa = [intent for intent in intents if intent["/S"] == "/GTS_PDFA1"]
    assert len(pdfa) == 1
    profile = pdfa[0]["/DestOutputProfile"].get_object()
    assert len(profile.get_data()) > 0  # the ICC profile is embedded
    assert catalog["/Lang"] == "fi"


def _fonts(reader: pypdf.PdfReader) -> list[DictionaryObject]:
    """Every font dictionary reachable from the document catalog (pages, forms, annotations,
    descendant fonts)."""
    fonts, seen, todo = [], set(), [reader.trailer["/Root"]]
    while todo:
        node = todo.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            if node.get("/Type") == "/Font":
                fonts.append(node)
            todo.extend(value for key, value in node.items() if key != "/Parent")
        elif isinstance(node, list):
            todo.extend(node)
    return fonts


def test_every_font_is_embedded(reader):
    fonts = _fonts(reader)
    assert fonts
    descriptors = 0
    for font in fonts:
        subtype = font["/Subtype"]
        if subtype == "/Type0":
            assert "/DescendantFonts" in font
            continue  # its descendants are in the list too
        if subtype == "/Type3":
            continue  # glyphs drawn by the PDF itself: nothing to embed
        descriptor = font["/FontDescriptor"].get_object()
        descriptors += 1
        embedded = {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)
        assert embedded, f"{font.get('/BaseFont')} is not embedded"
    assert descriptors > 0
    names = {str(font.get("/BaseFont")) for font in fonts}
    assert any("Liberation" in name or "DejaVu" in name for name in names), names


def test_it_is_not_encrypted(printed, reader):
    assert not reader.is_encrypted
    assert "/Encrypt" not in reader.trailer


def test_the_first_page_renders_with_ink(printed, tmp_path):
    document = pdfium.PdfDocument(printed.data)
    try:
        image = document[0].render(scale=1).to_pil().convert("L")
    finally:
        document.close()
    path = tmp_path / "page-1.png"
    image.save(path)
    assert path.read_bytes().startswith(b"\x89PNG")
    width, height = image.size
    assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1  # A4 at 72 dpi
    histogram = image.histogram()
    dark = sum(histogram[:128])
    assert dark > 2000, dark  # text, not a blank page
    assert histogram[255] > width * height // 2  # mostly white paper
