"""Security helpers that the settings name."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """The client's address, for login throttling. Behind the site's own reverse proxy
    (SECURE_PROXY_SSL_HEADER on), the last address in X-Forwarded-For, which that proxy
    appended: earlier entries come from the client and prove nothing. Otherwise the address
    the connection came from."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return str(request.META.get("REMOTE_ADDR", ""))


def lockout_response(
    request: HttpRequest, response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The page shown to a sign-in that login throttling refused: HTTP 429, saying for how
    long. It does not say whether the user name exists."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
