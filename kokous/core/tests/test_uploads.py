"""Checks on uploaded attachments (`kokous.core.uploads`): the type is read from the content,
never from the name; empty and oversized files are refused with a message the uploader
understands."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from kokous.core.tests.samplefiles import (
    EXE_BYTES,
    GIF_BYTES,
    HTML_BYTES,
    JPEG_HEAD,
    docx_bytes,
    odt_bytes,
    pdf_bytes,
    png_bytes,
    xlsx_bytes,
    zip_bytes,
)
from kokous.core.uploads import ALLOWED_TYPES, attachment_check, max_attachment_bytes


def check(content: bytes, name: str = "liite.pdf"):
    upload = SimpleUploadedFile(name, content)
    return attachment_check(upload, size=upload.size)


def refusal(content: bytes, name: str = "liite.pdf", *, size: int | None = None):
    upload = SimpleUploadedFile(name, content)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        attachment_check(upload, size=upload.size if size is None else size)
    return caught.value


@pytest.mark.parametrize(
    ("content", "content_type", "extension"),
    [
        (pdf_bytes(), "application/pdf", "pdf"),
        (png_bytes(), "image/png", "png"),
        (GIF_BYTES, "image/gif", "gif"),
        (JPEG_HEAD, "image/jpeg", "jpg"),
        (
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        (xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
        (odt_bytes(), "application/vnd.oasis.opendocument.text", "odt"),
    ],
    ids=["pdf", "png", "gif", "jpeg", "docx", "xlsx", "odt"],
)
def test_the_type_is_detected_from_the_content(content, content_type, extension):
    checked = check(content, name="tiedosto.bin")

    assert checked.content_type == content_type
    assert checked.extension == extension
    assert checked.size == len(content)


def test_the_name_does_not_decide_the_type():
    # A PNG named as a PDF is a PNG; a PDF without any extension is a PDF.
    assert check(png_bytes(), name="muistio.pdf").extension == "png"
    assert check(pdf_bytes(), name="muistio").extension == "pdf"


def test_the_file_is_left_at_its_start_for_storing():
    upload = SimpleUploadedFile("liite.pdf", pdf_bytes())
    upload.read(10)

    attachment_check(upload, size=upload.size)

    assert upload.tell() == 0
    assert upload.read() == pdf_bytes()


def test_a_plain_file_object_is_accepted_too():
    content = docx_bytes()
    assert attachment_check(io.BytesIO(content), size=len(content)).extension == "docx"


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (HTML_BYTES, "unrecognised content"),
        (b"Tavallista tekstia, ei PDF:aa.\n", "unrecognised content"),
        (EXE_BYTES, "application/x-msdownload"),
        (zip_bytes(), "application/zip"),
    ],
    ids=["html", "text", "exe", "zip"],
)
def test_other_content_is_refused_whatever_its_name(content, found):
    error = refusal(content, name="esityslista.pdf")

    assert error.code == "type"
    message = error.messages[0]
    assert message.startswith("This file cannot be attached: its content is " + found + ".")
    # The message tells what is accepted.
    assert "PDF" in message and "Word" in message and "PNG" in message


def test_an_empty_file_is_refused():
    error = refusal(b"", name="tyhja.pdf")

    assert error.code == "empty"
    assert error.messages == ["The file is empty."]


def test_an_oversized_file_is_refused_and_the_message_gives_both_sizes(settings):
    settings.KOKOUS_ATTACHMENT_MAX_MB = 1
    content = pdf_bytes() + b"\0" * (1024 * 1024)

    error = refusal(content)

    assert error.code == "too_large"
    assert error.messages == ["The file is 1.0\xa0MB; the largest allowed is 1.0\xa0MB."]


def test_the_size_limit_itself_is_allowed(settings):
    settings.KOKOUS_ATTACHMENT_MAX_MB = 1
    limit = max_attachment_bytes()
    assert limit == 1024 * 1024
    content = pdf_bytes()
    content += b"\n" * (limit - len(content))

    assert check(content).size == limit
    assert refusal(content + b"\n").code == "too_large"


def test_the_given_size_is_what_is_checked(settings):
    # A streamed upload's size comes from the upload handler, not from reading the file.
    settings.KOKOUS_ATTACHMENT_MAX_MB = 2

    assert refusal(pdf_bytes(), size=3 * 1024 * 1024).code == "too_large"
    assert refusal(pdf_bytes(), size=0).code == "empty"


def test_every_allowed_type_has_its_own_extension():
    assert len(set(ALLOWED_TYPES.values())) == len(ALLOWED_TYPES)
    assert all(ext.isalnum() and ext.islower() for ext in ALLOWED_TYPES.values())
