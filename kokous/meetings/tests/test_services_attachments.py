"""Attachments of agenda items (`attachment_add`, `attachment_remove`): numbered Liite 1, 2 ...
within the item, the type checked from the content, stored under a name made from the title,
and, after the invitation, recorded for the supplementary agenda."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from kokous.core.tests.samplefiles import (
    EXE_BYTES,
    HTML_BYTES,
    docx_bytes,
    pdf_bytes,
    png_bytes,
)
from kokous.core.timeutil import helsinki_datetime
from kokous.meetings.models import AgendaChange, Attachment, Meeting, Publicity
from kokous.meetings.services import (
    agenda_item_add,
    agenda_item_remove,
    attachment_add,
    attachment_remove,
    meeting_create,
    meeting_update,
)
from kokous.organisations.tests.factories import BodyFactory, UserFactory

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def meeting():
    body = BodyFactory(name_fi="Aluehallitus", slug="aluehallitus")
    return meeting_create(body=body, start=helsinki_datetime(2022, 2, 14, 17))


@pytest.fixture
def item(meeting):
    return agenda_item_add(meeting=meeting, title="Talousarvio 2023")


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored_files(media: Path) -> list[Path]:
    return sorted(path for path in media.rglob("*") if path.is_file())


def status_set(meeting, status):
    meeting = Meeting.objects.get(pk=meeting.pk)
    return meeting_update(
        meeting=meeting,
        start=meeting.start,
        end=meeting.end,
        place=meeting.place,
        online_url=meeting.online_url,
        status=status,
    )


def changes(meeting):
    return list(AgendaChange.objects.filter(meeting=meeting).order_by("pk"))


# Adding -------------------------------------------------------------------------------------


def test_attachments_are_numbered_and_stored_under_their_title(media, meeting, item):
    pdf, png, docx = pdf_bytes(), png_bytes(), docx_bytes()

    first = attachment_add(item=item, file=upload("scan_0001.PDF", pdf), title="Talousarvio")
    second = attachment_add(item=item, file=upload("IMG_2231.png", png), title="Kartta: alue")
    third = attachment_add(
        item=item, file=upload("perustelut (3).docx", docx), title="Perustelut ja liitteet"
    )

    assert [(a.number, a.title) for a in item.attachments.order_by("number")] == [
        (1, "Talousarvio"),
        (2, "Kartta: alue"),
        (3, "Perustelut ja liitteet"),
    ]
    assert str(first) == "Liite 1: Talousarvio"
    assert (first.content_type, first.size) == ("application/pdf", len(pdf))
    assert (second.content_type, second.size) == ("image/png", len(png))
    assert (third.content_type, third.size) == (DOCX, len(docx))
    folder = f"attachments/aluehallitus/2022/{meeting.pk}"
    assert first.file.name == f"{folder}/{item.pk}-1-talousarvio.pdf"
    assert second.file.name == f"{folder}/{item.pk}-2-kartta-alue.png"
    assert third.file.name == f"{folder}/{item.pk}-3-perustelut-ja-liitteet.docx"
    assert (media / first.file.name).read_bytes() == pdf
    assert (media / second.file.name).read_bytes() == png
    assert (media / third.file.name).read_bytes() == docx
    assert len(stored_files(media)) == 3
    # Before the invitation nothing is recorded for a supplementary agenda.
    assert changes(meeting) == []


def test_the_extension_comes_from_the_content_not_the_name(media, item):
    # A PNG uploaded as "muistio.pdf" is stored, and served, as a PNG.
    attachment = attachment_add(item=item, file=upload("muistio.pdf", png_bytes()), title="Kuva")

    assert attachment.content_type == "image/png"
    assert attachment.file.name.endswith(f"/{item.pk}-1-kuva.png")


def test_the_uploaded_name_never_reaches_the_storage(media, item):
    attachment = attachment_add(
        item=item, file=upload("../../../etc/passwd.pdf", pdf_bytes()), title="Pöytäkirja"
    )

    assert attachment.file.name.endswith(f"/{item.pk}-1-poytakirja.pdf")
    assert [path.relative_to(media).parts[0] for path in stored_files(media)] == ["attachments"]


def test_the_title_defaults_to_the_file_s_name(media, item):
    attachment = attachment_add(item=item, file=upload("Hankesuunnitelma v2.pdf", pdf_bytes()))

    assert attachment.title == "Hankesuunnitelma v2"
    assert attachment.file.name.endswith(f"/{item.pk}-1-hankesuunnitelma-v2.pdf")


def test_a_title_of_no_letters_still_gives_a_file_name(media, item):
    attachment = attachment_add(item=item, file=upload("x.pdf", pdf_bytes()), title="§ – …")

    assert attachment.title == "§ – …"
    assert attachment.file.name.endswith(f"/{item.pk}-1-liite.pdf")


def test_an_attachment_needs_a_title(media, item):
    with translation.override("en"), pytest.raises(ValidationError, match="Give the attachment"):
        attachment_add(item=item, file=upload(".pdf", pdf_bytes()), title="   ")

    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_a_confidential_attachment_keeps_its_legal_basis(media, item):
    attachment = attachment_add(
        item=item,
        file=upload("lausunto.pdf", pdf_bytes()),
        title="Lausunto",
        publicity=Publicity.CONFIDENTIAL,
        legal_basis="JulkL 24 § 1 mom. 32 k.",
    )

    stored = Attachment.objects.get(pk=attachment.pk)
    assert (stored.publicity, stored.legal_basis) == (
        Publicity.CONFIDENTIAL,
        "JulkL 24 § 1 mom. 32 k.",
    )


def test_a_confidential_attachment_without_a_legal_basis_stores_nothing(media, item):
    with pytest.raises(ValidationError):
        attachment_add(
            item=item,
            file=upload("lausunto.pdf", pdf_bytes()),
            title="Lausunto",
            publicity=Publicity.CONFIDENTIAL,
        )

    assert not Attachment.objects.exists()
    assert stored_files(media) == []


# Refusals: nothing is stored ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "found"),
    [(HTML_BYTES, "unrecognised content"), (EXE_BYTES, "application/x-msdownload")],
    ids=["html", "exe"],
)
def test_a_file_named_pdf_that_is_not_one_is_refused(media, item, content, found):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        attachment_add(item=item, file=upload("esityslista.pdf", content), title="Esityslista")

    assert caught.value.code == "type"
    assert caught.value.messages == [
        f"This file cannot be attached: its content is {found}. Attach PDF files, office "
        "documents (Word, Excel, PowerPoint, OpenDocument) or images (PNG, JPEG, GIF, WebP, TIFF)."
    ]
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_an_empty_file_is_refused(media, item):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        attachment_add(item=item, file=upload("tyhja.pdf", b""), title="Tyhjä")

    assert caught.value.code == "empty"
    assert caught.value.messages == ["The file is empty."]
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_an_oversized_file_is_refused(media, item, settings):
    settings.KOKOUS_ATTACHMENT_MAX_MB = 1
    content = pdf_bytes() + b"\n" * (2 * 1024 * 1024)

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        attachment_add(item=item, file=upload("iso.pdf", content), title="Iso")

    assert caught.value.code == "too_large"
    assert caught.value.messages == ["The file is 2.0\xa0MB; the largest allowed is 1.0\xa0MB."]
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_a_refused_file_does_not_take_a_number(media, item):
    attachment_add(item=item, file=upload("a.pdf", pdf_bytes()), title="Ensimmäinen")
    with pytest.raises(ValidationError):
        attachment_add(item=item, file=upload("b.pdf", HTML_BYTES), title="Hylätty")

    second = attachment_add(item=item, file=upload("c.png", png_bytes()), title="Toinen")

    assert second.number == 2
    assert len(stored_files(media)) == 2


# The meeting's state ------------------------------------------------------------------------


def test_after_the_invitation_an_added_attachment_is_recorded(media, meeting, item):
    status_set(meeting, Meeting.Status.INVITATION_SENT)
    user = UserFactory()

    attachment = attachment_add(
        item=item, file=upload("kartta.png", png_bytes()), title="Kartta", changed_by=user
    )

    [change] = changes(meeting)
    assert change.kind == AgendaChange.Kind.ATTACHMENT_ADDED
    assert (change.item, change.changed_by) == (item, user)
    assert change.description.startswith("§ 5 Talousarvio 2023: ")
    assert change.description.endswith("Liite 1: Kartta")
    assert attachment.number == 1


def test_the_record_names_the_item_as_it_is_numbered_now(media, meeting):
    item = agenda_item_add(meeting=meeting, title="Talousarvio 2023")
    stale = type(item).objects.get(pk=item.pk)
    status_set(meeting, Meeting.Status.INVITATION_SENT)
    # A supplementary item put first moves the item from § 5 to § 6; the caller's copy is old.
    agenda_item_add(meeting=meeting, title="Kiireellinen asia", position=1)

    attachment_add(item=stale, file=upload("a.pdf", pdf_bytes()), title="Liite")

    assert changes(meeting)[-1].description.startswith("§ 6 Talousarvio 2023: ")


@pytest.mark.parametrize(
    "status", [Meeting.Status.HELD, Meeting.Status.PUBLISHED, Meeting.Status.CANCELLED]
)
def test_no_attachment_is_added_to_a_held_or_cancelled_meeting(media, meeting, item, status):
    status_set(meeting, status)

    with pytest.raises(ValidationError):
        attachment_add(item=item, file=upload("a.pdf", pdf_bytes()), title="Myöhässä")

    assert not Attachment.objects.exists()
    assert stored_files(media) == []


# Removing -----------------------------------------------------------------------------------


def test_removing_an_attachment_deletes_its_file_once_committed(
    media, item, django_capture_on_commit_callbacks
):
    first = attachment_add(item=item, file=upload("a.pdf", pdf_bytes()), title="Ensimmäinen")
    second = attachment_add(item=item, file=upload("b.png", png_bytes()), title="Toinen")
    path = media / first.file.name

    with django_capture_on_commit_callbacks() as callbacks:
        attachment_remove(attachment=first)
        # The row is gone at once; the file waits for the commit.
        assert not Attachment.objects.filter(pk=first.pk).exists()
        assert path.exists()
    for callback in callbacks:
        callback()

    assert not path.exists()
    assert stored_files(media) == [media / second.file.name]
    # Numbers are not reused: a sent agenda may already name "Liite 2".
    assert attachment_add(item=item, file=upload("c.pdf", pdf_bytes()), title="Kolmas").number == 3


def test_after_the_invitation_a_removal_is_recorded(
    media, meeting, item, django_capture_on_commit_callbacks
):
    attachment = attachment_add(item=item, file=upload("a.pdf", pdf_bytes()), title="Kartta")
    status_set(meeting, Meeting.Status.INVITATION_SENT)
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(attachment=attachment, changed_by=user)

    [change] = changes(meeting)
    assert change.kind == AgendaChange.Kind.ATTACHMENT_REMOVED
    assert (change.item, change.changed_by) == (item, user)
    assert change.description.startswith("§ 5 Talousarvio 2023: ")
    assert change.description.endswith("Liite 1: Kartta")
    assert stored_files(media) == []


def test_no_attachment_is_removed_once_the_meeting_is_held(media, meeting, item):
    attachment = attachment_add(item=item, file=upload("a.pdf", pdf_bytes()), title="Kartta")
    status_set(meeting, Meeting.Status.HELD)

    with pytest.raises(ValidationError):
        attachment_remove(attachment=attachment)

    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert (media / attachment.file.name).exists()


def test_removing_an_item_removes_its_attachment_files(
    media, item, django_capture_on_commit_callbacks
):
    kept_item = agenda_item_add(meeting=item.meeting, title="Toinen asia")
    kept = attachment_add(item=kept_item, file=upload("k.pdf", pdf_bytes()), title="Pysyy")
    attachment_add(item=item, file=upload("a.pdf", pdf_bytes()), title="Kartta")
    attachment_add(item=item, file=upload("b.png", png_bytes()), title="Kuva")

    with django_capture_on_commit_callbacks(execute=True):
        agenda_item_remove(item=item)

    assert list(Attachment.objects.all()) == [kept]
    assert stored_files(media) == [media / kept.file.name]


def test_a_refused_item_removal_keeps_its_attachment_files(
    media, item, django_capture_on_commit_callbacks
):
    attachment = attachment_add(item=item, file=upload("a.pdf", pdf_bytes()), title="Kartta")
    status_set(item.meeting, Meeting.Status.INVITATION_SENT)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        agenda_item_remove(item=item)

    assert (media / attachment.file.name).exists()
