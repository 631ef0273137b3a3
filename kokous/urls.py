from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from kokous.api.exceptions import api_not_found
from kokous.paatos.views import not_found as paatos_not_found

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    # The language menu on every page posts here without a CSRF token: a forged request could
    # only change the reader's language, and a token in every page would set a cookie that keeps
    # the public pages out of shared caches (kokous.core.caching).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("search/alerts/", include("kokous.search.alert_urls")),
    path("", include("kokous.search.urls")),  # before staff/: it holds staff/search/ too
    path("staff/", include("kokous.staff.urls")),
    path("api/v1/", include("kokous.api.urls")),
    path("api/paatos/v1/", include("kokous.paatos.urls")),
    path("", include("kokous.news.urls")),
    path("", include("kokous.publishing.syndication_urls")),
    path("", include("kokous.documents.urls")),
    path("", include("kokous.preparation.urls")),
    path("", include("kokous.preparation.staff_urls")),
    path("", include("kokous.participation.urls")),
    path("", include("kokous.participation.staff_urls")),
    path("", include("kokous.importer.urls")),
    path("", include("kokous.publishing.urls")),
]


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """An unknown address under an open API is answered in that API's JSON error shape (a
    client reads JSON), any other with the site's page."""
    if request.path_info.startswith("/api/paatos/"):
        return paatos_not_found(request)
    if request.path_info.startswith("/api/"):
        return api_not_found(request)
    return defaults.page_not_found(request, exception)


handler404 = page_not_found
