"""The search pages: the public search and the members' search of the staff workspace. Thin
over `kokous.search.selectors.search`; who finds what is the selector's `Audience`, built here
from the access rule (`kokous.staff.access`) for the signed-in and public for everyone else."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from kokous.search.forms import NOT_FILTERS, SearchForm, decision_type_label, query_filled
from kokous.search.selectors import PUBLIC, Audience, SearchPage, search
from kokous.staff.access import access_for

PAGE_SIZE = 20
_PAGE_WINDOW = 2  # page links shown on each side of the current page


def page_numbers(*, page: int, pages: int) -> list[int | None]:
    """The page links of a pager: the first and last page, those near `page`, and None for
    each gap between them."""
    shown = sorted(
        {1, pages, *range(max(1, page - _PAGE_WINDOW), min(pages, page + _PAGE_WINDOW) + 1)}
    )
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def _alert_url(query: str) -> str:
    """The e-mail alert's subscription page for this search."""
    path = "/search/alerts/"
    for name in ("search_alerts:subscribe", "search:alert_subscribe"):
        try:
            path = reverse(name)
            break
        except NoReverseMatch:  # the alerts are wired under one of these names
            continue
    return f"{path}?{query}" if query else path


def _search_page(
    request: HttpRequest, *, audience: Audience, template: str, extra: dict[str, Any]
) -> HttpResponse:
    """The form, and when it is valid and holds words, one page of what `audience` finds. Bad
    input is shown on the form (and a page past the last one as an error of its own)."""
    form = SearchForm(request.GET or None)
    result: SearchPage | None = None
    if form.is_valid():
        result = search(audience=audience, page_size=PAGE_SIZE, **form.search_kwargs())
        if result.total and result.page > result.pages:
            form.add_error(
                "page",
                _("There is no page %(page)d: the search found %(pages)d pages.")
                % {"page": result.page, "pages": result.pages},
            )
    if result is not None and not result.query:
        result = None  # nothing searchable was typed
    filters = query_filled(request.GET, without=NOT_FILTERS).urlencode()
    context = {
        "form": form,
        "result": result,
        "rows": [(hit, decision_type_label(hit.decision_type)) for hit in result.hits]
        if result
        else [],
        "first_number": (result.page - 1) * PAGE_SIZE + 1 if result else 1,
        "list_query": query_filled(request.GET, without=("page",)).urlencode(),
        "feed_query": filters,
        "alert_url": _alert_url(filters),
        "page_numbers": page_numbers(page=result.page, pages=result.pages) if result else [],
        "searched": bool(request.GET),
        **extra,
    }
    return render(request, template, context)


def search_page(request: HttpRequest) -> HttpResponse:
    """The public search: what anyone may read."""
    return _search_page(request, audience=PUBLIC, template="search/page.html", extra={})


@login_required
def staff_search(request: HttpRequest) -> HttpResponse:
    """The members' search: the public documents and, of the bodies the user reads (every body
    for a superuser), their whole material, non-public included."""
    body_ids = access_for(request).body_ids()
    audience = Audience(body_ids=frozenset(body_ids) if body_ids is not None else None)
    return _search_page(
        request,
        audience=audience,
        template="search/staff.html",
        extra={"members": not audience.is_public},
    )
