"""The open API's endpoints: read-only view sets, thin over `kokous.api.selectors` (what is
public) and `kokous.api.serializers` (how it reads). What every endpoint shares lives in
`PublicViewSet`: `modified_since` with deleted objects, page-number pagination, ETag and
conditional GET, `Cache-Control`, and the per-client rate limit."""

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.middleware.http import ConditionalGetMiddleware
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.decorators import classonlymethod, decorator_from_middleware
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from kokous.api import selectors
from kokous.api import serializers as s
from kokous.api.pagination import ApiPagination
from kokous.cases.models import Case
from kokous.core.querysets import QuerySetChain
from kokous.core.security import client_ip
from kokous.core.timeutil import helsinki_datetime
from kokous.meetings.models import AgendaItem, Attachment, Meeting
from kokous.organisations.models import Body, Membership
from kokous.proceedings.models import Vote
from kokous.publishing.selectors import DecisionFilter
from kokous.search.forms import SearchForm
from kokous.search.models import Kind
from kokous.search.selectors import PUBLIC
from kokous.search.selectors import search as search_selector

_conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


class ApiRateMixin:
    """The rate of `settings.KOKOUS_API_RATE` (from the environment), read at each request."""

    def get_rate(self) -> str:
        return str(settings.KOKOUS_API_RATE)

    def get_ident(self, request: Request) -> str:
        """The client's address as login throttling reads it: behind the site's own proxy,
        the address that proxy saw (`kokous.core.security.client_ip`)."""
        return client_ip(request._request)


class ApiAnonThrottle(ApiRateMixin, AnonRateThrottle):
    """Anonymous clients, by address."""


class ApiUserThrottle(ApiRateMixin, UserRateThrottle):
    """Signed-in clients, by user (anonymous ones by address)."""


MODIFIED_SINCE = OpenApiParameter(
    "modified_since",
    OpenApiTypes.DATETIME,
    description=_(
        "Only objects created, changed or made public at or after this moment (ISO 8601, e.g. "
        "2024-05-01T00:00:00+03:00), and the objects deleted since, as "
        '{"id", "type", "deleted": true, "modified"}: for incremental sync.'
    ),
)


def _date_parse(value: str) -> dt.date | None:
    """`parse_date`, with None for a well-formed impossible day (2024-02-30) too."""
    try:
        return parse_date(value)
    except ValueError:
        return None


def _utc(moment: dt.datetime) -> dt.datetime | None:
    """An aware moment in UTC; None outside the years 1–9999 in UTC. (PostgreSQL refuses a UTC
    offset beyond 15:59 that Python accepts, and either database a moment it cannot store.)"""
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:
        return None


def modified_since_parse(value: str | None) -> dt.datetime | None:
    """The `modified_since` parameter as an aware datetime in UTC (a date alone is its midnight
    in Helsinki); a 400 error when it is not one."""
    if not value:
        return None
    try:
        moment = parse_datetime(value.replace(" ", "+"))  # "+" arrives as a space if unquoted
    except ValueError:
        moment = None
    if moment is None:
        day = _date_parse(value)
        moment = helsinki_datetime(day.year, day.month, day.day) if day else None
    elif timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    moment = _utc(moment) if moment is not None else None
    if moment is None:
        raise ValidationError(
            {"modified_since": [_("Give an ISO 8601 date and time, e.g. 2024-05-01T00:00Z.")]}
        )
    return moment


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment, in UTC for the database (see `_utc`)."""

    def to_python(self, value: Any) -> dt.datetime | None:
        moment = super().to_python(value)
        if moment is None:
            return None
        utc = _utc(moment)
        if utc is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return utc


class UtcIsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class CachedReadMixin:
    """ETag and conditional GET (Django's `ConditionalGetMiddleware` on these views: an
    unchanged response answers `If-None-Match` with 304), a minute of public caching, and a
    response that varies by the format asked for."""

    @classonlymethod
    def as_view(cls, *args: Any, **kwargs: Any) -> Any:
        return _conditional_get(super().as_view(*args, **kwargs))  # type: ignore[misc]

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            patch_cache_control(response, public=True, max_age=60)
        patch_vary_headers(response, ["Accept"])
        return response


class PublicViewSet(CachedReadMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only endpoint of public objects: `rows(since=)` gives the objects listed,
    `object_type` the type name deleted ones had."""

    object_type = ""
    pagination_class = ApiPagination
    throttle_classes = [ApiAnonThrottle, ApiUserThrottle]
    filter_backends = [filters.DjangoFilterBackend]

    def rows(self, *, since: dt.datetime | None) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        return self.rows(since=None)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        since = modified_since_parse(request.query_params.get("modified_since"))
        rows: Any = self.filter_queryset(self.rows(since=since))
        if since is not None:
            deleted = selectors.tombstones(types=[self.object_type], since=since)
            rows = QuerySetChain(rows, deleted)
        page = self.paginate_queryset(rows)
        assert page is not None
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)


def _read_only(name: str, description: str) -> Any:
    """The schema's words for a list and a detail endpoint of `name` objects."""
    return extend_schema_view(
        list=extend_schema(
            summary=str(_("List %(name)s")) % {"name": name},
            description=description,
            parameters=[MODIFIED_SINCE],
        ),
        retrieve=extend_schema(summary=str(_("One of %(name)s")) % {"name": name}),
    )


@_read_only("organisations", "Organisations: OParl Body.")
class OrganisationViewSet(PublicViewSet):
    """Organisations: wellbeing services counties, municipalities, joint authorities."""

    object_type = "organisation"
    serializer_class = s.OrganisationSerializer

    def rows(self, *, since: dt.datetime | None) -> QuerySet[Any]:
        return selectors.organisations_public(since=since)


class BodyFilter(filters.FilterSet):
    organisation = filters.CharFilter(
        field_name="organisation__slug", help_text=_("The organisation's slug.")
    )

    class Meta:
        model = Body
        fields = ["organisation", "kind"]


@_read_only("bodies", "Bodies of the organisations (councils, boards ...): OParl Organization.")
class BodyViewSet(PublicViewSet):
    object_type = "body"
    serializer_class = s.BodySerializer
    filterset_class = BodyFilter

    def rows(self, *, since: dt.datetime | None) -> QuerySet[Any]:
        return selectors.bodies_public(since=since)


@_read_only(
    "people",
    "People who hold a role in a body or appear in a public part of a meeting. No e-mail "
    "or phone: those are given only as the contacts of items whose text is public.",
)
class PersonViewSet(PublicViewSet):
    object_type = "person"
    serializer_class = s.PersonSerializer

    def rows(self, *, since: dt.datetime | None) -> QuerySet[Any]:
        return selectors.people_public(since=since)


class MembershipFilter(filters.FilterSet):
    body = filters.CharFilter(field_name="body__slug", help_text=_("The body's slug."))

    class Meta:
        model = Membership
        fields = ["body", "person", "role"]


@_read_only("memberships", "Roles of people in bodies, by term: OParl Membership.")
class MembershipViewSet(PublicViewSet):
    object_type = "membership"
    serializer_class = s.MembershipSerializer
    filterset_class = MembershipFilter

    def rows(self, *, since: dt.datetime | None) -> QuerySet[Any]:
        return selectors.memberships_public(since=since)


class MeetingFilter(filters.FilterSet):
    body = filters.CharFilter(field_name="body__slug", help_text=_("The body's slug."))
    start_from = UtcIsoDateTimeFilter(
        field_name="start", lookup_expr="gte", help_text=_("Starting at or after.")
    )
    start_to = UtcIsoDateTimeFilter(
        field_name="start", lookup_expr="lt", help_text=_("Starting before.")
    )

    class Meta:
        model = Meeting
        fields = ["body", "status", "year"]


@_read_only(
    "meetings",
    "Every meeting with its time, place and status; the agenda once sent, the participants "
    "once the minutes are published: OParl Meeting.",
)
class MeetingViewSet(PublicViewSet):
    object_type = "meeting"
    serializer_class = s.MeetingSerializer
    filterset_class = MeetingFilter

    def rows(self, *, since: dt.datetime | None) -> QuerySet[Any]:
        return selectors.meetings_public(since=since)


class AgendaItemFilter(filters.FilterSet):
    body = filters.CharFilter(field_name="meeting__body__slug", help_text=_("The body's slug."))

    class Meta:
        model = AgendaItem
        fields = ["meeting", "case", "body"]


@_read_only(
    "agenda items",
    "Items of public agendas: the text once public, the decision (text and structured type) "
    "and votes once the minutes are published; confidential items as a mention with the legal "
    "basis: OParl AgendaItem (with Consultation).",
)
class AgendaItemViewSet(PublicViewSet):
    object_type = "agenda_item"
    serializer_class = s.AgendaItemSerializer
    filterset_class = AgendaItemFilter

    def rows(self, *, since: dt.datetime | None) -> QuerySet[Any]:
        return selectors.agenda_items_public(since=since)


class CaseFilter(filters.FilterSet):
    organisation = filters.CharFilter(
        field_name="organisation__slug", help_text=_("The organisation's slug.")
    )

    class Meta:
        model = Case
        fields = ["organisation", "year", "record_number"]


@_read_only("cases", "Cases of the register that a public agenda has carried: OParl Paper.")
class CaseViewSet(PublicViewSet):
    object_type = "case"
    serializer_class = s.CaseSerializer
    filterset_class = CaseFilter

    def rows(self, *, since: dt.datetime | None) -> QuerySet[Any]:
        return selectors.cases_public(since=since)


class AttachmentFilter(filters.FilterSet):
    class Meta:
        model = Attachment
        fields = ["agenda_item"]


@_read_only(
    "attachments",
    "Attachments of items whose text is public: a download address for the public ones, a "
    "record with the legal basis for the others: OParl File.",
)
class AttachmentViewSet(PublicViewSet):
    object_type = "attachment"
    serializer_class = s.AttachmentSerializer
    filterset_class = AttachmentFilter

    def rows(self, *, since: dt.datetime | None) -> QuerySet[Any]:
        return selectors.attachments_public(since=since)


class VoteFilter(filters.FilterSet):
    class Meta:
        model = Vote
        fields = ["agenda_item"]


@_read_only("votes", "Votes by name on items whose decision is public.")
class VoteViewSet(PublicViewSet):
    object_type = "vote"
    serializer_class = s.VoteSerializer
    filterset_class = VoteFilter

    def rows(self, *, since: dt.datetime | None) -> QuerySet[Any]:
        return selectors.votes_public(since=since)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["seats"] = getattr(self, "_seats", {})
        return context

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        self._seats = selectors.seats_of_meetings(
            meetings=[vote.agenda_item.meeting for vote in page or [] if isinstance(vote, Vote)]
        )
        return page

    def get_object(self) -> Any:
        vote = super().get_object()
        self._seats = selectors.seats_of_meetings(meetings=[vote.agenda_item.meeting])
        return vote


def _day(request: Request, name: str) -> dt.date | None:
    value = request.query_params.get(name)
    if not value:
        return None
    day = _date_parse(value)
    if day is None:
        raise ValidationError({name: [_("Give a date as YYYY-MM-DD.")]})
    return day


DECISION_PARAMETERS = [
    OpenApiParameter("body", str, description=_("A body's slug.")),
    OpenApiParameter("organisation", str, description=_("An organisation's slug.")),
    OpenApiParameter(
        "type",
        str,
        enum=AgendaItem.DecisionType.values,
        description=_("The structured type of the decision."),
    ),
    OpenApiParameter("q", str, description=_("Words that must all appear in the item.")),
    OpenApiParameter("from", OpenApiTypes.DATE, description=_("Meetings on or after this day.")),
    OpenApiParameter("to", OpenApiTypes.DATE, description=_("Meetings on or before this day.")),
    MODIFIED_SINCE,
]


@extend_schema_view(
    list=extend_schema(
        summary=str(_("List public decisions")),
        description=(
            "Agenda items with a public decision, newest meeting first: the same list and "
            "filters as the public decisions page and feeds."
        ),
        parameters=DECISION_PARAMETERS,
    )
)
class DecisionViewSet(CachedReadMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = s.AgendaItemSerializer
    pagination_class = ApiPagination
    throttle_classes = [ApiAnonThrottle, ApiUserThrottle]

    def decision_filter(self) -> DecisionFilter:
        params = self.request.query_params
        for name in ("body", "organisation", "q"):  # PostgreSQL refuses them in a lookup
            if "\x00" in params.get(name, ""):
                raise ValidationError({name: [_("Null characters are not allowed.")]})
        decision_type = params.get("type", "")
        if decision_type and decision_type not in AgendaItem.DecisionType.values:
            raise ValidationError({"type": [_("Unknown type of decision.")]})
        return DecisionFilter(
            body=params.get("body", ""),
            organisation=params.get("organisation", ""),
            decision_type=decision_type,
            q=params.get("q", ""),
            date_from=_day(self.request, "from"),
            date_to=_day(self.request, "to"),
        )

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.decisions_public(filters=self.decision_filter())

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        since = modified_since_parse(request.query_params.get("modified_since"))
        rows: Any = selectors.decisions_public(filters=self.decision_filter(), since=since)
        if since is not None:
            rows = QuerySetChain(rows, selectors.tombstones(types=["agenda_item"], since=since))
        page = self.paginate_queryset(rows)
        assert page is not None
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


SEARCH_PAGE_SIZE = 20
SEARCH_MAX_PAGE_SIZE = 100
SEARCH_PARAMETERS = [
    OpenApiParameter(
        "q",
        str,
        description=_(
            'The words to search for: each finds its inflected forms and compounds; "a phrase" '
            "in quotes, a beginning with an asterisk (valtuusto*), -word to leave one out."
        ),
    ),
    OpenApiParameter("body", str, description=_("A body's slug.")),
    OpenApiParameter("from", OpenApiTypes.DATE, description=_("Dated on or after this day.")),
    OpenApiParameter("to", OpenApiTypes.DATE, description=_("Dated on or before this day.")),
    OpenApiParameter(
        "type",
        str,
        enum=Kind.values,
        many=True,
        explode=True,
        description=_("Kinds of document: repeated, or several separated by commas."),
    ),
    OpenApiParameter(
        "decision_type",
        str,
        enum=AgendaItem.DecisionType.values,
        description=_("The structured type of the decision."),
    ),
    OpenApiParameter(
        "order",
        str,
        enum=["relevance", "date"],
        description=_("Best match first (the default) or newest first."),
    ),
    OpenApiParameter("page", int, description=_("The page number.")),
    OpenApiParameter(
        "page_size", int, description=_("Results a page: 20 by default, at most 100.")
    ),
]


def _page_size(value: str | None) -> int:
    try:
        size = int(value or SEARCH_PAGE_SIZE)
    except ValueError:
        return SEARCH_PAGE_SIZE
    return min(max(size, 1), SEARCH_MAX_PAGE_SIZE)


class SearchViewSet(CachedReadMixin, viewsets.ViewSet):
    """The public search: the search page's query and filters, best match first."""

    throttle_classes = [ApiAnonThrottle, ApiUserThrottle]

    @extend_schema(
        summary=str(_("Search")),
        description=(
            "Search everything public (agenda items and decisions, attachments, meetings, "
            "cases, bodies, people, news) with Finnish inflection and compounds understood, "
            "as the search page does. Each result gives its type, title, public page, a "
            "snippet with the matched words marked, date, body, decision type and score."
        ),
        parameters=SEARCH_PARAMETERS,
        responses=s.SearchPageSerializer,
    )
    def list(self, request: Request) -> Response:
        form = SearchForm(request.query_params)
        if not form.is_valid():
            if "page" in form.errors:
                raise NotFound(_("Invalid page."))
            raise ValidationError(
                {
                    name.replace("__all__", "non_field_errors"): errors
                    for name, errors in form.errors.items()
                }
            )
        size = _page_size(request.query_params.get("page_size"))
        found = search_selector(audience=PUBLIC, page_size=size, **form.search_kwargs())
        if found.page > found.pages:
            raise NotFound(_("Invalid page."))
        url = request.build_absolute_uri()
        results = s.SearchHitSerializer(found.hits, many=True, context={"request": request})
        return Response(
            {
                "count": found.total,
                "count_capped": found.total_capped,
                "next": replace_query_param(url, "page", found.page + 1)
                if found.has_next
                else None,
                "previous": (
                    replace_query_param(url, "page", found.page - 1)
                    if found.page > 2
                    else remove_query_param(url, "page")
                )
                if found.has_previous
                else None,
                "results": results.data,
            }
        )


class ApiRootView(CachedReadMixin, APIView):
    """Kokous's open API: the public meetings and decisions of the bodies it serves. Every
    object's `id` is its own address here. Lists take `page`, `page_size` (up to 200) and
    `modified_since`; answers carry an ETag for conditional requests."""

    throttle_classes = [ApiAnonThrottle, ApiUserThrottle]

    @extend_schema(
        summary=str(_("The endpoints")),
        responses={200: {"type": "object", "additionalProperties": {"type": "string"}}},
    )
    def get(self, request: Request, format: str | None = None) -> Response:
        names = [
            ("organisations", "api:organisation-list"),
            ("bodies", "api:body-list"),
            ("people", "api:person-list"),
            ("memberships", "api:membership-list"),
            ("meetings", "api:meeting-list"),
            ("agenda_items", "api:agenda-item-list"),
            ("decisions", "api:decision-list"),
            ("cases", "api:case-list"),
            ("attachments", "api:attachment-list"),
            ("votes", "api:vote-list"),
            ("search", "api:search-list"),
            ("schema", "api:schema"),
            ("docs", "api:docs"),
        ]
        return Response({key: reverse(name, request=request) for key, name in names})
