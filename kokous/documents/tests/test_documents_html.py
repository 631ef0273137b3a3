"""The minutes of the demo meeting, VATE:n poliittinen seurantaryhmä 27.1.2022 (seed 003), as
HTML: every element DOMAIN.md item 5 lists, in the layout of the real minutes.

The demo is loaded once for the module and the documents rendered once; the tests read them."""

import re
from dataclasses import dataclass

import pytest
from bs4 import Tag
from django.test import Client
from django.urls import reverse

from kokous.documents.render import document_build, document_html
from kokous.documents.tests.conftest import (
    attendance_of,
    html_text,
    item_section,
    one,
    parse_html,
    seed_003_shared,
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
    with seed_003_shared(django_db_blocker, tmp_path_factory) as meeting:
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
def minutes(demo_minutes) -> Tag:
    """The public version, as the public page prints it."""
    return one(parse_html(demo_minutes.page), "article.document")


def test_the_public_page_answers_with_the_public_version(demo_minutes, minutes):
    assert demo_minutes.page_status == 200
    # Final minutes: a shared cache may keep them for five minutes (kokous.core.caching).
    assert demo_minutes.page_headers["Cache-Control"] == "public, max-age=300"
    assert "document-minutes" in minutes.get("class", [])
    assert minutes["lang"] == "fi"
    page = parse_html(demo_minutes.page)
    tools = one(page, ".document-tools")
    assert one(tools, "a")["href"] == f"/meetings/{demo_minutes.meeting_pk}/minutes.pdf"
    assert html_text(one(tools, "a")) == "Pöytäkirja PDF-tiedostona"
    assert "SHA-256" not in html_text(tools)  # no PDF stored yet, so no hash yet


def test_a_finnish_only_document_offers_no_other_language(demo_minutes):
    """The organisation is not bilingual: the page offers no choice of the document's language.
    (The view's context variable `languages` is overwritten by base.html's language menu,
    `{% get_language_info_list for LANGUAGES as languages %}`, before the content block is
    rendered, so the page lists Django's UI languages as dicts instead.)"""
    tools = one(parse_html(demo_minutes.page), ".document-tools")
    assert "Asiakirjan kieli" not in html_text(tools)
    assert not [a for a in tools.select("a") if "?lang=" in a.get("href", "")]


def test_the_header_names_the_body_the_time_and_the_place(minutes):
    header = one(minutes, "header.doc-header")
    assert html_text(one(header, "h1")).startswith("VATE:n poliittinen seurantaryhmä")
    assert html_text(one(header, "span.doc-title-type")) == "Pöytäkirja 1/2022"
    facts = one(header, "dl.doc-facts")
    pairs = dict(
        zip(
            [html_text(dt) for dt in facts.select("dt")],
            [html_text(dd) for dd in facts.select("dd")],
            strict=True,
        )
    )
    assert pairs == {
        "Kokouksen aika": "27.1.2022 klo 12.00–13.08",
        "Kokouksen paikka": "Teams",
    }
    # The running header of the PDF pages: organisation, body, document, date.
    running = [html_text(p) for p in header.select("p.doc-running")]
    assert running == [
        "Kymenlaakson hyvinvointialue",
        "VATE:n poliittinen seurantaryhmä",
        "Pöytäkirja 1/2022",
        "27.1.2022",
    ]
    assert html_text(one(header, "p.doc-version")) == "Julkinen versio"
    assert not header.select(".doc-draft")


def test_the_contents_list_attendance_items_attachment_signatures_and_appeals(minutes):
    toc = one(minutes, "nav.doc-toc")
    assert html_text(one(toc, "h2")) == "Asialuettelo"
    entries = [html_text(li) for li in one(toc, "ol.toc-list").find_all("li", recursive=False)]
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
    targets = [a["href"] for a in toc.select("a")]
    assert targets == ["#attendance", "#s1", "#s2", "#s3", "#s4", "#s5", "#signatures", "#appeals"]
    for target in targets:
        assert minutes.find_all(id=target[1:]), target


def test_attendance_is_grouped_as_in_the_real_minutes(minutes):
    assert html_text(one(one(minutes, "section#attendance"), "h2")) == "Läsnäolijat"
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
    chair = one(one(minutes, "section#attendance"), "li")
    assert html_text(one(chair, "span.attendee")) == "Seppo Rintamo"
    assert html_text(one(chair, "span.attendee-notes")) == "puheenjohtaja"


def test_every_item_with_its_section_number_and_title(minutes):
    headings = {n: html_text(one(item_section(minutes, n), "h2")) for n in SECTIONS}
    assert headings == {n: f"{n} § {title}" for n, title in SECTIONS.items()}
    assert len(minutes.select("section.doc-item")) == 5


def test_the_opening_items_record_their_decisions(minutes):
    first = html_text(item_section(minutes, 1))
    assert "Puheenjohtaja avaa kokouksen ja toteaa läsnä olevat." in first
    assert "Päätös Puheenjohtaja avasi kokouksen ja totesi läsnäolijat" in first
    assert "Päätös Todettiin kokous lailliseksi ja päätösvaltaiseksi" in html_text(
        item_section(minutes, 2)
    )
    third = html_text(item_section(minutes, 3))
    assert (
        "Esittelijän esitys (Annikki Niiranen) Valitaan pöytäkirjantarkastajiksi Vappu Kuokka ja "
        "Jouko Leppänen." in third
    )
    assert "Päätös Valittiin pöytäkirjan tarkastajiksi Vappu Kuokka ja Sami Virtanen" in third


def test_section_4_has_its_earlier_handling_proposal_speakers_decision_and_attachment(minutes):
    item = item_section(minutes, 4)
    earlier = one(item, "ul.earlier-handling")
    assert [html_text(li) for li in earlier.select("li")] == [
        "12.1.2022 § 5 Kymenlaakson väliaikainen valmistelutoimielin"
    ]
    assert html_text(one(item, "div.preparation")).startswith(
        "VATE:n 12.1.2022 käsittelyn pohjalta on valmistelua jatkettu"
    )
    assert html_text(one(item, "p.contacts")) == (
        "Lisätietoja: Ismo Korhonen, palveluketjun johtaja, ismo.korhonen@kymsote.fi, "
        "puh. 0404875510"
    )
    assert html_text(one(item, "div.proposal")) == (
        "Tuodaan tiedoksi valmistelutyön tämän hetken tilanne."
    )
    assert "Esittelijän esitys (Annikki Niiranen)" in html_text(item)
    assert [html_text(li) for li in one(item, "ul.attachments").select("li")] == [
        "Liite 1: Johtamisrakenteet ja johtamisen välineet; pohjaesitys 270122"
    ]
    assert html_text(one(item, "p.speakers")) == (
        "Puheenvuoroja käyttivät: Ismo Korhonen, Miia Witting, Markku Pakkanen, "
        "Sanna-Riitta Junnonen, Annikki Niiranen, Riku Pirinen, Juhani Carlson, "
        "Elina Inkeroinen-Lalu, Ari Nevalainen, Annikki Niiranen ja Matti Astola"
    )
    assert html_text(one(item, "div.decision")) == "Hyväksyttiin."
    assert "Päätös Hyväksyttiin." in html_text(item)
    # The public attachment links to its file on the public page.
    link = one(one(item, "ul.attachments"), "a")
    assert re.fullmatch(r"/attachments/\d+/", link["href"])  # through the publication rule


def test_the_handling_at_the_meeting_is_headed_asian_kasittely(minutes):
    """Seed 003 heads the discussion of § 4 "Asian käsittely" (the brief's label too). The
    template's msgid "Handling" is shared with the public case page, whose Finnish is
    "Käsittelyhistoria" (the case's history), so the minutes print that instead."""
    labels = [html_text(h3) for h3 in item_section(minutes, 4).select("h3.label")]
    assert "Asian käsittely" in labels
    assert "Käsittelyhistoria" not in labels


def test_the_signatures_name_the_chair_the_secretary_and_the_checkers(minutes):
    signatures = one(minutes, "section#signatures")
    assert html_text(one(signatures, "h2")) == "Kokouksen puolesta"
    names = [html_text(p) for p in signatures.select("p.signature-name")]
    assert names == [
        "Seppo Rintamo puheenjohtaja",
        "Ari Nevalainen pöytäkirjanpitäjä",
        "Vappu Kuokka pöytäkirjantarkastaja",
        "Sami Virtanen pöytäkirjantarkastaja",
    ]
    assert [html_text(h3) for h3 in signatures.select("h3")] == [
        "Pöytäkirjantarkastajat",
        "Julkaiseminen",
    ]
    # The demo records no electronic signatures: the lines stay blank, as in seed 003.
    assert "Allekirjoitettu sähköisesti" not in html_text(signatures)
    assert html_text(one(signatures, "p.publication")) == (
        "Pöytäkirja on julkaistu yleisessä tietoverkossa 3.2.2022."
    )


def test_a_monitoring_groups_decisions_carry_no_appeal(minutes):
    appeals = one(minutes, "section#appeals")
    assert html_text(one(appeals, "h2")) == "Muutoksenhakuohjeet"
    groups = appeals.select("section.appeal")
    assert [html_text(one(g, "h3")) for g in groups] == ["Muutoksenhakukielto"]
    assert html_text(one(groups[0], "p.appeal-sections")) == "Pykälät: 1–5 §"
    assert "ei saa hakea muutosta oikaisuvaatimuksella eikä valittamalla" in html_text(groups[0])
    assert not appeals.select(".appeal-period")  # no period without an appeal
    for number in SECTIONS:
        assert html_text(one(item_section(minutes, number), "p.appeal-ref")) == (
            "Muutoksenhaku: Muutoksenhakukielto"
        )
    for other in ("Oikaisuvaatimusohje", "Valitusosoitus"):
        assert other not in html_text(minutes)


def test_the_full_version_differs_only_by_the_public_version_mark(demo_minutes):
    """Everything in the demo meeting is public: the two versions print the same."""
    public, full = html_text(demo_minutes.public), html_text(demo_minutes.full)
    assert "Julkinen versio" in public
    assert "Julkinen versio" not in full
    assert public.replace(" Julkinen versio", "") == full


def test_the_demo_councils_agenda_is_public(demo_minutes):
    assert demo_minutes.agenda_status == 200
    agenda = one(parse_html(demo_minutes.agenda), "article.document-agenda")
    assert html_text(one(agenda, "span.doc-title-type")).startswith("Esityslista ")
    titles = [html_text(one(s, "h2")) for s in agenda.select("section.doc-item")]
    assert any(t.endswith("§ Hallintosäännön hyväksyminen") for t in titles)
    assert any(t.endswith("§ Muut asiat") for t in titles)
    assert "LUONNOS" not in html_text(agenda)
    # An agenda has no attendance, decisions, signatures or appeal instructions.
    for absent in ("Läsnäolijat", "Päätös", "Kokouksen puolesta", "Muutoksenhakuohjeet"):
        assert absent not in html_text(agenda)
