"""The public pages: thin views over `kokous.publishing.selectors`."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kokous.publishing import selectors


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
