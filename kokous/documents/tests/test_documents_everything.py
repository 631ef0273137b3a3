"""A board's meeting with everything minutes can hold (see `builders.everything_meeting`), in the
full version for the body and in the public version (DOMAIN.md item 7): the public one prints a
confidential item only as its title and legal basis, lists a non-public attachment by title
only and leaves out the reasons given for a disqualification; votes by name are in both.

The meeting is built once for the module; its pages and PDFs are fetched once through the
views, as a resident and as a member of the board."""

import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field

import pypdf
import pytest
from bs4 import Tag
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from kokous.core.deadlines import appeal_period
from kokous.core.timeutil import format_fi_date
from kokous.documents.models import StoredDocument
from kokous.documents.tests import builders
from kokous.documents.tests.builders import (
    ATTACHMENT_BASIS,
    DISQUALIFICATION_REASON,
    LEGAL_BASIS,
    OFFICE_HOURS,
    ONLINE_URL,
    POSTAL_ADDRESS,
    PUBLISHED_ON,
    REGISTRY,
    REGISTRY_EMAIL,
    SECRET,
    SECRET_ATTACHMENT,
    SECRET_DECISION,
    SECRET_PROPOSAL,
)
from kokous.documents.tests.conftest import (
    attendance_of,
    documents_stored_in,
    html_text,
    item_section,
    one,
    parse_html,
    shared_database,
)
from kokous.meetings.models import Attachment

pytestmark = pytest.mark.django_db  # so that the module's shared fixture gets the test database

# What only the full version may hold.
SECRETS = [
    SECRET,
    SECRET_PROPOSAL,
    SECRET_DECISION,
    SECRET_ATTACHMENT,
    DISQUALIFICATION_REASON,
    "Jäävijärvi",  # a word of the reason, in case the PDF breaks the line
    ONLINE_URL,
]
# The § numbers: four opening items, the matters in the order added, "Muut asiat".
MATTER, PROCUREMENT, CONFIDENTIAL, NOTING, OTHER = 5, 6, 7, 8, 9


@dataclass
class Fetched:
    status: int
    headers: dict[str, str]
    content: bytes

    @property
    def html(self) -> Tag:
        return parse_html(self.content)

    @property
    def document(self) -> Tag:
        return one(self.html, "article.document")


@dataclass
class World:
    meeting_pk: int
    item_pks: dict[str, int]
    signed_on: dt.date
    attachments: dict[str, int]  # pk by title
    responses: dict[str, Fetched] = field(default_factory=dict)
    stored: list[dict] = field(default_factory=list)


def _fetch(client: Client, url: str) -> Fetched:
    response = client.get(url)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return Fetched(response.status_code, dict(response.headers), content)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> World:
    media, documents = tmp_path_factory.mktemp("media"), tmp_path_factory.mktemp("documents")
    with (
        shared_database(django_db_blocker),
        override_settings(MEDIA_ROOT=media),
        documents_stored_in(documents),
    ):
        built = builders.everything_meeting()
        world = World(
            meeting_pk=built.meeting.pk,
            item_pks={key: item.pk for key, item in built.items.items()},
            signed_on=timezone.localdate(),
            attachments=dict(
                Attachment.objects.filter(agenda_item__meeting=built.meeting).values_list(
                    "title", "pk"
                )
            ),
        )
        resident, member = Client(), Client()
        member.force_login(built.users["member"])
        meeting = {"pk": built.meeting.pk}
        matter = {"pk": built.items["matter"].pk}
        confidential = {"pk": built.items["confidential"].pk}
        urls = {
            # The PDFs first, so that the pages after them show the stored PDF's hash.
            "public_pdf": (resident, reverse("documents:minutes_pdf", kwargs=meeting)),
            "full_pdf": (member, reverse("staff:minutes_pdf", kwargs=meeting)),
            "public_extract_pdf": (resident, reverse("documents:extract_pdf", kwargs=matter)),
            "public": (resident, reverse("documents:minutes", kwargs=meeting)),
            "full": (member, reverse("staff:minutes_document", kwargs=meeting)),
            "public_extract": (resident, reverse("documents:extract", kwargs=matter)),
            "full_extract_confidential": (
                member,
                reverse("staff:extract_document", kwargs=confidential),
            ),
            "public_extract_confidential": (
                resident,
                reverse("documents:extract", kwargs=confidential),
            ),
            "public_extract_confidential_pdf": (
                resident,
                reverse("documents:extract_pdf", kwargs=confidential),
            ),
        }
        for name, (client, url) in urls.items():
            world.responses[name] = _fetch(client, url)
        world.stored = [
            {
                "kind": s.kind,
                "variant": s.variant,
                "language": s.language,
                "item": s.item.section_number if s.item else None,
                "sha256": s.sha256,
                "size": s.size,
                "pages": s.pages,
                "bytes": s.file.open("rb").read(),
            }
            for s in StoredDocument.objects.filter(meeting_id=built.meeting.pk)
        ]
    return world


@pytest.fixture(scope="module")
def public(world) -> Tag:
    return world.responses["public"].document


@pytest.fixture(scope="module")
def full(world) -> Tag:
    return world.responses["full"].document


def pdf_text(data: bytes) -> str:
    """The text of a PDF, whitespace collapsed (lines broken by the layout joined again)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module")
def public_pdf(world) -> str:
    return pdf_text(world.responses["public_pdf"].content)


@pytest.fixture(scope="module")
def full_pdf(world) -> str:
    return pdf_text(world.responses["full_pdf"].content)


def test_everything_was_served(world):
    for name, response in world.responses.items():
        expected = 404 if name.startswith("public_extract_confidential") else 200
        assert response.status == expected, name
    for name in ("public_pdf", "full_pdf", "public_extract_pdf"):
        assert world.responses[name].headers["Content-Type"] == "application/pdf"
        assert world.responses[name].content.startswith(b"%PDF-")


# The full version ------------------------------------------------------------------------------


def test_the_full_version_holds_everything(world, full):
    page = world.responses["full"].html
    assert "Toimielimen täydellinen versio" in html_text(page)
    assert "Julkinen versio" not in html_text(one(full, "header"))
    text = html_text(full)
    for secret in SECRETS:
        assert secret in text, secret
    confidential = item_section(full, CONFIDENTIAL)
    assert html_text(one(confidential, "div.preparation")) == (
        f"Valmistelussa on selvitetty asia {SECRET}."
    )
    assert f"Päätös {SECRET_DECISION} toiseen yksikköön." in html_text(confidential)
    assert "Muutoksenhaku: Oikaisuvaatimusohje" in html_text(confidential)
    assert not confidential.select(".mention")
    procurement = item_section(full, PROCUREMENT)
    assert html_text(one(procurement, "div.disqualifications")) == (
        "Bertta Björk ilmoitti olevansa esteellinen eikä osallistunut asian käsittelyyn. "
        f"Peruste: {DISQUALIFICATION_REASON}"
    )
    assert f"Etäkokous {ONLINE_URL}" in html_text(one(full, "dl.doc-facts"))


def test_the_full_version_links_every_attachment_in_the_workspace(world, full):
    links = {html_text(a): a["href"] for a in full.select("a") if html_text(a) in world.attachments}
    assert links == {
        title: reverse("staff:attachment", kwargs={"pk": pk})
        for title, pk in world.attachments.items()
    }


def test_the_full_pdf_holds_everything(full_pdf):
    for secret in SECRETS[:-1]:
        assert secret in full_pdf, secret
    assert f"Peruste: {DISQUALIFICATION_REASON}" in full_pdf


# The public version ----------------------------------------------------------------------------


def test_the_public_version_prints_a_confidential_item_as_a_mention(public):
    confidential = item_section(public, CONFIDENTIAL)
    assert html_text(confidential) == (
        f"{CONFIDENTIAL} § Henkilöstöjärjestely yksikössä Salassa pidettävä ({LEGAL_BASIS})."
    )
    assert html_text(one(confidential, "p.mention")) == f"Salassa pidettävä ({LEGAL_BASIS})."
    # The title stays in the contents, with no attachments under it.
    toc = one(public, "nav.doc-toc")
    entry = next(li for li in toc.select("li") if html_text(li).startswith(f"{CONFIDENTIAL} §"))
    assert html_text(entry) == f"{CONFIDENTIAL} § Henkilöstöjärjestely yksikössä"


@pytest.mark.parametrize("name", ["public", "public_extract"])
def test_the_public_pages_hold_no_secret(world, name):
    content = world.responses[name].content.decode()
    for secret in SECRETS:
        assert secret not in content, secret
    assert "Peruste:" not in html_text(content)
    assert "/staff/" not in content  # no link into the workspace


def test_the_public_pdfs_hold_no_secret(world, public_pdf):
    extract = pdf_text(world.responses["public_extract_pdf"].content)
    for text in (public_pdf, extract):
        for secret in SECRETS:
            assert secret not in text, secret
        assert "Peruste:" not in text
    assert f"{CONFIDENTIAL} § Henkilöstöjärjestely yksikössä" in public_pdf
    assert f"Salassa pidettävä ({LEGAL_BASIS})." in public_pdf


def test_the_public_version_names_the_disqualified_but_not_the_reason(public, public_pdf):
    procurement = item_section(public, PROCUREMENT)
    assert html_text(one(procurement, "div.disqualifications")) == (
        "Bertta Björk ilmoitti olevansa esteellinen eikä osallistunut asian käsittelyyn."
    )
    assert (
        "Bertta Björk ilmoitti olevansa esteellinen eikä osallistunut asian käsittelyyn."
        in public_pdf
    )


def test_a_non_public_attachment_is_listed_by_title_only(public, public_pdf):
    attachments = one(item_section(public, MATTER), "ul.attachments")
    lines = attachments.select("li")
    assert [html_text(li) for li in lines] == [
        "Liite 1: Palvelustrategia 2026–2030 luonnos",
        f"Liite 2: Strategian kustannuslaskelma (salassa pidettävä, {ATTACHMENT_BASIS})",
    ]
    assert re.fullmatch(r"/attachments/\d+/", one(lines[0], "a")["href"])  # the public file
    assert not lines[1].select("a")
    assert (
        f"Liite 2: Strategian kustannuslaskelma (salassa pidettävä, {ATTACHMENT_BASIS})"
        in public_pdf
    )


# Both versions ---------------------------------------------------------------------------------


def ballots(document: Tag, section: int) -> dict[str, tuple[str, set[str]]]:
    table = one(item_section(document, section), "table.ballots")
    rows = {}
    for row in one(table, "tbody").select("tr"):
        label = html_text(one(row, "th"))
        count, names = (html_text(cell) for cell in row.select("td"))
        rows[label] = (count, set(names.split(", ")) if names else set())
    return rows


VOTES = {
    "jaa": ("4", {"Paula Puustinen", "Ville Varamies", "Aino Aaltonen", "Bertta Björk"}),
    "ei": ("2", {"Eero Mattila", "Kalle Kivinen"}),
    "tyhjä": ("1", {"Liisa Lehtonen"}),
}


@pytest.mark.parametrize("version", ["public", "full"])
def test_the_handling_of_the_matter_in_both_versions(world, version):
    document = world.responses[version].document
    matter = item_section(document, MATTER)
    assert ballots(document, MATTER) == VOTES
    text = html_text(matter)
    for expected in (
        "Puheenvuoroja käyttivät: Eero Mattila, Kalle Kivinen ja Esa Esikko",
        "Vastaehdotus (Eero Mattila): Palvelustrategia palautetaan valmisteluun maaseudun "
        "palvelujen osalta. Ehdotusta kannatti Kalle Kivinen.",
        "Äänestys 1: jaa = esittelijän esitys, ei = vastaehdotus (Eero Mattila).",
        "Tulos: esittelijän esitys voitti.",
        "Päätös Hyväksyttiin esittelijän esitys äänin 4–2 (1 tyhjä).",
        "Eero Mattila jätti eriävän mielipiteen. Strategiasta puuttuvat maaseudun palvelut.",
        "Muutoksenhaku: Oikaisuvaatimusohje",
    ):
        assert expected in text, expected


@pytest.mark.parametrize("version", ["public_pdf", "full_pdf"])
def test_votes_by_name_are_in_both_pdfs(world, version):
    reader = pypdf.PdfReader(io.BytesIO(world.responses[version].content))
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
    for label, (count, names) in VOTES.items():
        row = next(line for line in lines if line.startswith(f"{label} {count} "))
        assert set(row.removeprefix(f"{label} {count} ").split(", ")) == names, row
    text = pdf_text(world.responses[version].content)
    assert "Eero Mattila jätti eriävän mielipiteen." in text
    assert "Ehdotusta kannatti Kalle Kivinen." in text


@pytest.mark.parametrize("version", ["public", "full"])
def test_attendance_in_roles_with_the_chair_the_deputy_and_the_absent(world, version):
    groups = attendance_of(world.responses[version].document)
    members = dict(groups)["Jäsenet"]
    assert members[:5] == [
        "Paula Puustinen puheenjohtaja",
        "Aino Aaltonen",
        "Bertta Björk",
        "Eero Mattila",
        "Kalle Kivinen",
    ]
    assert members[5].startswith("Liisa Lehtonen läsnä ") and members[5].endswith("6 §")
    assert groups[1:] == [
        ("Varajäsenet", ["Ville Varamies jäsenen Olli Ollikainen varajäsen"]),
        ("Esittelijä", ["Esa Esikko"]),
        ("Pöytäkirjanpitäjä", ["Sanna Sihvonen"]),
        ("Poissa", ["Olli Ollikainen"]),
    ]


def test_a_member_who_left_is_present_from_the_first_section_to_the_last_attended(public):
    """DOMAIN.md item 5: who was present from which item to which. Liisa Lehtonen was there
    from the opening and left after § 6; the range has no blank end ("läsnä –6 §")."""
    members = dict(attendance_of(public))["Jäsenet"]
    assert members[5] == "Liisa Lehtonen läsnä 1–6 §"


@pytest.mark.parametrize("version", ["public", "full"])
def test_the_checkers_approval_is_dated(world, version):
    signatures = one(world.responses[version].document, "section#signatures")
    signed = f"Allekirjoitettu sähköisesti {format_fi_date(world.signed_on)}"
    lines = [
        " ".join(html_text(p) for p in block.select("p"))
        for block in signatures.select("div.signature")
    ]
    assert lines == [
        f"{signed} Paula Puustinen puheenjohtaja",
        f"{signed} Sanna Sihvonen pöytäkirjanpitäjä",
        f"{signed} Aino Aaltonen pöytäkirjantarkastaja",
        f"{signed} Bertta Björk pöytäkirjantarkastaja",
    ]
    assert "Pöytäkirja on julkaistu yleisessä tietoverkossa 3.12.2025." in html_text(signatures)


def appeal_groups(document: Tag) -> dict[str, Tag]:
    appeals = one(document, "section#appeals")
    return {html_text(one(group, "h3")): group for group in appeals.select("section.appeal")}


def period_text(days: int) -> str:
    period = appeal_period(published=PUBLISHED_ON, days=days)
    return (
        f"Julkaistu yleisessä tietoverkossa {format_fi_date(period.published)}; "
        f"tiedoksisaanti {format_fi_date(period.notified)}; "
        f"määräaika päättyy {format_fi_date(period.appeal_ends)}."
    )


@pytest.mark.parametrize("version", ["public", "full"])
def test_rectification_instructions_with_the_registry_and_the_period(world, version):
    groups = appeal_groups(world.responses[version].document)
    assert list(groups) == ["Muutoksenhakukielto", "Oikaisuvaatimusohje"]
    prohibition = groups["Muutoksenhakukielto"]
    assert html_text(one(prohibition, ".appeal-sections")) == "Pykälät: 1–4, 8–9 §"
    assert not prohibition.select(".appeal-period")
    rectification = groups["Oikaisuvaatimusohje"]
    assert html_text(one(rectification, ".appeal-sections")) == "Pykälät: 5–7 §"
    text = html_text(rectification)
    assert "Oikaisuvaatimus on tehtävä 14 päivän kuluessa päätöksen tiedoksisaannista." in text
    assert (
        f"Oikaisuvaatimus toimitetaan osoitteeseen: {REGISTRY}, {POSTAL_ADDRESS}, "
        f"sähköposti {REGISTRY_EMAIL}. Kirjaamon aukioloaika: {OFFICE_HOURS}."
    ) in text
    assert "Viranomainen, jolle oikaisuvaatimus tehdään: Aluehallitus." in text
    assert html_text(one(rectification, "p.appeal-period")) == period_text(14)
    # Published Wednesday 3.12.2025: notified 10.12., the 14 days end on Christmas Eve, which
    # with Christmas and a weekend moves to Monday 29.12.
    assert period_text(14).endswith("tiedoksisaanti 10.12.2025; määräaika päättyy 29.12.2025.")
    for heading in rectification.select("h4.appeal-heading"):
        assert html_text(heading) in {
            "Oikaisuvaatimusoikeus",
            "Oikaisuvaatimusaika",
            "Oikaisuvaatimusviranomainen",
            "Oikaisuvaatimuksen sisältö",
            "Pöytäkirja",
        }


def test_the_public_pdf_carries_the_rectification_instructions(public_pdf):
    assert "Oikaisuvaatimusohje" in public_pdf
    assert "14 päivän kuluessa" in public_pdf
    assert f"{REGISTRY}, {POSTAL_ADDRESS}" in public_pdf
    assert period_text(14) in public_pdf


# The extract -----------------------------------------------------------------------------------


def test_the_public_extract_is_the_one_item_certified_with_its_instructions(world):
    extract = world.responses["public_extract"].document
    assert "document-extract" in extract.get("class", [])
    title = html_text(one(extract, "span.doc-title-type"))
    assert title == f"Pöytäkirjanote 1/2025, {MATTER} §"
    assert [s["id"] for s in extract.select("section.doc-item")] == [f"s{MATTER}"]
    assert ballots(extract, MATTER) == VOTES
    assert not extract.select("nav")  # no contents
    assert not extract.select("section#attendance")
    certification = html_text(one(extract, "section.doc-certification"))
    assert certification.startswith("Oikeaksi todistaminen Pöytäkirjanotteen oikeaksi todistaa")
    assert "Sanna Sihvonen pöytäkirjanpitäjä" in certification
    assert "Pöytäkirja on julkaistu yleisessä tietoverkossa 3.12.2025." in certification
    groups = appeal_groups(extract)
    assert list(groups) == ["Oikaisuvaatimusohje"]  # only the item's own instructions
    assert html_text(one(groups["Oikaisuvaatimusohje"], "p.appeal-period")) == period_text(14)
    for other in ("Siivouspalvelujen hankinta", "Talousarvion toteutuma", "Muutoksenhakukielto"):
        assert other not in html_text(extract)


def test_the_extract_pdf(world):
    text = pdf_text(world.responses["public_extract_pdf"].content)
    assert f"Pöytäkirjanote 1/2025, {MATTER} §" in text
    assert "Pöytäkirjanotteen oikeaksi todistaa" in text
    assert "Oikaisuvaatimusohje" in text and period_text(14) in text
    assert "Siivouspalvelujen hankinta" not in text


def test_the_full_extract_of_the_confidential_item_is_for_the_body_only(world):
    full = world.responses["full_extract_confidential"].document
    assert SECRET in html_text(full) and SECRET_DECISION in html_text(full)
    assert world.responses["public_extract_confidential"].status == 404
    assert world.responses["public_extract_confidential_pdf"].status == 404
    for name in ("public_extract_confidential", "public_extract_confidential_pdf"):
        assert SECRET.encode() not in world.responses[name].content


# What was stored -------------------------------------------------------------------------------


def test_the_served_pdfs_are_the_stored_ones(world):
    stored = {(s["kind"], s["variant"], s["item"]): s for s in world.stored}
    assert set(stored) == {
        ("minutes", "public", None),
        ("minutes", "full", None),
        ("extract", "public", MATTER),
    }
    for name, key in (
        ("public_pdf", ("minutes", "public", None)),
        ("full_pdf", ("minutes", "full", None)),
        ("public_extract_pdf", ("extract", "public", MATTER)),
    ):
        response, row = world.responses[name], stored[key]
        assert response.content == row["bytes"], name
        assert row["sha256"] == hashlib.sha256(response.content).hexdigest()
        assert row["size"] == len(response.content)
        assert row["pages"] == len(pypdf.PdfReader(io.BytesIO(response.content)).pages)
        assert response.headers["ETag"] == f'"{row["sha256"]}"'
        assert row["language"] == "fi"
    assert world.responses["full_pdf"].headers["Cache-Control"] == "private, no-store"
    assert "public" in world.responses["public_pdf"].headers["Cache-Control"]
    # The pages show the hash of the PDF they offer.
    public_sha = stored[("minutes", "public", None)]["sha256"]
    full_sha = stored[("minutes", "full", None)]["sha256"]
    assert html_text(one(world.responses["public"].html, "span.hash")) == public_sha
    assert html_text(one(world.responses["full"].html, "span.hash")) == full_sha
    assert public_sha != full_sha
