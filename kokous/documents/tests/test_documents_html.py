"""The minutes of the demo meeting, VATE:n poliittinen seurantaryhmä 27.1.2022 (seed 003), as
HTML: every element DOMAIN.md item 5 lists, in the layout of the real minutes.

The demo is loaded once for the module and the documents rendered once; the tests read them."""

from dataclasses import dataclass

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from kokous.core.timeutil import helsinki_datetime
from kokous.demo.services import demo_load
from kokous.documents.render import document_build, document_html
from kokous.documents.tests.conftest import (
    Element,
    attendance_of,
    documents_stored_in,
    item_section,
    parse_html,
    shared_database,
)
from kokous.meetings.models import Meeting

# Every test is marked, so that pytest-django sets up the test database for the module's
# shared fixture even when only some of these tests are selected.
pytestmark = pytest.mark.django_db

SECTIONS = {
    1: "Kokouksen avaus ja osallistujien toteaminen",
    2: "Laillisuus ja päätösvaltaisuus",
    3: "Pöytäkirjantarkastajien valinta",
    4: "Kohti hyvinvointialuetta: johtamisen rakenteet ja välineet",
    5: "Muut asiat",
}


@dataclass(frozen=True)
class DemoMinutes:
    meeting_pk: int
    public: str  # the document fragments
    full: str
    page_status: int  # the public page /meetings/<pk>/minutes/
    page_headers: dict[str, str]
    page: str
    agenda_status: int  # the public agenda of the council meeting of 8.3.2022
    agenda: str


@pytest.fixture(scope="module")
def demo_minutes(django_db_setup, django_db_blocker, tmp_path_factory) -> DemoMinutes:
    media, documents = tmp_path_factory.mktemp("media"), tmp_path_factory.mktemp("documents")
    with (
        shared_database(django_db_blocker),
        override_settings(MEDIA_ROOT=media),
        documents_stored_in(documents),
    ):
        demo_load()
        meeting = Meeting.objects.get(
            body__slug="vate-poliittinen-seurantaryhma", start=helsinki_datetime(2022, 1, 27, 12)
        )
        fragments = {
            variant: document_html(
                document=document_build(
                    kind="minutes", variant=variant, language="fi", meeting_pk=meeting.pk
                )
            )
            for variant in ("public", "full")
        }
        client = Client()
        page = client.get(reverse("documents:minutes", kwargs={"pk": meeting.pk}))
        council = Meeting.objects.get(body__slug="kymenlaakso-aluevaltuusto")
        agenda = client.get(reverse("documents:agenda", kwargs={"pk": council.pk}))
        result = DemoMinutes(
            meeting_pk=meeting.pk,
            public=fragments["public"],
            full=fragments["full"],
            page_status=page.status_code,
            page_headers=dict(page.headers),
            page=page.content.decode(),
            agenda_status=agenda.status_code,
            agenda=agenda.content.decode(),
        )
    return result


@pytest.fixture(scope="module")
def minutes(demo_minutes) -> Element:
    """The public version, as the public page prints it."""
    return parse_html(demo_minutes.page).find("article", cls="document")


def test_the_public_page_answers_with_the_public_version(demo_minutes, minutes):
    assert demo_minutes.page_status == 200
    assert demo_minutes.page_headers["Cache-Control"] == "no-cache"
    assert "document-minutes" in minutes.classes
    assert minutes.attrs["lang"] == "fi"
    page = parse_html(demo_minutes.page)
    tools = page.find(cls="document-tools")
    assert tools.find("a").attrs["href"] == f"/meetings/{demo_minutes.meeting_pk}/minutes.pdf"
    assert tools.find("a").text == "Pöytäkirja PDF-tiedostona"
    assert "SHA-256" not in tools.text  # no PDF stored yet, so no hash yet


def test_a_finnish_only_document_offers_no_other_language(demo_minutes):
    """The organisation is not bilingual: the page offers no choice of the document's language.
    (The view's context variable `languages` is overwritten by base.html's language menu,
    `{% get_language_info_list for LANGUAGES as languages %}`, before the content block is
    rendered, so the page lists Django's UI languages as dicts instead.)"""
    tools = parse_html(demo_minutes.page).find(cls="document-tools")
    assert "Asiakirjan kieli" not in tools.text
    assert not [a for a in tools.find_all("a") if "?lang=" in a.attrs.get("href", "")]


def test_the_header_names_the_body_the_time_and_the_place(minutes):
    header = minutes.find("header", cls="doc-header")
    assert header.find("h1").text.startswith("VATE:n poliittinen seurantaryhmä")
    assert header.find("span", cls="doc-title-type").text == "Pöytäkirja 1/2022"
    facts = header.find("dl", cls="doc-facts")
    pairs = dict(
        zip(
            [dt.text for dt in facts.find_all("dt")],
            [dd.text for dd in facts.find_all("dd")],
            strict=True,
        )
    )
    assert pairs == {
        "Kokouksen aika": "27.1.2022 klo 12.00–13.08",
        "Kokouksen paikka": "Teams",
    }
    # The running header of the PDF pages: organisation, body, document, date.
    running = [p.text for p in header.find_all("p", cls="doc-running")]
    assert running == [
        "Kymenlaakson hyvinvointialue",
        "VATE:n poliittinen seurantaryhmä",
        "Pöytäkirja 1/2022",
        "27.1.2022",
    ]
    assert header.find("p", cls="doc-version").text == "Julkinen versio"
    assert not header.find_all(cls="doc-draft")


def test_the_contents_list_attendance_items_attachment_signatures_and_appeals(minutes):
    toc = minutes.find("nav", cls="doc-toc")
    assert toc.find("h2").text == "Asialuettelo"
    entries = [li.text for li in toc.find("ol", cls="toc-list").children if _is(li, "li")]
    assert entries == [
        "Läsnäolijat",
        "1 § Kokouksen avaus ja osallistujien toteaminen",
        "2 § Laillisuus ja päätösvaltaisuus",
        "3 § Pöytäkirjantarkastajien valinta",
        "4 § Kohti hyvinvointialuetta: johtamisen rakenteet ja välineet "
        "Liite 1: Johtamisrakenteet ja johtamisen välineet; pohjaesitys 270122",
        "5 § Muut asiat",
        "Allekirjoitukset ja tarkastus",
        "Muutoksenhakuohjeet",
    ]
    targets = [a.attrs["href"] for a in toc.find_all("a")]
    assert targets == ["#attendance", "#s1", "#s2", "#s3", "#s4", "#s5", "#signatures", "#appeals"]
    for target in targets:
        assert minutes.find_all(id=target[1:]), target


def _is(node, tag):
    return isinstance(node, Element) and node.tag == tag


def test_attendance_is_grouped_as_in_the_real_minutes(minutes):
    assert minutes.find("section", id="attendance").find("h2").text == "Läsnäolijat"
    assert attendance_of(minutes) == [
        (
            "Jäsenet",
            [
                "Seppo Rintamo puheenjohtaja",
                "Päivi Sippula",
                "Riku Pirinen",
                "Aila Eerola",
                "Veli-Matti Hartikainen",
                "Miia Witting",
                "Tiina Mikkonen",
                "Markku Pakkanen",
                "Matti Astola",
                "Kari Huovila",
                "Vappu Kuokka",
            ],
        ),
        (
            "Jäsenkuntien nimeämät edustajat",
            [
                "Sami Virtanen Kotka",
                "Elina Inkeroinen-Lalu Hamina",
                "Toni Vanhala Pyhtää",
                "Anja Kivelä Virolahti",
                "Tarja Alastalo Miehikkälä",
            ],
        ),
        ("VATE", ["Juhani Carlson", "Sanna-Riitta Junnonen"]),
        ("Esittelijä", ["Annikki Niiranen VATE"]),
        ("Pöytäkirjanpitäjä", ["Ari Nevalainen Kymsote"]),
        ("Muut osallistujat", ["Lauri Lehto Kymsote"]),
        ("Kutsutut", ["Ismo Korhonen Kymsote"]),
        (
            "Poissa",
            [
                "Mikko Jaanu Kymsoten hallitus",
                "Jouko Leppänen Kouvola",
                "Paula Werning Kymenlaakson pelastuslaitos",
            ],
        ),
    ]
    chair = minutes.find("section", id="attendance").find("li")
    assert chair.find("span", cls="attendee").text == "Seppo Rintamo"
    assert chair.find("span", cls="attendee-notes").text == "puheenjohtaja"


def test_every_item_with_its_section_number_and_title(minutes):
    headings = {n: item_section(minutes, n).find("h2").text for n in SECTIONS}
    assert headings == {n: f"{n} § {title}" for n, title in SECTIONS.items()}
    assert len(minutes.find_all("section", cls="doc-item")) == 5


def test_the_opening_items_record_their_decisions(minutes):
    first = item_section(minutes, 1).text
    assert "Puheenjohtaja avaa kokouksen ja toteaa läsnä olevat." in first
    assert "Päätös Puheenjohtaja avasi kokouksen ja totesi läsnäolijat" in first
    assert (
        "Päätös Todettiin kokous lailliseksi ja päätösvaltaiseksi" in item_section(minutes, 2).text
    )
    third = item_section(minutes, 3).text
    assert (
        "Esittelijän esitys (Annikki Niiranen) Valitaan pöytäkirjantarkastajiksi Vappu Kuokka ja "
        "Jouko Leppänen." in third
    )
    assert "Päätös Valittiin pöytäkirjan tarkastajiksi Vappu Kuokka ja Sami Virtanen" in third


def test_section_4_has_its_earlier_handling_proposal_speakers_decision_and_attachment(minutes):
    item = item_section(minutes, 4)
    earlier = item.find("ul", cls="earlier-handling")
    assert [li.text for li in earlier.find_all("li")] == [
        "12.1.2022 § 5 Kymenlaakson väliaikainen valmistelutoimielin"
    ]
    assert item.find("div", cls="preparation").text.startswith(
        "VATE:n 12.1.2022 käsittelyn pohjalta on valmistelua jatkettu"
    )
    assert item.find("p", cls="contacts").text == (
        "Lisätietoja: Ismo Korhonen, palveluketjun johtaja, ismo.korhonen@kymsote.fi, "
        "puh. 0404875510"
    )
    assert item.find("div", cls="proposal").text == (
        "Tuodaan tiedoksi valmistelutyön tämän hetken tilanne."
    )
    assert "Esittelijän esitys (Annikki Niiranen)" in item.text
    assert [li.text for li in item.find("ul", cls="attachments").find_all("li")] == [
        "Liite 1: Johtamisrakenteet ja johtamisen välineet; pohjaesitys 270122"
    ]
    assert item.find("p", cls="speakers").text == (
        "Puheenvuoroja käyttivät: Ismo Korhonen, Miia Witting, Markku Pakkanen, "
        "Sanna-Riitta Junnonen, Annikki Niiranen, Riku Pirinen, Juhani Carlson, "
        "Elina Inkeroinen-Lalu, Ari Nevalainen, Annikki Niiranen ja Matti Astola"
    )
    assert item.find("div", cls="decision").text == "Hyväksyttiin."
    assert "Päätös Hyväksyttiin." in item.text
    # The public attachment links to its file on the public page.
    link = item.find("ul", cls="attachments").find("a")
    assert link.attrs["href"].startswith("/media/")


def test_the_handling_at_the_meeting_is_headed_asian_kasittely(minutes):
    """Seed 003 heads the discussion of § 4 "Asian käsittely" (the brief's label too). The
    template's msgid "Handling" is shared with the public case page, whose Finnish is
    "Käsittelyhistoria" (the case's history), so the minutes print that instead."""
    labels = [h3.text for h3 in item_section(minutes, 4).find_all("h3", cls="label")]
    assert "Asian käsittely" in labels
    assert "Käsittelyhistoria" not in labels


def test_the_signatures_name_the_chair_the_secretary_and_the_checkers(minutes):
    signatures = minutes.find("section", id="signatures")
    assert signatures.find("h2").text == "Kokouksen puolesta"
    names = [p.text for p in signatures.find_all("p", cls="signature-name")]
    assert names == [
        "Seppo Rintamo puheenjohtaja",
        "Ari Nevalainen pöytäkirjanpitäjä",
        "Vappu Kuokka pöytäkirjantarkastaja",
        "Sami Virtanen pöytäkirjantarkastaja",
    ]
    assert [h3.text for h3 in signatures.find_all("h3")] == [
        "Pöytäkirjantarkastajat",
        "Julkaiseminen",
    ]
    # The demo records no electronic signatures: the lines stay blank, as in seed 003.
    assert "Allekirjoitettu sähköisesti" not in signatures.text
    assert signatures.find("p", cls="publication").text == (
        "Pöytäkirja on julkaistu yleisessä tietoverkossa 3.2.2022."
    )


def test_a_monitoring_groups_decisions_carry_no_appeal(minutes):
    appeals = minutes.find("section", id="appeals")
    assert appeals.find("h2").text == "Muutoksenhakuohjeet"
    groups = appeals.find_all("section", cls="appeal")
    assert [g.find("h3").text for g in groups] == ["Muutoksenhakukielto"]
    assert groups[0].find("p", cls="appeal-sections").text == "Pykälät: 1–5 §"
    assert "ei saa hakea muutosta oikaisuvaatimuksella eikä valittamalla" in groups[0].text
    assert not appeals.find_all(cls="appeal-period")  # no period without an appeal
    for number in SECTIONS:
        assert item_section(minutes, number).find("p", cls="appeal-ref").text == (
            "Muutoksenhaku: Muutoksenhakukielto"
        )
    for other in ("Oikaisuvaatimusohje", "Valitusosoitus"):
        assert other not in minutes.text


def test_the_full_version_differs_only_by_the_public_version_mark(demo_minutes):
    """Everything in the demo meeting is public: the two versions print the same."""
    public, full = parse_html(demo_minutes.public), parse_html(demo_minutes.full)
    assert "Julkinen versio" in public.text
    assert "Julkinen versio" not in full.text
    assert public.text.replace(" Julkinen versio", "") == full.text


def test_the_demo_councils_agenda_is_public(demo_minutes):
    assert demo_minutes.agenda_status == 200
    agenda = parse_html(demo_minutes.agenda).find("article", cls="document-agenda")
    assert agenda.find("span", cls="doc-title-type").text.startswith("Esityslista ")
    titles = [s.find("h2").text for s in agenda.find_all("section", cls="doc-item")]
    assert any(t.endswith("§ Hallintosäännön hyväksyminen") for t in titles)
    assert any(t.endswith("§ Muut asiat") for t in titles)
    assert "LUONNOS" not in agenda.text
    # An agenda has no attendance, decisions, signatures or appeal instructions.
    for absent in ("Läsnäolijat", "Päätös", "Kokouksen puolesta", "Muutoksenhakuohjeet"):
        assert absent not in agenda.text
