"""Serving a stored file to a browser: the one response every download view gives, after the
view has decided (by the access or publication rule) that the file may be read."""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

# Types a browser shows safely inline (the sandbox below still applies); everything else is
# downloaded.
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"})


def file_download_response(
    file: FieldFile, *, name: str, content_type: str, public: bool
) -> FileResponse:
    """`file` as a response named `name` plus the file's extension. A public file may be
    cached; a file read under the workspace's access rule never is."""
    if not file:
        raise Http404(_("Only the record of this attachment survives; there is no file."))
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file of this attachment is missing.")) from exc
    extension = file.name.rsplit(".", 1)[-1] if file.name and "." in file.name else ""
    response = FileResponse(
        handle,
        as_attachment=content_type not in INLINE_TYPES,
        filename=f"{name}.{extension}".strip("."),
        content_type=content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    # A file is never a page of this site: no scripts, no frames, no same-origin reads.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
