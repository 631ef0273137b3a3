from django.http import HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse("")


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("")


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("")
