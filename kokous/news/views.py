"""Views of the news app: thin, over `selectors` for reads and `services` for writes."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from kokous.core.downloads import file_download_response
from kokous.news import selectors, services
from kokous.news.forms import NewsForm, SubscribeForm
from kokous.news.models import News, NewsAttachment, Subscriber

PAGE_SIZE = 10

# Public pages ---------------------------------------------------------------------------------


def _year(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and 1900 < int(value) < 3000 else None


def news_list(request: HttpRequest) -> HttpResponse:
    """The news archive, filtered by category and year, ten to a page."""
    filters = selectors.NewsFilter(
        category=request.GET.get("category", "").replace("\x00", "").strip(),  # see feeds
        year=_year(request.GET.get("year", "").strip()),
    )
    page = Paginator(selectors.news_public_list(filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "news/list.html",
        {
            "page_obj": page,
            "filters": filters,
            "categories": list(selectors.categories_all()),
            "years": selectors.news_public_years(),
            "query": query.urlencode(),
        },
    )


def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    news = selectors.news_public_get(slug=slug)
    return render(
        request,
        "news/detail.html",
        {"news": news, "canonical_url": request.build_absolute_uri(news.get_absolute_url())},
    )


def _file_response(attachment: NewsAttachment, *, public: bool) -> FileResponse:
    return file_download_response(
        attachment.file,
        name=attachment.title,
        content_type=attachment.content_type,
        public=public,
    )


def attachment_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """An attachment of a public news item; never served by its storage address."""
    return _file_response(selectors.news_attachment_public_get(slug=slug, pk=pk), public=True)


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """The subscription form. Whatever the address, the answer is the same."""
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            try:
                services.subscriber_subscribe(
                    email=form.cleaned_data["email"],
                    language=form.cleaned_data["language"],
                    categories=form.cleaned_data["categories"],
                )
            except ValidationError as exc:
                form.add_error("email", exc)
            else:
                return render(request, "news/subscribe_sent.html", status=200)
    else:
        language = (get_language() or "fi")[:2]
        form = SubscribeForm(initial={"language": language})
    return render(request, "news/subscribe.html", {"form": form})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners that open links confirm nothing), POST confirms."""
    if request.method == "POST":
        try:
            services.subscriber_confirm(token=token)
        except ValidationError as exc:
            return render(request, "news/confirm.html", {"error": exc.messages[0]}, status=400)
        return render(request, "news/confirm.html", {"confirmed": True})
    return render(request, "news/confirm.html", {"token": token})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; POST unsubscribes: from that button, or from a mail program's
    one-click unsubscribe (RFC 8058, body "List-Unsubscribe=One-Click"), which has no CSRF
    token. The unguessable token in the address is what authorises it."""
    if request.method == "POST":
        subscriber = services.subscriber_unsubscribe(token=token)
        if subscriber is None:
            raise Http404(_("No such subscription."))
        return render(request, "news/unsubscribe.html", {"done": True})
    if not Subscriber.objects.filter(token=token).exists():
        raise Http404(_("No such subscription."))
    return render(request, "news/unsubscribe.html", {"token": token})


# Staff pages ---------------------------------------------------------------------------------


def news_staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Communications staff only: users with the permission news.change_news (the group
    "Viestintä") and superusers; others get 403, anonymous users the sign-in page."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("news.change_news"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@news_staff_required
def staff_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.news_staff_list(), 25).get_page(request.GET.get("page"))
    return render(request, "news/staff/list.html", {"page_obj": page})


def _save(request: HttpRequest, form: NewsForm, news: News | None) -> News | None:
    """Save the form through the services; None (with the errors on the form) if refused."""
    values = form.service_values()
    try:
        # The news and its new attachment are saved together or not at all.
        with transaction.atomic():
            if news is None:
                news = services.news_create(**values, created_by=request.user)  # type: ignore[arg-type]
            else:
                news = services.news_update(news=news, **values)
            upload = form.cleaned_data.get("attachment")
            if upload:
                services.news_attachment_add(
                    news=news, file=upload, title=form.cleaned_data.get("attachment_title", "")
                )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                target = field if field in form.fields else None
                form.add_error(target, errors)
        else:
            form.add_error("attachment" if form.cleaned_data.get("attachment") else None, exc)
        return None
    return news


@news_staff_required
@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    form = NewsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        news = _save(request, form, None)
        if news is not None:
            messages.success(request, _("The news was saved."))
            return redirect("news:staff_edit", pk=news.pk)
    return render(request, "news/staff/form.html", {"form": form, "news": None})


@news_staff_required
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    news = get_object_or_404(News.objects.prefetch_related("attachments"), pk=pk)
    if request.method == "POST":
        form = NewsForm(request.POST, request.FILES)
        if form.is_valid():
            saved = _save(request, form, news)
            if saved is not None:
                messages.success(request, _("The news was saved."))
                return redirect("news:staff_edit", pk=saved.pk)
    else:
        form = NewsForm(initial=NewsForm.initial_from(news))
    return render(request, "news/staff/form.html", {"form": form, "news": news})


@news_staff_required
@require_POST
def staff_attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(NewsAttachment, pk=pk)
    news_pk = attachment.news_id
    services.news_attachment_remove(attachment=attachment)
    messages.success(request, _("The attachment was removed."))
    return redirect("news:staff_edit", pk=news_pk)


@news_staff_required
def staff_attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Any attachment, also of a draft, for the communications staff."""
    return _file_response(get_object_or_404(NewsAttachment, pk=pk), public=False)
