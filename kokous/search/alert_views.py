"""The pages of the search alerts: asking for one, confirming it, cancelling it. Thin over
`kokous.search.alerts`, as the newsletter's pages are over `kokous.news.services`."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from kokous.core.forms import form_errors_add
from kokous.search import alerts
from kokous.search.forms import MAX_QUERY, SearchForm, query_filled
from kokous.search.models import SavedSearch

# Parameters of a search's address that are not its filters (the words are a field here).
_NOT_FILTERS = ("q", "page", "page_size", "order", "type")


def _languages_by_own_name() -> list[tuple[str, str]]:
    """Each language by its own name (suomi, svenska, English), as a reader looks for it."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class AlertForm(forms.Form):
    """The address and the words of a search alert; its filters come from the address of the
    page (the search's own query string)."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    q = forms.CharField(label=_("Search words"), max_length=MAX_QUERY, required=False)
    language = forms.ChoiceField(
        label=_("Language of the e-mails"), choices=_languages_by_own_name, initial="fi"
    )


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """`/search/alerts/?q=...&<filters>`: the form for e-mail alerts of a search. Whatever the
    address, the answer is the same (a confirmation link is on its way)."""
    search_form = SearchForm(request.GET)
    filters = search_form.search_filter() if search_form.is_valid() else None
    if request.method == "POST":
        form = AlertForm(request.POST)
        if filters is None:
            form.add_error(
                None, _("The search's filters are not valid. Make the search again first.")
            )
        elif form.is_valid():
            try:
                alerts.saved_search_create(
                    email=form.cleaned_data["email"],
                    query=form.cleaned_data["q"],
                    filters=filters,
                    language=form.cleaned_data["language"],
                )
            except ValidationError as exc:
                form_errors_add(form, exc, fields={"query": "q"})
            else:
                return render(request, "search/alerts/subscribe_sent.html")
    else:
        form = AlertForm(
            initial={
                "q": request.GET.get("q", "").replace("\x00", "")[:MAX_QUERY],
                "language": (get_language() or "fi")[:2],
            }
        )
    context = {
        "form": form,
        "search_form": search_form,
        "filters": alerts.saved_search_describe(filters=filters),
        "filter_query": query_filled(request.GET, without=_NOT_FILTERS).urlencode(),
        "days": alerts.CONFIRMATION_MAX_AGE.days,
    }
    return render(request, "search/alerts/subscribe.html", context)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners that open links confirm nothing), POST confirms. A
    forged or expired link gets a page saying so (400)."""
    try:
        if request.method == "POST":
            saved_search = alerts.saved_search_confirm(token=token)
        else:
            saved_search, _language = alerts.saved_search_for_confirmation(token=token)
    except ValidationError as exc:
        return render(request, "search/alerts/confirm.html", {"error": exc.messages[0]}, status=400)
    context = {
        "saved_search": saved_search,
        "filters": alerts.saved_search_describe(filters=saved_search.filters),
        "confirmed": request.method == "POST",
        "token": token,
    }
    return render(request, "search/alerts/confirm.html", context)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; POST deletes the saved search: from that button, or from a mail
    program's one-click unsubscribe (RFC 8058), which has no CSRF token. The unguessable token
    in the address is what authorises it. An unknown token gets a page saying so (404)."""
    if request.method == "POST":
        if not alerts.saved_search_cancel(token=token):
            return render(request, "search/alerts/cancel.html", {"unknown": True}, status=404)
        return render(request, "search/alerts/cancel.html", {"done": True})
    saved_search = SavedSearch.objects.filter(token=token).first()
    if saved_search is None:
        return render(request, "search/alerts/cancel.html", {"unknown": True}, status=404)
    context = {
        "saved_search": saved_search,
        "filters": alerts.saved_search_describe(filters=saved_search.filters),
        "token": token,
    }
    return render(request, "search/alerts/cancel.html", context)
