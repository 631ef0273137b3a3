"""Drafts split into commentable blocks: Markdown and text files, Word documents built with
python-docx and PDF files printed by WeasyPrint, and the uploads that are refused."""

import io
import random
import unicodedata
import zipfile
from contextlib import closing

import docx
import openpyxl
import pypdfium2
import pytest
import weasyprint
from django.core.exceptions import ValidationError
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from kokous.participation.drafts import (
    HEADING,
    LIST_ITEM,
    MAX_BLOCK_CHARS,
    MAX_BLOCKS,
    PARAGRAPH,
    QUOTE,
    Block,
    draft_blocks,
)

# The opening of a consultation of the Regional Council of Kymenlaakso.
TITLE = "Kymenlaakson skenaariot - Kerro mielipiteesi"
INTRO = (
    "Liitteenä sivun alalaidassa on työpajoissa työstetyt Kymenlaakson maakunnan skenaariot 2040."
)
STRATEGY = (
    "Kymenlaakson Liitto on käynnistänyt maakuntastrategiatyön tulevaisuustarkastelulla ja "
    "skenaarioiden laadinnalla. Edellinen laajempi tulevaisuustarkastelu on tehty Kymenlaakson "
    "maakuntaohjelman 2014-2017 laadinnan yhteydessä. Strategian laadinnassa hyödynnetään "
    "Kymenlaaksosta jo olemassa olevia selvityksiä, ennakointitietoa, riskianalyysejä sekä "
    "huomioidaan kansallisia ja kansainvälisiä toimintaympäristön muuttujia, ajureita sekä "
    "globaaleja megatrendejä."
)
ANALYSIS = (
    "Toimintaympäristöanalyysi koostuu työpajoista ja Kymenlaaksolle tärkeiden alojen "
    "asiantuntijahaastatteluista. Työpajat sisältävät skenaarioiden kehitysvaiheiden "
    "työstämistä ja vaikutusten analysointia. Työhön osallistetaan Kymenlaakson eri toimijat "
    "mahdollisimman laajasti."
)
SURVEY = (
    "Käynnissä olevalla osallisuuskyselyllä selvitetään, miten maakunnan asukkaat haluavat "
    "osallistua ja vaikuttaa Kymenlaaksossa."
)


def codes(excinfo: pytest.ExceptionInfo[ValidationError]) -> str | None:
    return excinfo.value.code


def texts(blocks: list[Block]) -> list[str]:
    return [block.text for block in blocks]


# -- Markdown and text ---------------------------------------------------------------------------


def test_markdown_blocks_in_order_with_inline_markup_reduced_to_text():
    source = f"""# {TITLE}

## Skenaariot

Liitteenä sivun alalaidassa on *työpajoissa* työstetyt
Kymenlaakson **maakunnan** [skenaariot](https://www.kymenlaakso.fi/) 2040.

Kyselyyn voi vastata `verkossa`,\\
![osallisuuskysely](kysely.png) tai <https://my.surveypal.com/kysely>.

- Päätös 27.11.2017 (ICT II); 429 000 €.
- Päätös 1.6.2018 (ICT III):
  1. suunnittelu ja valmistelutoimet
  2. toimeenpano

     alkaen 1.6.2018
- ~~Omavastuu~~ poistuu kokonaan.

> Nyt kaikki vaikuttamaan ja antamaan palautetta
> kansalaisten osallisuuden lisäämiseksi.

```text
Muutosjohtaja   Jussi Lehtinen
```

| Päätös | Rahoitus |
|--------|---------:|
| ICT II | 429 000 € |
| | |

<div class="huomio">Vastausaikaa on jatkettu <b>15.2.2019</b> saakka
&amp; kaikki voivat vastata.</div>

<!-- ei näy -->
"""
    assert draft_blocks(source.encode(), filename="luonnos.md") == [
        Block(HEADING, TITLE, 1),
        Block(HEADING, "Skenaariot", 2),
        Block(PARAGRAPH, INTRO),
        Block(
            PARAGRAPH,
            "Kyselyyn voi vastata verkossa, osallisuuskysely tai https://my.surveypal.com/kysely.",
        ),
        Block(LIST_ITEM, "Päätös 27.11.2017 (ICT II); 429 000 €."),
        Block(LIST_ITEM, "Päätös 1.6.2018 (ICT III):"),
        Block(LIST_ITEM, "suunnittelu ja valmistelutoimet"),
        Block(LIST_ITEM, "toimeenpano alkaen 1.6.2018"),
        Block(LIST_ITEM, "Omavastuu poistuu kokonaan."),
        Block(
            QUOTE,
            "Nyt kaikki vaikuttamaan ja antamaan palautetta kansalaisten osallisuuden "
            "lisäämiseksi.",
        ),
        Block(PARAGRAPH, "Muutosjohtaja Jussi Lehtinen"),
        Block(PARAGRAPH, "Päätös | Rahoitus"),
        Block(PARAGRAPH, "ICT II | 429 000 €"),
        Block(PARAGRAPH, "Vastausaikaa on jatkettu 15.2.2019 saakka & kaikki voivat vastata."),
    ]


def test_markdown_quote_keeps_its_paragraphs_and_lists_apart():
    source = "> Ensimmäinen.\n>\n> Toinen.\n>\n> - kohta\n\n* yksi\n\n  kaksi\n"
    assert draft_blocks(source.encode(), filename="luonnos.markdown") == [
        Block(QUOTE, "Ensimmäinen."),
        Block(QUOTE, "Toinen."),
        Block(LIST_ITEM, "kohta"),
        Block(LIST_ITEM, "yksi kaksi"),
    ]


def test_text_file_is_normalised():
    decomposed = unicodedata.normalize("NFD", "Tärkeää: öljylämmitys")
    data = (
        "\ufeffEnsimmäinen\u00a0kappale\r\njatkuu\ttässä.\r\n\r\n"
        f"{decomposed}\x07 ja\x1b loppu\u00ad.\r\n"
    ).encode()
    blocks = draft_blocks(data, filename="LUONNOS.TXT")
    assert texts(blocks) == ["Ensimmäinen kappale jatkuu tässä.", "Tärkeää: öljylämmitys ja loppu."]
    assert texts(blocks)[1] == unicodedata.normalize("NFC", texts(blocks)[1])


def test_text_that_begins_like_another_format_is_text():
    # "BM" opens a bitmap, "MZ" a Windows program: the name and clean UTF-8 decide.
    blocks = draft_blocks(b"BMW:n tehdas\n\nMZ-ryhm\xc3\xa4", filename="luonnos.md")
    assert texts(blocks) == ["BMW:n tehdas", "MZ-ryhmä"]


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöåABCDEFGHIJKLMNOPQRSTUVWXYZÄÖ", min_size=1)
paragraphs = st.lists(st.lists(words, min_size=1, max_size=12).map(" ".join), min_size=1)


@given(paragraphs=paragraphs, newline=st.sampled_from(["\n", "\r\n"]))
def test_markdown_paragraphs_come_back_as_written(paragraphs, newline):
    source = (newline * 2).join(paragraphs)
    blocks = draft_blocks(source.encode(), filename="luonnos.md")
    assert blocks == [Block(PARAGRAPH, paragraph) for paragraph in paragraphs]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    data=st.one_of(
        st.binary(),
        st.text().map(str.encode),
        st.binary().map(lambda data: b"%PDF-1.7\n" + data),
        st.binary().map(lambda data: b"PK\x03\x04" + data),
    ),
    filename=st.sampled_from(["luonnos.md", "luonnos.txt", "luonnos.pdf", "luonnos", "x.docx"]),
)
def test_any_bytes_give_blocks_or_a_validation_error(data, filename):
    try:
        blocks = draft_blocks(data, filename=filename)
    except ValidationError as error:
        assert error.code in {"type", "unreadable", "no_text", "empty", "too_long"}
    else:
        assert blocks and all(block.text and block.text == block.text.strip() for block in blocks)


# -- Word --------------------------------------------------------------------------------------


def docx_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_blocks_by_style_with_tables_in_place():
    document = docx.Document()
    document.styles.add_style("Otsikko 2", WD_STYLE_TYPE.PARAGRAPH)
    document.styles.add_style("Luettelokappale", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph(TITLE, style="Title")
    document.add_heading("Skenaariot", level=1)
    document.add_paragraph(INTRO)
    document.add_paragraph("   ")
    document.add_paragraph("Toimintaympäristö", style="Otsikko 2")
    document.add_paragraph(STRATEGY)
    document.add_paragraph("Päätös 27.11.2017 (ICT II)", style="List Bullet")
    document.add_paragraph("Päätös 1.6.2018 (ICT III)", style="List Number")
    document.add_paragraph("Päätös 25.9.2018 (ICT IV)", style="Luettelokappale")
    numbered = document.add_paragraph("Omavastuu 0 %")
    num_pr = OxmlElement("w:numPr")
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "1")
    num_pr.append(num_id)
    numbered._p.get_or_add_pPr().append(num_pr)
    table = document.add_table(rows=4, cols=3)
    table.rows[0].cells[0].text = "Päätös"
    table.rows[0].cells[1].text = "Rahoitus"
    table.rows[0].cells[2].text = "Huomautus"
    table.rows[1].cells[0].text = "ICT II"
    table.rows[1].cells[1].text = "429 000 €"
    table.rows[1].cells[2].text = "Rahoitusprosentti\non 90."
    table.rows[3].cells[0].merge(table.rows[3].cells[1]).text = "Yhteensä"
    document.add_paragraph(SURVEY, style="Quote")
    document.add_heading("Liite", level=9)
    document.add_paragraph(ANALYSIS)

    assert draft_blocks(docx_bytes(document), filename="luonnos.docx") == [
        Block(HEADING, TITLE, 1),
        Block(HEADING, "Skenaariot", 1),
        Block(PARAGRAPH, INTRO),
        Block(HEADING, "Toimintaympäristö", 2),
        Block(PARAGRAPH, STRATEGY),
        Block(LIST_ITEM, "Päätös 27.11.2017 (ICT II)"),
        Block(LIST_ITEM, "Päätös 1.6.2018 (ICT III)"),
        Block(LIST_ITEM, "Päätös 25.9.2018 (ICT IV)"),
        Block(LIST_ITEM, "Omavastuu 0 %"),
        Block(PARAGRAPH, "Päätös | Rahoitus | Huomautus"),
        Block(PARAGRAPH, "ICT II | 429 000 € | Rahoitusprosentti on 90."),
        Block(PARAGRAPH, "Yhteensä"),
        Block(QUOTE, SURVEY),
        Block(HEADING, "Liite", 6),
        Block(PARAGRAPH, ANALYSIS),
    ]


def test_docx_by_content_whatever_the_name():
    document = docx.Document()
    document.add_paragraph(INTRO)
    assert texts(draft_blocks(docx_bytes(document), filename="luonnos.txt")) == [INTRO]


def test_other_zip_archives_are_refused():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = INTRO
    spreadsheet = io.BytesIO()
    workbook.save(spreadsheet)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("luonnos.md", INTRO)
    for data in (spreadsheet.getvalue(), archive.getvalue()):
        with pytest.raises(ValidationError) as excinfo:
            draft_blocks(data, filename="luonnos.docx")
        assert codes(excinfo) == "type"


def test_damaged_docx_is_unreadable():
    document = docx.Document()
    document.add_paragraph(INTRO)
    data = docx_bytes(document)
    with pytest.raises(ValidationError) as excinfo:
        draft_blocks(data[: len(data) // 2], filename="luonnos.docx")
    assert codes(excinfo) == "unreadable"


# -- PDF ---------------------------------------------------------------------------------------


def pdf_bytes(body: str, *, page: str = "size: A5", style: str = "", lang: str = "fi") -> bytes:
    html = (
        f'<html lang="{lang}"><head><style>@page {{ {page} }} body {{ font-size: 11pt }} '
        f"{style}</style></head><body>{body}</body></html>"
    )
    return weasyprint.HTML(string=html).write_pdf()


DRAFT_PAGE = (
    "size: A5; "
    '@bottom-center { content: "Luonnos – Kymenlaakso" } '
    '@top-right { content: "Sivu " counter(page) " (" counter(pages) ")" }'
)


def test_pdf_paragraphs_whole_without_headers_footers_and_page_numbers():
    data = pdf_bytes(
        f"<h1>{TITLE}</h1><p>{INTRO}</p><p>{STRATEGY}</p>"
        f'<p style="break-before: page">{ANALYSIS}</p>'
        f'<h2 style="break-before: page">Osallisuuskysely</h2><p>{SURVEY}</p>',
        page=DRAFT_PAGE,
    )
    assert draft_blocks(data, filename="luonnos.pdf") == [
        Block(PARAGRAPH, text)
        for text in [TITLE, INTRO, STRATEGY, ANALYSIS, "Osallisuuskysely", SURVEY]
    ]


def test_pdf_paragraph_going_on_to_the_next_page_is_one_block():
    # One long sentence, so that the page ends in the middle of it.
    topics = [
        "olemassa olevia selvityksiä",
        "ennakointitietoa",
        "riskianalyysejä",
        "kansallisia ja kansainvälisiä toimintaympäristön muuttujia",
        "globaaleja megatrendejä",
    ]
    sentence = f"Strategian laadinnassa hyödynnetään {', '.join(topics * 6)}."
    data = pdf_bytes(f"<p>{sentence}</p><p>{SURVEY}</p>", page="size: 100mm 70mm")
    assert texts(draft_blocks(data, filename="luonnos.pdf")) == [sentence, SURVEY]


def test_pdf_list_items():
    item = (
        "Päätös 27.11.2017 (ICT II); 429 000 €. Rahoitus raportoidaan 30.10.2018. "
        "Kohde/kriteeri: suunnittelu ja valmistelutoimet; 1.6.2018 alkaen myös toimeenpano."
    )
    data = pdf_bytes(
        f"<p>Rahoitus:</p><ul><li>{item}</li><li>Omavastuu 0 %.</li></ul>"
        "<ol><li>suunnittelu</li><li>toimeenpano</li></ol><p>• Luettelo ilman HTML:ää</p>"
        f"<p>{SURVEY}</p>"
    )
    assert draft_blocks(data, filename="luonnos.pdf") == [
        Block(PARAGRAPH, "Rahoitus:"),
        Block(LIST_ITEM, item),
        Block(LIST_ITEM, "Omavastuu 0 %."),
        Block(LIST_ITEM, "suunnittelu"),
        Block(LIST_ITEM, "toimeenpano"),
        Block(LIST_ITEM, "Luettelo ilman HTML:ää"),
        Block(PARAGRAPH, SURVEY),
    ]


def test_pdf_footer_missing_from_a_cover_page_is_still_dropped():
    pages = [INTRO, STRATEGY, ANALYSIS, SURVEY]
    data = pdf_bytes(
        "".join(f'<p style="break-before: page">{text}</p>' for text in pages),
        page='size: A5; @bottom-left { content: "Kymenlaakson liitto, luonnos " counter(page) }',
        style="@page :first { @bottom-left { content: none } }",
    )
    assert texts(draft_blocks(data, filename="luonnos.pdf")) == pages


@pytest.mark.parametrize("line_height", ["1", "1.5", "2"])
def test_pdf_paragraphs_whatever_the_line_spacing(line_height):
    data = pdf_bytes(
        f"<p>{STRATEGY}</p><p>{INTRO}</p><p>{ANALYSIS}</p>",
        style=f"p {{ line-height: {line_height}; margin: 0 0 8pt }}",
    )
    assert texts(draft_blocks(data, filename="luonnos.pdf")) == [STRATEGY, INTRO, ANALYSIS]


def test_pdf_words_hyphenated_across_lines_are_joined():
    swedish = (
        "Landskapsförbundet har inlett arbetet med landskapsstrategin genom en "
        "framtidsgranskning och utarbetande av scenarier."
    )
    data = pdf_bytes(
        "<p>Kymenlaakson maakun-<br>nan linja-<br>auto ja EU-<br>rahoitus.</p>"
        f'<p lang="sv" style="hyphens: auto">{swedish}</p>',
        page="size: 70mm 150mm",
    )
    # WeasyPrint has hyphenated the Swedish words (it has no Finnish dictionary).
    with closing(pypdfium2.PdfDocument(data)) as document:
        assert "\u2010" in document[0].get_textpage().get_text_bounded()
    assert texts(draft_blocks(data, filename="luonnos.pdf")) == [
        "Kymenlaakson maakunnan linja-auto ja EU-rahoitus.",
        swedish,
    ]


@pytest.mark.parametrize("number", ['counter(page) "/" counter(pages)', '"- " counter(page) " -"'])
def test_pdf_page_numbers_are_dropped(number):
    data = pdf_bytes(
        f'<p>{INTRO}</p><p style="break-before: page">{SURVEY}</p>',
        page=f"size: A5; @bottom-right {{ content: {number} }}",
    )
    assert texts(draft_blocks(data, filename="luonnos.pdf")) == [INTRO, SURVEY]


@pytest.mark.parametrize(
    "body",
    [
        "",
        '<svg width="200" height="100"><rect width="200" height="100" fill="#1f6f8b"/></svg>',
    ],
)
def test_pdf_without_text_is_refused(body):
    with pytest.raises(ValidationError) as excinfo:
        draft_blocks(pdf_bytes(body), filename="skannattu.pdf")
    assert codes(excinfo) == "no_text"


def test_broken_and_encrypted_pdfs_are_unreadable():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(f"<p>{INTRO}</p>"))))
    writer.encrypt(user_password="salainen", owner_password="salainen", algorithm="AES-256")
    encrypted = io.BytesIO()
    writer.write(encrypted)
    for data in (b"%PDF-1.4 garbage", encrypted.getvalue()):
        with pytest.raises(ValidationError) as excinfo:
            draft_blocks(data, filename="luonnos.pdf")
        assert codes(excinfo) == "unreadable"


# -- Refused files and limits ------------------------------------------------------------------

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (PNG, "luonnos.png", "type"),
        (PNG, "luonnos.md", "type"),
        (random.Random(2040).randbytes(4096), "luonnos.md", "type"),
        ("Kymenlaakson skenaariot".encode("cp1252") + b" \xe4\xf6", "luonnos.md", "type"),
        (b"Kymenlaakson\x00skenaariot", "luonnos.txt", "type"),
        (b"<p>Kymenlaakson skenaariot</p>", "luonnos.html", "type"),
        (b"", "luonnos.md", "empty"),
        (b"", "luonnos.pdf", "empty"),
        (b" \r\n\t\r\n", "luonnos.md", "empty"),
        (b"<!-- luonnos -->\n\n<script>alert(1)</script>\n", "luonnos.md", "empty"),
    ],
    ids=[
        "png",
        "png-named-md",
        "binary",
        "cp1252",
        "nul",
        "html",
        "empty",
        "empty-pdf-name",
        "blank",
        "markup-only",
    ],
)
def test_refused(data, filename, code):
    with pytest.raises(ValidationError) as excinfo:
        draft_blocks(data, filename=filename)
    assert codes(excinfo) == code


def test_at_most_max_blocks():
    many = "\n\n".join(f"Kappale {number}." for number in range(MAX_BLOCKS))
    assert len(draft_blocks(many.encode(), filename="luonnos.md")) == MAX_BLOCKS
    with pytest.raises(ValidationError) as excinfo:
        draft_blocks(f"{many}\n\nYksi liikaa.".encode(), filename="luonnos.md")
    assert codes(excinfo) == "too_long"


@settings(max_examples=25, deadline=None)
@given(
    sentences=st.lists(
        st.sampled_from([INTRO, STRATEGY, ANALYSIS, SURVEY, "Lyhyt.", "x" * 12_000]),
        min_size=1,
        max_size=120,
    )
)
def test_long_paragraph_is_cut_into_parts_and_loses_nothing(sentences):
    paragraph = " ".join(sentences)
    blocks = draft_blocks(paragraph.encode(), filename="luonnos.md")
    # Cut at spaces, except inside a word longer than the limit.
    assert "".join(texts(blocks)).replace(" ", "") == paragraph.replace(" ", "")
    assert all(0 < len(block.text) <= MAX_BLOCK_CHARS for block in blocks)
    assert all(block.kind == PARAGRAPH for block in blocks)
    if len(paragraph) <= MAX_BLOCK_CHARS:
        assert len(blocks) == 1


def test_long_paragraph_is_cut_at_sentence_ends():
    paragraph = " ".join([STRATEGY] * 40)
    blocks = draft_blocks(paragraph.encode(), filename="luonnos.md")
    assert len(blocks) == 2
    assert " ".join(texts(blocks)) == paragraph
    assert all(block.text.endswith(".") for block in blocks)
