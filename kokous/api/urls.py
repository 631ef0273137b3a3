from csp.decorators import csp_replace
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from kokous.api import views

router = SimpleRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("bodies", views.BodyViewSet, basename="body")
router.register("people", views.PersonViewSet, basename="person")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("agenda-items", views.AgendaItemViewSet, basename="agenda-item")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("cases", views.CaseViewSet, basename="case")
router.register("attachments", views.AttachmentViewSet, basename="attachment")
router.register("votes", views.VoteViewSet, basename="vote")
router.register("search", views.SearchViewSet, basename="search")

app_name = "api"
urlpatterns = [
    path("", views.ApiRootView.as_view(), name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script for the CSP. The
    # Swagger UI adds <style> elements of its own; this page, with no user content, allows them.
    path(
        "docs/",
        csp_replace({"style-src-elem": ["'self'", "'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    path("", include(router.urls)),
]
