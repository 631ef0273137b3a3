"""The minutes parser on the real seeds 003 (full minutes) and 001 (a memo), on synthetic
minutes generated from the layout rules, and on garbage."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from kokous.importer.parse import ImportFailed, meeting_json, parse_minutes
from kokous.importer.tests.generate import minutes_generate
from kokous.importer.text import document_text

# Copies of shared/seeds/003 and 001, kept with the tests so that a clone alone runs them.
SEEDS = Path(__file__).resolve().parent / "seeds"
SEED_003 = SEEDS / "003_61f41e619476e675.txt"
SEED_001 = SEEDS / "001_a5e4be51cd02bd66.txt"

SEED_LINES = SEED_003.read_text(encoding="utf-8").split("\n")


@pytest.fixture(autouse=True)
def _english():
    """The warnings' reasons are translated; these tests read them in English."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def seed003():
    with translation.override("en"):
        return parse_minutes(SEED_003.read_text(encoding="utf-8"), source=SEED_003.name)


@pytest.fixture(scope="module")
def seed001():
    with translation.override("en"):
        return parse_minutes(SEED_001.read_text(encoding="utf-8"), source=SEED_001.name)


# -- seed 003 -----------------------------------------------------------------------------------


def test_seed003_meeting(seed003):
    data = meeting_json(seed003)
    assert data["source"] == SEED_003.name
    assert data["body"] == "VATE:n poliittinen seurantaryhmä"
    assert data["start"] == "2022-01-27T12:00:00+02:00"
    assert data["end"] == "2022-01-27T13:08:00+02:00"
    assert data["place"] == "Teams"
    assert data["chair"] == "Seppo Rintamo"
    assert data["secretary"] == "Ari Nevalainen"
    assert data["checkers"] == ["Vappu Kuokka", "Sami Virtanen"]


def test_seed003_attendees(seed003):
    got = {(a.name): (a.capacity, a.municipality, a.present) for a in seed003.attendees}
    board = (
        "Seppo Rintamo, Päivi Sippula, Riku Pirinen, Aila Eerola, Veli-Matti Hartikainen, "
        "Miia Witting, Tiina Mikkonen, Markku Pakkanen, Matti Astola, Kari Huovila, Vappu Kuokka"
    ).split(", ")
    expected = {name: ("member", None, True) for name in board}
    for name, town in [
        ("Sami Virtanen", "Kotka"),
        ("Elina Inkeroinen-Lalu", "Hamina"),
        ("Toni Vanhala", "Pyhtää"),
        ("Anja Kivelä", "Virolahti"),
        ("Tarja Alastalo", "Miehikkälä"),
    ]:
        expected[name] = ("municipal_representative", town, True)
    expected["Annikki Niiranen"] = ("presenter", None, True)
    expected["Juhani Carlson"] = ("member", None, True)
    expected["Sanna-Riitta Junnonen"] = ("member", None, True)
    expected["Lauri Lehto"] = ("other", None, True)
    expected["Ari Nevalainen"] = ("secretary", None, True)
    expected["Ismo Korhonen"] = ("invited", None, True)
    expected["Mikko Jaanu"] = ("member", None, False)
    expected["Jouko Leppänen"] = ("municipal_representative", "Kouvola", False)
    expected["Paula Werning"] = ("member", None, False)
    assert got == expected
    assert [a.name for a in seed003.attendees][:2] == ["Seppo Rintamo", "Päivi Sippula"]
    assert len(seed003.attendees) == 25


def test_seed003_items(seed003):
    assert [(i.number, i.title) for i in seed003.items] == [
        (1, "Kokouksen avaus ja osallistujien toteaminen"),
        (2, "Laillisuus ja päätösvaltaisuus"),
        (3, "Pöytäkirjantarkastajien valinta"),
        (4, "Kohti hyvinvointialuetta: johtamisen rakenteet ja välineet"),
        (5, "Muut asiat"),
    ]
    first, second, third, fourth, fifth = seed003.items
    assert first.decision == "Puheenjohtaja avasi kokouksen ja totesi läsnäolijat"
    assert first.proposal is None
    assert first.preparation == (
        "Puheenjohtaja avaa kokouksen ja toteaa läsnä olevat.\n\nTodetaan kokouksen läsnäolijat."
    )
    assert second.decision == "Todettiin kokous lailliseksi ja päätösvaltaiseksi"
    assert third.proposal == "Valitaan pöytäkirjantarkastajiksi Vappu Kuokka ja Jouko Leppänen."
    assert third.decision == "Valittiin pöytäkirjan tarkastajiksi Vappu Kuokka ja Sami Virtanen"
    assert fifth.decision is None and fifth.preparation.startswith("Vaten puheenjohtaja")
    assert all(i.record_number is None and i.votes == [] for i in seed003.items)


def test_seed003_item4_two_handlings(seed003):
    item = seed003.items[3]
    assert item.earlier == ["12.1.2022 §5 Kymenlaakson väliaikainen valmistelutoimielin"]
    assert item.decisions == ["Hyväksyttiin.", "Hyväksyttiin."]
    assert item.decision == "Hyväksyttiin."
    earlier, this = item.handlings
    assert earlier.heading == "12.1.2022 §5 Kymenlaakson väliaikainen valmistelutoimielin"
    assert earlier.proposal == (
        "Merkitään esittely tiedoksi johtamis- ja ohjausrakenteen jatkovalmistelun "
        "toteuttamissuunnitelma."
    )
    assert earlier.speakers == ["Ismo Korhonen", "Lauri Lehto"]
    assert earlier.attachments == [
        "Liite 3: Tiivistelmä työryhmän valmistelusta sisältäen valmistelutyön jatkoehdotuksen."
    ]
    # The page header (lines 137-141) is gone and the list goes on across it.
    assert "VATE:n poliittinen seurantaryhmä\n" not in earlier.preparation
    assert "helmi-maaliskuu\n\n- Ensimmäinen käsittely" in earlier.preparation
    assert "Lisätietoja antaa palveluketjun johtaja, Ismo Korhonen, ismo.korhonen" in (
        earlier.preparation
    )
    assert this.heading == "27.1.2022"
    assert this.proposal == item.proposal == "Tuodaan tiedoksi valmistelutyön tämän hetken tilanne."
    assert item.speakers == [
        "Ismo Korhonen",
        "Miia Witting",
        "Markku Pakkanen",
        "Sanna-Riitta Junnonen",
        "Annikki Niiranen",
        "Riku Pirinen",
        "Juhani Carlson",
        "Elina Inkeroinen-Lalu",
        "Ari Nevalainen",
        "Matti Astola",
    ]
    assert item.attachments == [
        "Liite 1 Johtamisrakenteet ja johtamisen välineet; pohjaesitys 270122"
    ]
    # The attachment reproduced after the decision is kept with the item, not warned about.
    assert item.appendix.startswith("Johtamisrakenteet ja johtamisen välineet\n\n- Pohjaesitys")
    assert "Arjen turvana" in item.appendix


def test_seed003_warnings(seed003):
    assert [(w.line, w.text, w.reason) for w in seed003.warnings] == [
        (17, "Kokouksen aika 27.1.2021 klo 12.00 - 13:08", "Inconsistent date"),
        (52, "esittelijä → Annikki Niiranen", "Role assigned by position"),
    ]


def test_seed003_json_shape(seed003):
    data = meeting_json(seed003)
    assert list(data) == [
        "source", "body", "start", "end", "place", "attendees", "chair", "secretary",
        "checkers", "items", "warnings",
    ]  # fmt: skip
    assert list(data["items"][0]) == [
        "number", "title", "record_number", "proposal", "decision", "speakers", "attachments",
    ]  # fmt: skip
    assert list(data["attendees"][0]) == ["name", "capacity", "municipality", "present"]
    assert data["warnings"][0] == {
        "line": 17,
        "text": "Kokouksen aika 27.1.2021 klo 12.00 - 13:08",
        "reason": "Inconsistent date",
    }


# -- seed 001 -----------------------------------------------------------------------------------


def test_seed001_memo(seed001):
    data = meeting_json(seed001)
    assert data["body"] == "VATE"
    assert data["start"] == "2018-01-31"  # the memo states no time
    assert data["end"] is None and data["place"] is None
    assert data["attendees"] == [] and data["chair"] is None and data["checkers"] == []
    assert data["warnings"] == []
    (item,) = seed001.items
    assert item.number is None
    assert item.title == "JÄRJESTÄJÄ/MARKKINATYÖRYHMÄN TEHTÄVÄT/KEVÄÄN TYÖSUNNITELMA"
    assert item.earlier == ["VATE 18.12.2017"]
    first, second = item.handlings
    assert first.proposal == (
        "VATE keskustelee työryhmän tehtävistä ja nimeää 5 - 7 jäsenisen työryhmän SOTE:n ja "
        "MAKU:n edustajista."
    )
    assert first.decisions[0].startswith("Päätettiin, että järjestäjä / markkinatyöryhmään")
    assert first.decisions[0].endswith("määrittely on ylimmän johdon tehtävä.")
    assert second.heading == "VATE 31.1.2018"
    assert second.proposal_by == "Muutosjohtaja"
    assert second.decision_by == ["VATE I"]
    assert item.proposal == (
        "Järjestäjä/markkinat-työryhmä käynnistää työskentelyn suoritetun valmistelun pohjalta."
    )
    assert item.decision == (
        "Hyväksyttiin esitys sekä muistioon kirjatut linjaukset prosessin osalta."
    )
    assert len(item.decisions) == 2
    assert item.attachments == [
        "Esityslistan liitteenä alustava työsuunnitelmaluonnos.",
        "Jarjestajan tyosuunnitelma.pdf (82kt)",
    ]
    assert "1.a Maku-palvelut\n- Alatyöryhmät" in second.preparation


# -- rules one by one ---------------------------------------------------------------------------

HEAD = "Tarkastuslautakunta\n\nKokouksen aika {when}\n\nKokouksen paikka Teams\n\n"
ATTENDANCE = "Osallistujat\n\nAino Aaltonen\tpuheenjohtaja\nEero Berg\n\n"


def _one(item: str, when: str = "27.1.2022 klo 12:00") -> object:
    return parse_minutes(HEAD.format(when=when) + ATTENDANCE + item)


@pytest.mark.parametrize(
    "when, start, end",
    [
        ("27.1.2022 klo 12:00", "2022-01-27T12:00:00+02:00", None),
        ("27.01.2022 klo 12.00 - 13:08", "2022-01-27T12:00:00+02:00", "2022-01-27T13:08:00+02:00"),
        ("torstai 2.6.2022 kello 9.15–11.30",
         "2022-06-02T09:15:00+03:00", "2022-06-02T11:30:00+03:00"),
    ],
)  # fmt: skip
def test_meeting_times(when, start, end):
    data = meeting_json(_one("1 § Asia\n\nTeksti.\n", when))
    assert (data["start"], data["end"]) == (start, end)


@pytest.mark.parametrize(
    "heading, text",
    [
        ("Esittelijän esitys\n\nHyväksytään.", "Hyväksytään."),
        ("Esittelijän esitys:\nHyväksytään.", "Hyväksytään."),
        ("Esitys:\n\nHyväksytään.", "Hyväksytään."),
        ("Ehdotus\n\nHyväksytään.", "Hyväksytään."),
        ("Pohjaesitys\n\nHyväksytään.", "Hyväksytään."),
        ("Esittelijän esitys: Hyväksytään\nmuutettuna.", "Hyväksytään muutettuna."),
    ],
)
def test_proposal_headings(heading, text):
    parsed = _one(f"1 § Asia\n\nTeksti.\n\n{heading}\n\nPäätös\n\nHyväksyttiin.\n")
    assert parsed.items[0].proposal == text
    assert parsed.warnings == []


@pytest.mark.parametrize(
    "heading", ["Päätös\n\nHyväksyttiin.", "Päätös:\nHyväksyttiin.", "PÄÄTÖS\n\nHyväksyttiin.",
                "Päätös Hyväksyttiin.", "Päätös: Hyväksyttiin."]
)  # fmt: skip
def test_decision_headings(heading):
    parsed = _one(f"1 §\n\nAsia\n\nTeksti.\n\n{heading}\n")
    assert parsed.items[0].decision == "Hyväksyttiin."
    assert parsed.items[0].title == "Asia"


def test_votes_record_earlier_attachments():
    parsed = _one(
        "7 § Asia\n\nKYMHVA/123/00.01.00/2022\n\n12.1.2022 §5 Kymenlaakson VATE\n\n"
        "Teksti.\n\nEsitys:\n\nHyväksytään.\n\nLiitteet\nLiite 1 Talousarvio\nLiite 2 Kartta\n\n"
        "Puheenvuoroja käyttivät: Aino Aaltonen ja Eero Berg\n\n"
        "Äänestyksen tulos: jaa 7, ei 4.\nJaa: Aino Aaltonen\nEi: Eero Berg\n\n"
        "Päätös\n\nHyväksyttiin äänin 7-4.\n"
    )
    (item,) = parsed.items
    assert item.record_number == "KYMHVA/123/00.01.00/2022"
    assert item.earlier == ["12.1.2022 §5 Kymenlaakson VATE"]
    assert item.attachments == ["Liite 1 Talousarvio", "Liite 2 Kartta"]
    assert item.speakers == ["Aino Aaltonen", "Eero Berg"]
    assert item.votes == ["Äänestyksen tulos: jaa 7, ei 4.", "Jaa: Aino Aaltonen", "Ei: Eero Berg"]
    assert item.decision == "Hyväksyttiin äänin 7-4."
    assert parsed.warnings == []


def test_toc_and_page_headers_are_consumed():
    text = (
        "Kunnanhallitus\n\nAika 3.3.2023 klo 18:00\n\nAsialuettelo\n1 § Avaus\t2\n2 § Muut\t3\n\n"
        + ATTENDANCE
        + "Kunnanhallitus\t3.3.2023\t2\n\n1 § Avaus\n\nTeksti.\n\n"
        "Kunnanhallitus\t03.03.2023\t3\n\n2 § Muut\n\nPäätös\n\nMerkittiin.\n"
    )
    parsed = parse_minutes(text)
    assert [(i.number, i.title) for i in parsed.items] == [(1, "Avaus"), (2, "Muut")]
    assert parsed.warnings == []
    assert parsed.body == "Kunnanhallitus"


def test_out_of_place_heading_is_warned_and_a_lower_section_number_is_text():
    parsed = _one(
        "5 § Asia\n\nTeksti.\n\nPäätös\n\nHyväksyttiin.\n\nEsitys:\n\nMyöhään.\n\n"
        "3 § Ei uusi asia\n"
    )
    assert [(w.line, w.text, w.reason) for w in parsed.warnings] == [
        (20, "Esitys:", "Unexpected here")
    ]
    assert parsed.chair == "Aino Aaltonen"
    assert [i.number for i in parsed.items] == [5]
    assert parsed.items[0].decision == "Hyväksyttiin.\n\nMyöhään.\n\n3 § Ei uusi asia"


# -- synthetic minutes --------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(40))
def test_generated_minutes_recovered_exactly(seed):
    rng = random.Random(seed)
    text, expected = minutes_generate(rng, items=rng.randint(1, 10))
    assert meeting_json(parse_minutes(text)) == expected


def test_generate_is_deterministic():
    assert minutes_generate(random.Random(5), items=4) == minutes_generate(
        random.Random(5), items=4
    )


GARBAGE_FIRST = "#@%&+<>|~^$"
GARBAGE_REST = GARBAGE_FIRST + "0123456789 -_=*!?"


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    items=st.integers(1, 6),
    garbage=st.lists(
        st.tuples(
            st.floats(0, 1),
            st.text(alphabet=GARBAGE_FIRST, min_size=1, max_size=2),
            st.text(alphabet=GARBAGE_REST, max_size=12),
        ),
        max_size=6,
    ),
)
def test_generated_minutes_with_garbage(seed, items, garbage):
    text, expected = minutes_generate(random.Random(seed), items=items)
    lines = text.split("\n")
    for where, head, tail in garbage:
        lines.insert(int(where * len(lines)), head + tail)
    garbage_lines = [
        (number, line)
        for number, line in enumerate(lines, 1)
        if line and line[0] in GARBAGE_FIRST and not any(c.isalpha() for c in line)
    ]
    parsed = parse_minutes("\n".join(lines))
    data = meeting_json(parsed)
    assert [(w.line, w.text) for w in parsed.warnings] == [
        (n, line.strip()) for n, line in garbage_lines
    ]
    assert {k: v for k, v in data.items() if k != "warnings"} == {
        k: v for k, v in expected.items() if k != "warnings"
    }


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes(text):
    parsed = parse_minutes(text)
    meeting_json(parsed)
    for warning in parsed.warnings:
        assert 1 <= warning.line <= len(text.split("\n")) + 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(SEED_LINES), max_size=80))
def test_shuffled_seed_lines_never_crash(lines):
    parsed = parse_minutes("\n".join(lines))
    for warning in parsed.warnings:
        assert 1 <= warning.line <= len(lines)


# -- document_text ------------------------------------------------------------------------------


def test_document_text_plain():
    assert document_text("\ufeffPäätös\n".encode(), filename="a.txt") == "Päätös\n"
    assert document_text("Päätös".encode("cp1252"), filename="a.txt") == "Päätös"
    with pytest.raises(ImportFailed):
        document_text(b"  \n", filename="a.txt")
    with pytest.raises(ImportFailed):
        document_text(b"%PDF-1.4 broken", filename="a.pdf")


def test_document_text_docx():
    import docx

    document = docx.Document()
    document.add_paragraph("Osallistujat")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Sami Virtanen"
    table.rows[0].cells[1].text = "Kotka"
    document.add_paragraph("1 § Asia")
    buffer = io.BytesIO()
    document.save(buffer)
    text = document_text(buffer.getvalue(), filename="a.docx")
    assert text.split("\n") == ["Osallistujat", "", "Sami Virtanen\tKotka", "", "1 § Asia", ""]
