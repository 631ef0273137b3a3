"""The document pages and PDFs: when each exists (the public agenda once the invitation is sent,
the public minutes once published, extracts once the minutes are locked, drafts marked as such
for the body), in which languages, and who may read the full versions (the access rule)."""

import io
from urllib.parse import unquote

import pypdf
import pytest
from django.urls import reverse

from kokous.documents.models import StoredDocument
from kokous.documents.tests.builders import (
    AFTER_DECISION_TEXT,
    PUBLISHED_ON,
    SECRET,
    small_meeting,
)
from kokous.documents.tests.conftest import html_text, item_section, one, parse_html
from kokous.invitations.services import invitation_send
from kokous.minutes.services import minutes_publish

pytestmark = pytest.mark.django_db

STAFF_NAMES = [
    "agenda_document",
    "agenda_pdf",
    "minutes_document",
    "minutes_pdf",
    "extract_document",
    "extract_pdf",
]


def url(name: str, pk: int, lang: str | None = None) -> str:
    return reverse(name, kwargs={"pk": pk}) + (f"?lang={lang}" if lang else "")


def meeting_urls(small, lang=None, *, public=True):
    """The page and PDF of the agenda and the minutes, public or full."""
    space = "documents" if public else "staff"
    suffix = "" if public else "_document"
    return [
        url(f"{space}:{kind}{suffix}", small.meeting.pk, lang) for kind in ("agenda", "minutes")
    ] + [url(f"{space}:{kind}_pdf", small.meeting.pk, lang) for kind in ("agenda", "minutes")]


def document_of(response):
    assert response.status_code == 200, response.status_code
    return one(parse_html(response.content), "article.document")


def pdf_lines(response) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]


# When each document exists -------------------------------------------------------------------


def test_the_public_agenda_waits_for_the_invitation(client):
    small = small_meeting("planned")
    for name in ("documents:agenda", "documents:agenda_pdf"):
        assert client.get(url(name, small.meeting.pk)).status_code == 404, name

    client.force_login(small.users["member"])
    draft = document_of(client.get(url("staff:agenda_document", small.meeting.pk)))
    assert "document-draft" in draft.get("class", [])
    assert html_text(one(draft, "p.doc-type")) == "Esityslista 1/2025 – LUONNOS"
    assert html_text(one(draft, "p.doc-draft")) == "Luonnos: kokouskutsua ei ole lähetetty."
    assert SECRET in html_text(draft)  # the full version

    invitation_send(meeting=small.meeting)
    client.logout()
    agenda = document_of(client.get(url("documents:agenda", small.meeting.pk)))
    text = html_text(agenda)
    assert "LUONNOS" not in text and "document-draft" not in agenda.get("class", [])
    # An agenda gives the start: the end is known once the meeting has been held.
    assert "Kokouksen aika 25.11.2025 klo 17.00 Kokouksen paikka Valtuustosali" in text
    assert "Julkinen versio" in text
    assert SECRET not in text
    assert "6 § Henkilöstöasia Salassa pidettävä (JulkL 24 § 1 mom. 25 k.)." in text
    client.force_login(small.users["member"])
    full = document_of(client.get(url("staff:agenda_document", small.meeting.pk)))
    assert "LUONNOS" not in html_text(full) and SECRET in html_text(full)


def test_the_draft_agenda_pdf_is_marked_on_every_page_and_never_stored(client):
    small = small_meeting("planned")
    client.force_login(small.users["member"])

    response = client.get(url("staff:agenda_pdf", small.meeting.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    for page in reader.pages:
        assert "Esityslista 1/2025 – LUONNOS" in page.extract_text()
    assert any(SECRET in line for line in pdf_lines(response))
    assert not StoredDocument.objects.exists()


@pytest.mark.parametrize("stage", ["sent", "held", "locked"])
def test_the_public_minutes_wait_for_publication(client, stage):
    small = small_meeting(stage)
    for name in ("documents:minutes", "documents:minutes_pdf"):
        assert client.get(url(name, small.meeting.pk)).status_code == 404, name
    assert client.get(url("documents:agenda", small.meeting.pk)).status_code == 200


def test_an_item_public_after_the_decision_is_a_mention_until_the_minutes_are_out(client):
    small = small_meeting("locked")
    agenda = document_of(client.get(url("documents:agenda", small.meeting.pk)))
    assert html_text(item_section(agenda, 7)) == "7 § Tilakauppa Julkinen päätöksen jälkeen."
    assert AFTER_DECISION_TEXT not in html_text(agenda)

    minutes_publish(meeting=small.meeting, published_on=PUBLISHED_ON)

    minutes = document_of(client.get(url("documents:minutes", small.meeting.pk)))
    section = html_text(item_section(minutes, 7))
    assert AFTER_DECISION_TEXT in section and "Päätös Päätös 7 §." in section
    agenda = document_of(client.get(url("documents:agenda", small.meeting.pk)))
    assert AFTER_DECISION_TEXT in html_text(item_section(agenda, 7))
    assert "Salassa pidettävä" in html_text(item_section(minutes, 6))  # confidential for good


def test_published_minutes_are_public(client):
    small = small_meeting("published")
    minutes = document_of(client.get(url("documents:minutes", small.meeting.pk)))
    assert html_text(one(minutes, "p.doc-type")) == "Pöytäkirja 1/2025"
    assert "LUONNOS" not in html_text(minutes)
    assert SECRET not in html_text(minutes)


def test_the_full_minutes_of_a_held_meeting_are_a_draft_for_the_body(client):
    client.force_login((small := small_meeting("held")).users["member"])
    draft = document_of(client.get(url("staff:minutes_document", small.meeting.pk)))
    assert html_text(one(draft, "p.doc-type")) == "Pöytäkirja 1/2025 – LUONNOS"
    assert html_text(one(draft, "p.doc-draft")) == "Luonnos: pöytäkirjaa ei ole tarkastettu."
    assert SECRET in html_text(draft)
    assert "Julkinen versio" not in html_text(draft)

    locked = small_meeting("locked")
    client.force_login(locked.users["member"])
    checked = document_of(client.get(url("staff:minutes_document", locked.meeting.pk)))
    assert "LUONNOS" not in html_text(checked) and not checked.select(".doc-draft")


def test_there_are_no_minutes_before_the_meeting_is_held(client):
    small = small_meeting("sent")
    client.force_login(small.users["member"])
    for name in ("staff:minutes_document", "staff:minutes_pdf"):
        assert client.get(url(name, small.meeting.pk)).status_code == 404, name


@pytest.mark.parametrize(
    ("stage", "public", "full"),
    [("held", 404, 404), ("locked", 404, 200), ("published", 200, 200)],
)
def test_an_extract_needs_locked_minutes_and_is_public_once_published(client, stage, public, full):
    small = small_meeting(stage)
    pk = small.matter.pk
    assert client.get(url("documents:extract", pk)).status_code == public
    if public == 404:
        assert client.get(url("documents:extract_pdf", pk)).status_code == 404
    client.force_login(small.users["member"])
    response = client.get(url("staff:extract_document", pk))
    assert response.status_code == full
    if full == 404:
        assert client.get(url("staff:extract_pdf", pk)).status_code == 404
    else:
        extract = document_of(response)
        assert html_text(one(extract, "span.doc-title-type")) == "Pöytäkirjanote 1/2025, 5 §"


def test_the_public_extract_of_a_confidential_item_does_not_exist(client):
    small = small_meeting("published")
    pk = small.confidential.pk
    for name in ("documents:extract", "documents:extract_pdf"):
        response = client.get(url(name, pk))
        assert response.status_code == 404, name
        assert SECRET.encode() not in response.content
    client.force_login(small.users["member"])
    full = document_of(client.get(url("staff:extract_document", pk)))
    assert SECRET in html_text(full)


# Languages -----------------------------------------------------------------------------------


def test_a_printed_pdf_is_named_in_the_documents_language(client):
    """A Swedish agenda downloaded by someone whose pages are in Finnish is still named in
    Swedish, as the stored PDFs are (`views._stored_filename`)."""
    small = small_meeting("planned", bilingual=True)
    client.force_login(small.users["member"])

    response = client.get(
        url("staff:agenda_pdf", small.meeting.pk, "sv"), headers={"accept-language": "fi"}
    )

    assert response.status_code == 200
    assert "Föredragningslista 1/2025 – UTKAST" in pdf_lines(response)
    disposition = unquote(response["Content-Disposition"])
    assert disposition.startswith("inline;")
    assert "Områdesstyrelsen Föredragningslista 1-2025.pdf" in disposition, disposition


def test_swedish_is_not_offered_by_an_organisation_that_is_not_bilingual(client):
    small = small_meeting("published")
    public = [*meeting_urls(small, "sv"), url("documents:extract", small.matter.pk, "sv")]
    for address in public:
        assert client.get(address).status_code == 404, address
    client.force_login(small.users["member"])
    for address in meeting_urls(small, "sv", public=False):
        assert client.get(address).status_code == 404, address


@pytest.mark.parametrize("lang", ["xx", "en", "FI", ""])
def test_an_unknown_language_is_not_found(client, lang):
    small = small_meeting("published", bilingual=True)
    address = reverse("documents:minutes", kwargs={"pk": small.meeting.pk}) + f"?lang={lang}"
    assert client.get(address).status_code == 404
    client.force_login(small.users["member"])
    address = reverse("staff:minutes_document", kwargs={"pk": small.meeting.pk}) + f"?lang={lang}"
    assert client.get(address).status_code == 404


def test_a_bilingual_organisation_has_its_documents_in_swedish(client):
    small = small_meeting("published", bilingual=True)

    response = client.get(url("documents:minutes", small.meeting.pk, "sv"))

    minutes = document_of(response)
    assert minutes["lang"] == "sv"
    running = [html_text(p) for p in minutes.select("p.doc-running")]
    assert running == [
        "Småområdets välfärdsområde",
        "Områdesstyrelsen",
        "Protokoll 1/2025",
        "25.11.2025",
    ]
    text = html_text(minutes)
    for label in (
        "Offentlig version",
        "Ärendeförteckning",
        "Närvarande",
        "Ledamöter",
        "Föredragande",
        "Protokollförare",
        "För mötet",
        "Protokolljusterare",
        "Protokollet har publicerats i det allmänna datanätet 3.12.2025.",
        "Anvisningar om ändringssökande",
        "Anvisning om begäran om omprövning",
        "Omprövning ska begäras inom 14 dagar",
        "Besvärsförbud",
        "Sekretessbelagt (JulkL 24 § 1 mom. 25 k.).",
        "Mötets tid 25.11.2025 kl. 17.00–18.42",
    ):
        assert label in text, label
    # The labels are Swedish (the record's own texts, such as the items' titles, stay as
    # written).
    for finnish in (
        "Pöytäkirja 1/2025",
        "Läsnäolijat",
        "Esittelijän esitys",
        "Kokouksen puolesta",
        "Oikaisuvaatimusohje",
    ):
        assert finnish not in text, finnish
    # The page offers the other language.
    tools = one(parse_html(response.content), ".document-tools")
    links = {html_text(a): a["href"] for a in tools.select("a") if a.has_attr("lang")}
    assert links == {"FI": f"/meetings/{small.meeting.pk}/minutes/?lang=fi"}
    assert html_text(one(tools, "strong")) == "SV"
    assert one(tools, "a")["href"] == f"/meetings/{small.meeting.pk}/minutes.pdf?lang=sv"

    agenda = document_of(client.get(url("documents:agenda", small.meeting.pk, "sv")))
    assert html_text(one(agenda, "p.doc-type")) == "Föredragningslista 1/2025"
    extract = document_of(client.get(url("documents:extract", small.matter.pk, "sv")))
    assert html_text(one(extract, "span.doc-title-type")) == "Protokollsutdrag 1/2025, 5 §"
    assert "Protokollsutdragets riktighet bestyrks" in html_text(extract)

    # Without ?lang the document is Finnish, and the page offers Swedish.
    response = client.get(url("documents:minutes", small.meeting.pk))
    assert document_of(response)["lang"] == "fi"
    tools = one(parse_html(response.content), ".document-tools")
    links = {html_text(a): a["href"] for a in tools.select("a") if a.has_attr("lang")}
    assert links == {"SV": f"/meetings/{small.meeting.pk}/minutes/?lang=sv"}


# Who may read the full versions ----------------------------------------------------------------


def staff_url(name: str, small) -> str:
    pk = small.confidential.pk if name.startswith("extract") else small.meeting.pk
    return url(f"staff:{name}", pk)


def test_the_full_versions_need_signing_in(client):
    small = small_meeting("locked")
    for name in STAFF_NAMES:
        address = staff_url(name, small)
        response = client.get(address)
        assert response.status_code == 302, name
        assert response["Location"] == f"/accounts/login/?next={address}", name


@pytest.mark.parametrize("who", ["nobody", "expert", "other_member"])
def test_the_full_versions_are_refused_to_those_without_a_reading_role(client, who):
    """Someone without a role in the body, an expert of the body (who reads only what is
    public) and a member of another body of the same organisation: 403, never the content."""
    small = small_meeting("locked")
    client.force_login(small.users[who])
    for name in STAFF_NAMES:
        response = client.get(staff_url(name, small))
        assert response.status_code == 403, name
        assert SECRET.encode() not in response.content, name
    assert not StoredDocument.objects.exists()


def test_a_member_reads_the_full_versions(client):
    small = small_meeting("locked")
    client.force_login(small.users["member"])
    for name in ("agenda_document", "minutes_document", "extract_document"):
        response = client.get(staff_url(name, small))
        assert response.status_code == 200, name
        assert response["Cache-Control"] == "private, no-store", name
        assert SECRET in html_text(document_of(response)), name
        assert "Toimielimen täydellinen versio" in html_text(response.content), name


def test_a_member_gets_the_full_pdfs_of_checked_minutes_printed_afresh(client):
    small = small_meeting("locked")
    client.force_login(small.users["member"])
    for name in ("minutes_pdf", "extract_pdf"):
        response = client.get(staff_url(name, small))
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert any(SECRET in line for line in pdf_lines(response)), name
    # Not published yet: not final, so nothing is stored.
    assert not StoredDocument.objects.exists()
