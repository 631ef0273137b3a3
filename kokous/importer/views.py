"""The source file of imported minutes, served under the publication rule of the minutes."""

from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _

from kokous.core.downloads import file_download_response
from kokous.importer.models import ImportedMinutes
from kokous.publishing import rules


def source_download(request: HttpRequest, pk: int) -> FileResponse:
    """The old system's minutes of meeting `pk` as they were imported: public once the
    minutes are (an imported meeting's always are, unless it was unpublished since)."""
    record = ImportedMinutes.objects.select_related("meeting").filter(meeting_id=pk).first()
    if record is None or not rules.meeting_minutes_public(meeting=record.meeting):
        raise Http404(_("No such imported minutes."))
    name = record.source_name.rsplit(".", 1)[0] if "." in record.source_name else record.source_name
    return file_download_response(
        record.file, name=name, content_type=record.content_type, public=True
    )
