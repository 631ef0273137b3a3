"""Text extraction from attachments: real files of each allowed type, built in the tests by the
programs' own libraries (WeasyPrint, python-docx, openpyxl, python-pptx) or, for OpenDocument,
written as the ZIP of XML that the format is."""

import datetime
import io
import logging
import os
import time
import zipfile

import docx
import openpyxl
import pptx
import pypdfium2
import pytest
import weasyprint
from pptx.util import Inches
from pypdf import PdfReader, PdfWriter

from kokous.meetings.models import Attachment
from kokous.search import extract
from kokous.search.extract import attachment_text, attachment_text_extract

TITLE = "Kymenlaakson hyvinvointialueen valmistelu"
SENTENCE = "Päätösehdotus: yhtymähallitus hyväksyy öljylämmityksen käytöstä luopumisen."


def extract_bytes(data: bytes, content_type: str, **kwargs) -> str:
    return attachment_text_extract(file=io.BytesIO(data), content_type=content_type, **kwargs)


def warnings_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "kokous.search" and record.levelno == logging.WARNING
    ]


# -- building files ----------------------------------------------------------------------------


def pdf_bytes(pages: list[str]) -> bytes:
    """A PDF made by WeasyPrint with each string on a page of its own."""
    body = "".join(
        f'<section style="break-after: page"><h1>{TITLE}</h1><p>{text}</p></section>'
        for text in pages
    )
    html = '<html lang="fi"><body style="font-size: 10pt"><style>h1 { font-size: 14pt }</style>'
    return weasyprint.HTML(string=f"{html}{body}</body></html>").write_pdf()


@pytest.fixture(scope="module")
def one_page_pdf() -> bytes:
    return pdf_bytes([SENTENCE])


@pytest.fixture(scope="module")
def fifty_page_pdf() -> bytes:
    filler = " ".join(["Hallintosäännön mukaan esittelijä vastaa asian valmistelusta."] * 40)
    return pdf_bytes([f"Sivu {number}. {filler}" for number in range(1, 51)])


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_heading(TITLE, level=1)
    document.add_paragraph(SENTENCE)
    document.add_paragraph("Väli   ja\tsarkain, pehmeä tavu\u00adviiva ja ﬁnanssi\u00a0ﬂow\u200b.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Määräraha"
    table.cell(0, 1).text = "Käyttötalous"
    table.cell(1, 0).text = "Yhdistetty solu"
    table.cell(1, 0).merge(table.cell(1, 1))
    document.add_paragraph("Viimeinen kappale.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(rows: int = 2) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Talousarvio"
    sheet.append(["Kohde", "Määrä", "Päivä", "Hyväksytty"])
    sheet.append(["Sähköistys", 12500, datetime.date(2025, 1, 31), True])
    for number in range(rows - 2):
        sheet.append([f"Rivi {number}", 1.5])
    second = workbook.create_sheet("Liitteet")
    second["B3"] = "Yhtymähallituksen lausunto"
    second["C3"] = "=1+1"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pptx_bytes() -> bytes:
    presentation = pptx.Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = TITLE
    slide.placeholders[1].text = "Ensimmäinen kohta\nToinen kohta"
    table = slide.shapes.add_table(1, 2, Inches(1), Inches(5), Inches(4), Inches(1)).table
    table.cell(0, 0).text = "Aikataulu"
    table.cell(0, 1).text = "Kevät 2026"
    slide.notes_slide.notes_text_frame.text = "Puhujan muistiinpanot: äänestys."
    second = presentation.slides.add_slide(presentation.slide_layouts[5])
    second.shapes.title.text = "Toinen dia"
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


ODF_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)


def odf_bytes(mimetype: str, body: str, *, prolog: str = "") -> bytes:
    """A minimal valid OpenDocument package: the uncompressed mimetype first, a manifest and
    content.xml with `body` inside office:body."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f'<office:document-content {ODF_NAMESPACES} office:version="1.3">'
        f"<office:body>{body}</office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


ODT_BODY = (
    "<office:text>"
    '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>'
    "<text:p>Poistettu lause</text:p></text:deletion></text:changed-region></text:tracked-changes>"
    f'<text:h text:outline-level="1">{TITLE}</text:h>'
    "<text:p>Päätösehdotus:<text:s/>yhtymähallitus <text:span>hyväksyy</text:span>"
    '<text:s text:c="3"/>öljylämmityksen<text:line-break/>käytöstä luopumisen.'
    "<office:annotation><dc:creator>Valmistelija</dc:creator>"
    "<text:p>Sisäinen kommentti</text:p></office:annotation>"
    "</text:p>"
    '<text:p>Alaviite<text:note text:note-class="footnote">'
    "<text:note-citation>1</text:note-citation>"
    "<text:note-body><text:p>Kuntalain 140 §</text:p></text:note-body></text:note></text:p>"
    "</office:text>"
)


# -- PDF ---------------------------------------------------------------------------------------


def test_pdf_text_layer_comes_back_with_finnish_letters(one_page_pdf: bytes) -> None:
    text = extract_bytes(one_page_pdf, extract.PDF)
    assert text.splitlines()[0] == TITLE
    assert "Päätösehdotus: yhtymähallitus hyväksyy öljylämmityksen" in text
    assert "  " not in text


def test_pdf_is_cut_at_the_limit(one_page_pdf: bytes) -> None:
    text = extract_bytes(one_page_pdf, extract.PDF, limit=20)
    assert text == TITLE[:20]


def test_pdf_reading_stops_once_the_limit_is_reached(
    fifty_page_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    original = pypdfium2.PdfTextPage.get_text_bounded

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pypdfium2.PdfTextPage, "get_text_bounded", counting)
    text = extract_bytes(fifty_page_pdf, extract.PDF, limit=5_000)
    assert len(text) == 5_000
    assert "Sivu 1." in text
    assert 1 < len(calls) < 5


def test_pdf_pages_past_the_maximum_are_not_read(
    fifty_page_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extract, "MAX_PDF_PAGES", 2)
    text = extract_bytes(fifty_page_pdf, extract.PDF)
    assert "Sivu 2." in text
    assert "Sivu 3." not in text


def test_fifty_page_pdf_is_read_in_well_under_seconds(fifty_page_pdf: bytes) -> None:
    assert len(PdfReader(io.BytesIO(fifty_page_pdf)).pages) == 50
    started = time.perf_counter()
    text = extract_bytes(fifty_page_pdf, extract.PDF)
    elapsed = time.perf_counter() - started
    assert "Sivu 50." in text
    assert len(text) > 50 * 2_000
    assert elapsed < 3, f"50 pages took {elapsed:.2f} s"


def test_pdf_words_broken_across_lines_are_joined() -> None:
    html = (
        '<html lang="fi"><body style="width: 3.5cm; font-size: 10pt">'
        '<p style="hyphens: manual">Pöytäkirjan&shy;tarkastajiksi valittiin</p>'
        "<p>Hallitus valmis-<br>teli sote-<br>uudistusta<br>Kymen-<br>Laakso</p>"
        "<p>Etelä\u2010<br>Karjala</p></body></html>"
    )
    text = extract_bytes(weasyprint.HTML(string=html).write_pdf(), extract.PDF)
    assert text.splitlines() == [
        "Pöytäkirjantarkastajiksi",
        "valittiin",
        # PDFium joins lines broken at an ordinary hyphen; the hyphen stays.
        "Hallitus valmis-teli sote-uudistusta",
        "Kymen-Laakso",
        "Etelä‐",
        "Karjala",
    ]


def test_pdf_protected_only_by_an_owner_password_is_read(one_page_pdf: bytes) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(one_page_pdf))
    writer.encrypt(user_password="", owner_password="omistaja", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    assert TITLE in extract_bytes(out.getvalue(), extract.PDF)


def test_pdf_with_a_user_password_gives_nothing_and_a_warning(
    one_page_pdf: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(one_page_pdf))
    writer.encrypt(user_password="salainen", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    assert extract_bytes(out.getvalue(), extract.PDF, name="liite.pdf") == ""
    [message] = warnings_logged(caplog)
    assert "liite.pdf" in message and "encrypted" in message


def test_random_bytes_with_a_pdf_header_give_nothing_and_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = b"%PDF-1.7\n" + os.urandom(4096)
    assert extract_bytes(data, extract.PDF) == ""
    assert warnings_logged(caplog)


def test_truncated_pdf_does_not_raise(fifty_page_pdf: bytes) -> None:
    text = extract_bytes(fifty_page_pdf[: len(fifty_page_pdf) // 2], extract.PDF)
    assert isinstance(text, str)


# -- Office Open XML ---------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_order() -> None:
    lines = extract_bytes(docx_bytes(), extract.DOCX).splitlines()
    assert lines == [
        TITLE,
        SENTENCE,
        "Väli ja sarkain, pehmeä tavuviiva ja finanssi flow.",
        "Määräraha",
        "Käyttötalous",
        "Yhdistetty solu",
        "Viimeinen kappale.",
    ]


def test_docx_is_cut_at_the_limit() -> None:
    text = extract_bytes(docx_bytes(), extract.DOCX, limit=len(TITLE) + 10)
    assert text == f"{TITLE}\n{SENTENCE[:9]}"


def test_docx_text_boxes_fields_and_hyphens() -> None:
    """A text box is stored twice (DrawingML and a VML fallback): its text counts once. Field
    codes, deleted text and tab stop definitions are not text; a non-breaking hyphen is."""
    data = docx_bytes()
    source = zipfile.ZipFile(io.BytesIO(data))
    xml = source.read("word/document.xml").decode()
    box = (
        '<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
        'markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
        "<w:p><w:r><w:t>Tekstiruudun sisältö</w:t></w:r></w:p></w:txbxContent></w:drawing>"
        "</mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r>"
        "<w:t>Tekstiruudun sisältö</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r><w:r><w:t>Ruudun vieressä</w:t></w:r></w:p>"
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        "<w:r><w:t>Etelä</w:t><w:noBreakHyphen/><w:t>Karjala</w:t></w:r>"
        "<w:del><w:r><w:delText>poistettu</w:delText></w:r></w:del>"
        '<w:ins><w:r><w:t xml:space="preserve"> lisätty</w:t></w:r></w:ins></w:p>'
    )
    xml = xml.replace("<w:sectPr", box + "<w:sectPr", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            content = xml if item.filename == "word/document.xml" else source.read(item)
            archive.writestr(item, content)
    lines = extract_bytes(out.getvalue(), extract.DOCX).splitlines()
    assert lines[-3:] == ["Ruudun vieressä", "Tekstiruudun sisältö", "Etelä-Karjala lisätty"]
    assert lines.count("Tekstiruudun sisältö") == 1


def test_zip_that_is_not_a_docx_gives_nothing_and_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("muistio.txt", "Ei Word-asiakirja")
    assert extract_bytes(out.getvalue(), extract.DOCX) == ""
    assert warnings_logged(caplog)


def test_zip_bomb_is_refused_before_unpacking(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(extract, "MAX_ZIP_UNCOMPRESSED_BYTES", 1024 * 1024)
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item))
        archive.writestr("word/media/zeros.bin", b"\x00" * (2 * 1024 * 1024))
    assert len(out.getvalue()) < 100_000
    assert extract_bytes(out.getvalue(), extract.DOCX) == ""
    [message] = warnings_logged(caplog)
    assert "unpacks to" in message


def test_xlsx_cell_values_row_by_row() -> None:
    lines = extract_bytes(xlsx_bytes(), extract.XLSX).splitlines()
    assert lines == [
        "Kohde Määrä Päivä Hyväksytty",
        "Sähköistys 12500 2025-01-31",
        # A formula openpyxl wrote has no cached value: it is left out, not shown as "=1+1".
        "Yhtymähallituksen lausunto",
    ]


def test_xlsx_reading_stops_at_the_limit() -> None:
    text = extract_bytes(xlsx_bytes(rows=3_000), extract.XLSX, limit=100)
    assert len(text) == 100
    assert text.startswith("Kohde Määrä")


def test_pptx_slides_tables_and_notes() -> None:
    lines = extract_bytes(pptx_bytes(), extract.PPTX).splitlines()
    assert lines == [
        TITLE,
        "Ensimmäinen kohta",
        "Toinen kohta",
        "Aikataulu",
        "Kevät 2026",
        "Puhujan muistiinpanot: äänestys.",
        "Toinen dia",
    ]


# -- OpenDocument ------------------------------------------------------------------------------


def test_odt_paragraphs_without_comments_or_deleted_text() -> None:
    lines = extract_bytes(odf_bytes(extract.ODT, ODT_BODY), extract.ODT).splitlines()
    assert lines == [
        TITLE,
        "Päätösehdotus: yhtymähallitus hyväksyy öljylämmityksen",
        "käytöstä luopumisen.",
        "Kuntalain 140 §",
        "Alaviite",
    ]


def test_ods_cells_once_each() -> None:
    body = (
        '<office:spreadsheet><table:table table:name="Taulukko1"><table:table-row>'
        "<table:table-cell><text:p>Hyvinvointialue</text:p></table:table-cell>"
        '<table:table-cell table:number-columns-repeated="1000"><text:p>Sama</text:p>'
        "</table:table-cell>"
        '<table:table-cell office:value-type="float" office:value="3.5"><text:p>3,5</text:p>'
        "</table:table-cell></table:table-row></table:table></office:spreadsheet>"
    )
    assert extract_bytes(odf_bytes(extract.ODS, body), extract.ODS).splitlines() == [
        "Hyvinvointialue",
        "Sama",
        "3,5",
    ]


def test_odp_slides_and_notes() -> None:
    body = (
        '<office:presentation><draw:page draw:name="dia1"><draw:frame><draw:text-box>'
        f"<text:p>{TITLE}</text:p></draw:text-box></draw:frame>"
        "<presentation:notes><draw:frame><draw:text-box><text:p>Esittäjän huomiot</text:p>"
        "</draw:text-box></draw:frame></presentation:notes></draw:page></office:presentation>"
    )
    assert extract_bytes(odf_bytes(extract.ODP, body), extract.ODP).splitlines() == [
        TITLE,
        "Esittäjän huomiot",
    ]


def test_odt_is_cut_at_the_limit() -> None:
    body = "<office:text>" + "<text:p>Yhtymähallitus kokoontuu.</text:p>" * 10_000
    text = extract_bytes(odf_bytes(extract.ODT, body + "</office:text>"), extract.ODT, limit=50)
    assert text == "Yhtymähallitus kokoontuu.\nYhtymähallitus kokoontuu"


def test_odt_with_an_entity_expansion_gives_nothing_and_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    prolog = (
        '<!DOCTYPE office:document-content [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    )
    data = odf_bytes(extract.ODT, "<office:text><text:p>&b;</text:p></office:text>", prolog=prolog)
    assert extract_bytes(data, extract.ODT) == ""
    [message] = warnings_logged(caplog)
    assert "document type declaration" in message


def test_odt_without_content_gives_nothing_and_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", extract.ODT)
    assert extract_bytes(out.getvalue(), extract.ODT) == ""
    assert warnings_logged(caplog)


def test_odt_with_malformed_xml_gives_nothing_and_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = odf_bytes(extract.ODT, "<office:text><text:p>Kesken</office:text>")
    assert extract_bytes(data, extract.ODT) == ""
    assert warnings_logged(caplog)


# -- other types and inputs --------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    ["image/png", "image/jpeg", "application/msword", "application/vnd.ms-excel", "text/plain"],
)
def test_images_legacy_office_files_and_other_types_give_nothing_quietly(
    content_type: str, caplog: pytest.LogCaptureFixture
) -> None:
    data = b"\x89PNG\r\n\x1a\n" + os.urandom(256)
    assert extract_bytes(data, content_type) == ""
    assert warnings_logged(caplog) == []


def test_content_type_parameters_and_case_are_ignored() -> None:
    assert extract_bytes(docx_bytes(), extract.DOCX.upper() + "; charset=binary").startswith(TITLE)


def test_path_and_unseekable_stream(tmp_path, one_page_pdf: bytes) -> None:
    path = tmp_path / "liite.pdf"
    path.write_bytes(one_page_pdf)
    assert attachment_text_extract(file=path, content_type=extract.PDF).startswith(TITLE)
    assert attachment_text_extract(file=str(path), content_type=extract.PDF).startswith(TITLE)

    class Unseekable(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self._inner = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return False

        def readinto(self, buffer) -> int:
            chunk = self._inner.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    stream = Unseekable(one_page_pdf)
    assert attachment_text_extract(file=stream, content_type=extract.PDF).startswith(TITLE)


def test_zero_limit_gives_nothing(one_page_pdf: bytes) -> None:
    assert extract_bytes(one_page_pdf, extract.PDF, limit=0) == ""


# -- attachments -------------------------------------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_attachment_text_reads_the_file_through_storage(media_root, one_page_pdf: bytes) -> None:
    (media_root / "liitteet").mkdir()
    (media_root / "liitteet" / "liite.pdf").write_bytes(one_page_pdf)
    attachment = Attachment(number=1, title="Liite", file="liitteet/liite.pdf")
    attachment.content_type = extract.PDF
    assert attachment_text(attachment).startswith(TITLE)
    assert attachment_text(attachment, limit=5) == TITLE[:5]


def test_attachment_without_a_type_is_recognised_by_content(media_root) -> None:
    (media_root / "muistio.docx").write_bytes(docx_bytes())
    attachment = Attachment(number=1, title="Muistio", file="muistio.docx", content_type="")
    assert attachment_text(attachment).startswith(TITLE)


def test_attachment_without_a_file_gives_nothing(media_root) -> None:
    assert attachment_text(Attachment(number=1, title="Vain tieto", file="")) == ""


def test_attachment_whose_file_is_missing_gives_nothing_and_a_warning(
    media_root, caplog: pytest.LogCaptureFixture
) -> None:
    attachment = Attachment(number=1, title="Kadonnut", file="poissa.pdf", content_type="x")
    assert attachment_text(attachment) == ""
    [message] = warnings_logged(caplog)
    assert "poissa.pdf" in message


@pytest.mark.parametrize(
    ("build", "content_type"),
    [
        (docx_bytes, extract.DOCX),
        (xlsx_bytes, extract.XLSX),
        (pptx_bytes, extract.PPTX),
        (lambda: odf_bytes(extract.ODT, ODT_BODY), extract.ODT),
    ],
)
def test_truncated_office_files_give_nothing_and_a_warning(
    build, content_type: str, caplog: pytest.LogCaptureFixture
) -> None:
    data = build()
    assert extract_bytes(data[: len(data) // 2], content_type) == ""
    assert warnings_logged(caplog)
