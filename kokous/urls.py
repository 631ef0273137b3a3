from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
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
