"""Final documents are printed once and kept (DOMAIN.md item 10): the PDF of published minutes
is stored with the SHA-256 of its bytes, served from storage ever after with the hash as its
ETag, shown on the page, and never changed by a later correction, which is listed beside it."""

import datetime as dt
import hashlib
import io
from pathlib import Path
from urllib.parse import unquote

import pypdf
import pytest
from django.urls import reverse

from kokous.documents import render
from kokous.documents.models import StoredDocument
from kokous.documents.render import document_build
from kokous.documents.services import document_is_final, document_store, stored_document_find
from kokous.documents.tests.builders import PUBLISHED_ON, SECRET, small_meeting
from kokous.documents.tests.conftest import html_text, one, parse_html
from kokous.meetings.models import Meeting
from kokous.minutes.services import correction_record, minutes_publish

pytestmark = pytest.mark.django_db


def minutes(small, variant="public"):
    return document_build(
        kind="minutes", variant=variant, language="fi", meeting_pk=small.meeting.pk
    )


@pytest.fixture
def no_printing(monkeypatch):
    """From here on, printing is an error: what is asked for must come from storage."""

    def refuse(**kwargs):
        raise AssertionError("the document was printed again")

    def start():
        monkeypatch.setattr(render, "document_pdf", refuse)

    return start


def test_published_minutes_are_stored_once_with_the_hash_of_their_bytes(
    document_storage, no_printing
):
    small = small_meeting("published")

    stored = document_store(document=minutes(small))

    assert StoredDocument.objects.count() == 1
    assert (stored.meeting_id, stored.item, stored.kind, stored.variant, stored.language) == (
        small.meeting.pk,
        None,
        "minutes",
        "public",
        "fi",
    )
    data = stored.file.open("rb").read()
    stored.file.close()
    assert data.startswith(b"%PDF-")
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.size == len(data)
    assert stored.pages == len(pypdf.PdfReader(io.BytesIO(data)).pages)
    # Kept under the documents storage, by body, year and meeting.
    assert stored.file.name == (f"{small.body.slug}/2025/{small.meeting.pk}/minutes-public-fi.pdf")
    path = Path(stored.file.path)
    assert path.is_relative_to(document_storage) and path.read_bytes() == data

    no_printing()
    again = document_store(document=minutes(small))
    assert (again.pk, again.sha256) == (stored.pk, stored.sha256)
    assert stored_document_find(document=minutes(small)) == stored
    assert StoredDocument.objects.count() == 1
    assert path.read_bytes() == data
    assert sorted(p.name for p in document_storage.rglob("*.pdf")) == ["minutes-public-fi.pdf"]


@pytest.mark.parametrize("stage", ["held", "locked"])
def test_minutes_not_yet_published_are_not_stored(stage, no_printing):
    small = small_meeting(stage)
    no_printing()
    assert not document_is_final(meeting=small.meeting, kind="minutes")
    with pytest.raises(ValueError, match="only the final minutes"):
        document_store(document=minutes(small, "full"))
    assert not StoredDocument.objects.exists()


def test_an_agenda_is_never_stored(no_printing):
    small = small_meeting("published")
    no_printing()
    assert not document_is_final(meeting=small.meeting, kind="agenda")
    agenda = document_build(
        kind="agenda", variant="public", language="fi", meeting_pk=small.meeting.pk
    )
    with pytest.raises(ValueError):
        document_store(document=agenda)
    assert not StoredDocument.objects.exists()


def _get(client, url, **headers):
    response = client.get(url, headers=headers)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content


def test_publishing_stores_the_pdfs_which_are_then_served_unchanged(
    client, django_capture_on_commit_callbacks, no_printing
):
    """Publishing prints the public and the full version once (the task worker; tasks run at
    once in the tests). The public PDF is then served from storage with its SHA-256 as ETag,
    answers 304 to a client that has it, and stays the same after a correction, which the
    pages list instead."""
    small = small_meeting("locked")
    with django_capture_on_commit_callbacks(execute=True):
        minutes_publish(meeting=small.meeting, published_on=PUBLISHED_ON)
    stored = {s.variant: s for s in StoredDocument.objects.all()}
    assert set(stored) == {"public", "full"}
    assert all(s.kind == "minutes" and s.language == "fi" for s in stored.values())
    public = stored["public"]
    no_printing()

    pdf_url = reverse("documents:minutes_pdf", kwargs={"pk": small.meeting.pk})
    response, data = _get(client, pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert data == Path(public.file.path).read_bytes()
    assert hashlib.sha256(data).hexdigest() == public.sha256
    assert response["ETag"] == f'"{public.sha256}"'
    assert "public" in response["Cache-Control"] and "immutable" in response["Cache-Control"]
    assert SECRET.encode() not in data
    disposition = unquote(response["Content-Disposition"])
    assert disposition.startswith("inline;") and "Aluehallitus Pöytäkirja 1-2025.pdf" in disposition

    response, data = _get(client, pdf_url, if_none_match=f'"{public.sha256}"')
    assert response.status_code == 304
    assert data == b""
    response, data = _get(client, pdf_url, if_none_match='"0000"')
    assert response.status_code == 200 and hashlib.sha256(data).hexdigest() == public.sha256

    page_url = reverse("documents:minutes", kwargs={"pk": small.meeting.pk})
    tools = one(parse_html(client.get(page_url).content), ".document-tools")
    assert html_text(one(tools, "span.hash")) == public.sha256
    assert f"PDF-tiedoston SHA-256-tiiviste: {public.sha256}" in html_text(tools)
    assert f"({public.pages} sivua, " in html_text(tools)

    # Corrections after the lock: the record and its PDF stay; the pages list them.
    correction_record(
        meeting=small.meeting,
        item=small.matter,
        reason="Kirjoitusvirhe päätöksessä.",
        text="Päätöksen pykälä on 5 §.",
        corrected_on=dt.date(2025, 12, 10),
    )
    correction_record(
        meeting=small.meeting,
        reason="Kokouspaikka.",
        text="Kokous pidettiin valtuustosalissa.",
        corrected_on=dt.date(2025, 12, 11),
    )
    correction_record(
        meeting=small.meeting,
        item=small.confidential,
        reason=f"Salainen korjaus {SECRET}.",
        text="Salassa pidettävän asian korjaus.",
        corrected_on=dt.date(2025, 12, 12),
    )
    response, data = _get(client, pdf_url)
    assert response["ETag"] == f'"{public.sha256}"'
    assert hashlib.sha256(data).hexdigest() == public.sha256
    assert StoredDocument.objects.get(pk=public.pk).sha256 == public.sha256
    assert document_store(document=minutes(small)).pk == public.pk
    assert StoredDocument.objects.count() == 2

    page = parse_html(client.get(page_url).content)
    corrections = one(page, "section.document-corrections")
    assert html_text(one(corrections, "h2")) == (
        "Pöytäkirjaan tarkastuksen jälkeen tehdyt korjaukset"
    )
    assert [html_text(li) for li in corrections.select("li")] == [
        "10.12.2025, 5 §: Päätöksen pykälä on 5 §. (peruste: Kirjoitusvirhe päätöksessä.)",
        "11.12.2025: Kokous pidettiin valtuustosalissa. (peruste: Kokouspaikka.)",
    ]  # the confidential item's correction is for the body only
    assert SECRET not in html_text(page)
    assert html_text(one(page, "span.hash")) == public.sha256  # the page still vouches for it

    extract_page = client.get(reverse("documents:extract", kwargs={"pk": small.matter.pk}))
    extract = one(parse_html(extract_page.content), "section.document-corrections")
    assert [html_text(li) for li in extract.select("li")] == [
        "10.12.2025, 5 §: Päätöksen pykälä on 5 §. (peruste: Kirjoitusvirhe päätöksessä.)"
    ]

    client.force_login(small.users["member"])
    full = parse_html(
        client.get(reverse("staff:minutes_document", kwargs={"pk": small.meeting.pk})).content
    )
    listed = [html_text(li) for li in one(full, "section.document-corrections").select("li")]
    assert len(listed) == 3 and SECRET in listed[2]
    assert html_text(one(full, "span.hash")) == stored["full"].sha256
    response, data = _get(client, reverse("staff:minutes_pdf", kwargs={"pk": small.meeting.pk}))
    assert hashlib.sha256(data).hexdigest() == stored["full"].sha256
    assert response["Cache-Control"] == "private, no-store"
    assert Meeting.objects.get(pk=small.meeting.pk).status == Meeting.Status.PUBLISHED
