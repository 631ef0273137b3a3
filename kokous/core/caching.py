"""HTTP caching of the public pages: what a shared cache (nginx's `proxy_cache`, a CDN) may keep,
and conditional requests.

A public page shown to an anonymous reader holds only what the publication rule makes public, so
a shared cache may keep it for a short while and serve it to every other anonymous reader; it
varies by language (`Vary: Accept-Language, Cookie`, set by the locale and session middleware).
A page shown to a signed-in user may hold what only that user may read: it never leaves a private
cache. Every cacheable page carries an ETag, and an unchanged page answers `If-None-Match` with
304, so a cache that revalidates gets no body back."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, set_response_etag

# How long a shared cache may serve a public page without asking again: long enough to take the
# crowd a controversial decision brings, short enough that a correction or a removed name shows
# within the minute. Final minutes say their own, longer time (`FINAL_DOCUMENT_MAX_AGE`).
PUBLIC_PAGE_MAX_AGE = 60
FINAL_DOCUMENT_MAX_AGE = 300

View = Callable[..., HttpResponseBase]


def _cacheable(request: HttpRequest, response: HttpResponseBase) -> bool:
    return (
        request.method in ("GET", "HEAD") and response.status_code == 200 and not response.cookies
    )


def public_cache(max_age: int = PUBLIC_PAGE_MAX_AGE) -> Callable[[View], View]:
    """Let a shared cache keep the view's page for `max_age` seconds when it is shown to an
    anonymous reader (unless the view said `private` or `no-store`, or gave its own public
    time), with an ETag and conditional GET. For a signed-in user the page is private."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            response = view(request, *args, **kwargs)
            if not isinstance(response, HttpResponse) or not _cacheable(request, response):
                return response
            control = response.get("Cache-Control", "")
            # A page that holds a CSRF token or sets a cookie is the reader's own.
            if request.user.is_authenticated or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
                if "no-store" not in control:
                    response["Cache-Control"] = "private, no-cache"
                return response
            if "private" in control or "no-store" in control:
                return response
            if "public" not in control:
                response["Cache-Control"] = f"public, max-age={max_age}"
            if not response.has_header("ETag"):
                set_response_etag(response)
            conditional = get_conditional_response(
                request, etag=response["ETag"], response=response
            )
            return conditional if conditional is not None else response

        return wrapped

    return decorator
