"""One shape for every error of the open API:
`{"error": {"status": 404, "code": "not_found", "detail": "..."}}`."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (headers such as Retry-After kept), the body in the API's error shape."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500
    code = exc.default_code if isinstance(exc, exceptions.APIException) else "error"
    if isinstance(exc, exceptions.APIException) and isinstance(exc.detail, exceptions.ErrorDetail):
        code = exc.detail.code or code
    data = response.data
    detail = data.get("detail", data) if isinstance(data, dict) else data
    response.data = {"error": {"status": response.status_code, "code": code, "detail": detail}}
    return response


def api_not_found(request: HttpRequest) -> JsonResponse:
    """An address under the API that names no endpoint (see `kokous.urls.page_not_found`)."""
    detail = _("Not found.")
    return JsonResponse(
        {"error": {"status": 404, "code": "not_found", "detail": detail}}, status=404
    )
