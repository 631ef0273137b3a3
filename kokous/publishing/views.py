"""The public pages: thin views over `kokous.publishing.selectors`."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from kokous.core.downloads import file_download_response
from kokous.meetings.models import Attachment
from kokous.news.selectors import news_public_list
from kokous.publishing import rules, selectors
from kokous.publishing.forms import DecisionFilterForm, MeetingCalendarForm

DECISIONS_PER_PAGE = 20
NEWS_ON_HOME = 3


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "publishing/home.html",
        {
            "organisations": selectors.organisations_with_bodies(),
            "upcoming": selectors.meetings_upcoming(),
            "recent": selectors.meetings_recent(),
            "decisions": selectors.decisions_latest(limit=5),
            "news": list(news_public_list()[:NEWS_ON_HOME]),
        },
    )


def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "publishing/body.html", {"page": selectors.body_page(slug=slug)})


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "publishing/meeting.html", {"page": selectors.meeting_page(pk=pk)})


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "publishing/case.html", {"page": selectors.case_page(pk=pk)})


def meeting_calendar(request: HttpRequest) -> HttpResponse:
    """The meetings of all bodies by month (`?month=2022-01`, `?body=<slug>`); without a month,
    the upcoming ones. Bad input is shown as a form error over the upcoming meetings."""
    form = MeetingCalendarForm(request.GET)
    valid = form.is_valid()
    calendar = selectors.meeting_calendar(
        month=form.cleaned_data.get("month") if valid else None,
        body=form.cleaned_data.get("body") if valid else None,
    )
    query = {}
    if calendar.month is not None:
        query["month"] = calendar.month.strftime("%Y-%m")
    if calendar.body is not None:
        query["body"] = calendar.body.slug
    return render(
        request,
        "publishing/meetings.html",
        {"form": form, "calendar": calendar, "canonical_query": urlencode(query)},
    )


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "publishing/item.html", {"page": selectors.item_page(pk=pk)})


def decision_list(request: HttpRequest) -> HttpResponse:
    """Public decisions, filtered by the GET form and paginated. Bad input (a malformed date,
    an unknown type or body) is shown as a form error, with no results."""
    form = DecisionFilterForm(request.GET)
    page = None
    if form.is_valid():
        paginator = Paginator(selectors.decisions(filters=form.filters()), DECISIONS_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = [rules.item_for_public(item) for item in page.object_list]
    return render(
        request,
        "publishing/decisions.html",
        {
            "form": form,
            "page": page,
            # The filtered list is its own page; an invalid query has none.
            "canonical_query": _filled(request.GET).urlencode() if page is not None else "",
        },
    )


def _filled(query: QueryDict) -> QueryDict:
    """`query` without its empty parameters."""
    filled = QueryDict(mutable=True)
    for name, values in query.lists():
        filled.setlist(name, [value for value in values if value.strip()])
        if not filled.getlist(name):
            del filled[name]
    return filled


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "publishing/person.html", {"page": selectors.person_page(pk=pk)})


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
    return file_download_response(
        attachment.file,
        name=f"Liite {attachment.number} "
        + rules.item_public_text(item=attachment.agenda_item, text=attachment.title),
        content_type=attachment.content_type,
        public=True,
    )
