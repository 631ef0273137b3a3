"""Checks on uploaded files: the type is read from the file's content, never from its name."""

from dataclasses import dataclass
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# What attachments may be, by detected MIME type: (file extension, description).
# PDF, office documents (OOXML, OpenDocument, legacy OLE2 files) and common images.
ALLOWED_TYPES: dict[str, str] = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/tiff": "tif",
}
# How much of the file is read to recognise it (filetype needs at most a few kilobytes, OOXML
# files a little more to find their first part's name).
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int


def max_attachment_bytes() -> int:
    return settings.KOKOUS_ATTACHMENT_MAX_MB * 1024 * 1024


def attachment_check(file: IO[bytes], *, size: int) -> CheckedFile:
    """Check an uploaded attachment: not empty, not too large, and a PDF, office document or
    image by its content. Raises ValidationError with a message the uploader understands."""
    limit = max_attachment_bytes()
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    file.seek(0)
    head = file.read(_SNIFF_BYTES)
    file.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        found = kind.mime if kind is not None else _("unrecognised content")
        raise ValidationError(
            _(
                "This file cannot be attached: its content is %(found)s. Attach PDF files, "
                "office documents (Word, Excel, PowerPoint, OpenDocument) or images "
                "(PNG, JPEG, GIF, WebP, TIFF)."
            )
            % {"found": found},
            code="type",
        )
    return CheckedFile(content_type=kind.mime, extension=ALLOWED_TYPES[kind.mime], size=size)
