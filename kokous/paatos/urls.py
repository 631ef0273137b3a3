"""The 6Aika Open Decisions API, mounted at /api/paatos/v1/ (see `kokous.paatos.representations`
for the mapping). URL names: `paatos:<kind>-list` and `paatos:<kind>-detail`."""

from django.urls import path

from kokous.paatos import views

app_name = "paatos"

KINDS = ("case", "action", "person", "organization", "membership", "post", "event", "function")

urlpatterns = [
    pattern
    for kind in KINDS
    for pattern in (
        path(f"{kind}/", views.object_list, {"kind": kind}, name=f"{kind}-list"),
        path(f"{kind}/<int:pk>/", views.object_detail, {"kind": kind}, name=f"{kind}-detail"),
    )
]
