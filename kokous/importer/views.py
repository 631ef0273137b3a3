"""The source file of imported minutes: for the staff who may read the meeting.

The original is not public even when the minutes are: an old system's export may be its full
version, with the text of confidential items and the names a public version leaves out. The
public meeting page names the file and shows its SHA-256."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kokous.core.downloads import file_download_response
from kokous.importer.models import ImportedMinutes
from kokous.staff.access import require_read_meeting


@login_required
@require_GET
def source_download(request: HttpRequest, pk: int) -> FileResponse:
    record = ImportedMinutes.objects.select_related("meeting__body").filter(meeting_id=pk).first()
    if record is None:
        raise Http404(_("No such imported minutes."))
    require_read_meeting(request, record.meeting)
    name = record.source_name.rsplit(".", 1)[0] if "." in record.source_name else record.source_name
    return file_download_response(
        record.file, name=name, content_type=record.content_type, public=False
    )
