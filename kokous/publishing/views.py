"""The public pages: thin views over `kokous.publishing.selectors`."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kokous.meetings.models import Attachment
from kokous.publishing import rules, selectors

# Types a browser may show inline; everything else downloads.
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "text/plain"})


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "publishing/home.html",
        {
            "organisations": selectors.organisations_with_bodies(),
            "upcoming": selectors.meetings_upcoming(),
            "recent": selectors.meetings_recent(),
        },
    )


def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "publishing/body.html", {"page": selectors.body_page(slug=slug)})


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "publishing/meeting.html", {"page": selectors.meeting_page(pk=pk)})


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "publishing/case.html", {"page": selectors.case_page(pk=pk)})


def meeting_calendar(request: HttpRequest) -> HttpResponse:
    raise Http404  # the public site's meeting calendar: being built (issue 6)


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404  # one agenda item on its own page: being built (issue 6)


def decision_list(request: HttpRequest) -> HttpResponse:
    raise Http404  # the decisions list with filters: being built (issue 6)


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404  # people pages: being built (issue 6)


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """A public attachment's file, served only when the publication rule allows: files are
    never public by their storage address."""
    attachment = (
        Attachment.objects.select_related("agenda_item__meeting__body").filter(pk=pk).first()
    )
    if attachment is None or not rules.attachment_public(
        attachment=attachment, item=attachment.agenda_item, meeting=attachment.agenda_item.meeting
    ):
        raise Http404(_("No such public attachment."))
    if not attachment.file:
        raise Http404(_("Only the record of this attachment survives; there is no file."))
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file of this attachment is missing.")) from exc
    extension = attachment.file.name.rsplit(".", 1)[-1] if "." in attachment.file.name else ""
    title = rules.item_public_text(item=attachment.agenda_item, text=attachment.title)
    response = FileResponse(
        handle,
        as_attachment=attachment.content_type not in INLINE_TYPES,
        filename=f"Liite {attachment.number} {title}.{extension}".strip("."),
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=300"
    return response
