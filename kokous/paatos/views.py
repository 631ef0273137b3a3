"""The 6Aika Open Decisions API's endpoints: one list and one detail view per object type, thin
over `kokous.paatos.selectors` (what is public) and `kokous.paatos.representations` (how it
reads; the mapping is documented there).

Plain Django views returning JSON: the API's shape is fixed by its specification, so nothing
here follows the project's REST framework settings (pagination, renderers), which belong to
Kokous's own API.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kokous.core.querysets import QuerySetChain
from kokous.organisations.models import Body, Organisation
from kokous.paatos import representations as rep
from kokous.paatos import selectors

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 2**62


@dataclass(frozen=True)
class Resource:
    """One object type: its list rows, how one is found by id, and how rows read."""

    kind: str
    rows: Callable[[HttpRequest], Any]  # a QuerySet or anything with count() and slicing
    get: Callable[[int], Any | None]
    render: Callable[..., list[rep.Json]]
    # The spec gives person and membership lists as {meta, objects}, the others as
    # {count, next, previous, results}; all get `meta`.
    objects_shape: bool = False


class BadRequest(Exception):
    pass


def _organization_get(pk: int) -> Organisation | Body | None:
    kind, key = selectors.organization_key(pk)
    if kind == "body":
        return selectors.bodies().filter(pk=key).first()
    return selectors.organisations().filter(pk=key).first()


def _post_get(pk: int) -> dict[str, Any] | None:
    key = selectors.post_key(pk)
    if key is None:
        return None
    return selectors.posts().filter(body_id=key[0], role=key[1]).first()


def _function_get(pk: int) -> dict[str, Any] | None:
    code = selectors.function_code(pk)
    if code is None:
        return None
    return selectors.functions().filter(task_class=code).first()


def _events(request: HttpRequest) -> QuerySet[Any]:
    meetings = selectors.events()
    organization = request.GET.get("organization")
    if organization:
        try:
            number = int(organization)
            if not 0 < number <= MAX_ID:
                raise ValueError(organization)
            kind, key = selectors.organization_key(number)
        except ValueError as exc:
            raise BadRequest(_("organization must be an organization's id.")) from exc
        if kind == "body":
            meetings = meetings.filter(body_id=key)
        else:
            meetings = meetings.filter(body__organisation_id=key)
    return meetings


RESOURCES = {
    resource.kind: resource
    for resource in [
        Resource(
            kind="case",
            rows=lambda request: selectors.cases_public(),
            get=lambda pk: selectors.cases_public().filter(pk=pk).first(),
            render=rep.cases_json,
        ),
        Resource(
            kind="action",
            rows=lambda request: selectors.actions_listed(),
            get=lambda pk: selectors.actions_listed().filter(pk=pk).first(),
            render=rep.actions_json,
        ),
        Resource(
            kind="person",
            rows=lambda request: selectors.people_public(),
            get=lambda pk: selectors.people_public().filter(pk=pk).first(),
            render=rep.people_json,
            objects_shape=True,
        ),
        Resource(
            kind="organization",
            rows=lambda request: QuerySetChain(selectors.organisations(), selectors.bodies()),
            get=_organization_get,
            render=rep.organizations_json,
        ),
        Resource(
            kind="membership",
            rows=lambda request: selectors.memberships(),
            get=lambda pk: selectors.memberships().filter(pk=pk).first(),
            render=rep.memberships_json,
            objects_shape=True,
        ),
        Resource(
            kind="post",
            rows=lambda request: selectors.posts(),
            get=_post_get,
            render=rep.posts_json,
        ),
        Resource(
            kind="event",
            rows=_events,
            get=lambda pk: selectors.events().filter(pk=pk).first(),
            render=rep.events_json,
        ),
        Resource(
            kind="function",
            rows=lambda request: selectors.functions(),
            get=_function_get,
            render=rep.functions_json,
        ),
    ]
}


def _json(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _error(message: str, status: int) -> JsonResponse:
    return _json({"detail": message}, status=status)


def _number(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise BadRequest(_("%(name)s must be a whole number.") % {"name": name}) from exc


def _window(request: HttpRequest) -> tuple[int, int]:
    """(limit, offset) from `limit`/`offset`, or from `page`/`page_size` when neither is given."""
    limit, offset = _number(request, "limit"), _number(request, "offset")
    if limit is None and offset is None:
        page_size, page = _number(request, "page_size"), _number(request, "page")
        if page_size is not None or page is not None:
            limit = page_size or DEFAULT_LIMIT
            limit = min(max(limit, 1), MAX_LIMIT)
            offset = (max(page or 1, 1) - 1) * limit
    limit = min(max(limit or DEFAULT_LIMIT, 1), MAX_LIMIT)
    offset = max(offset or 0, 0)
    if offset > MAX_OFFSET:  # the databases take a 64-bit OFFSET at most
        raise BadRequest(
            _("%(label)s is a whole number from %(low)s to %(high)s.")
            % {"label": "offset", "low": 0, "high": MAX_OFFSET}
        )
    return limit, offset


def _page_link(request: HttpRequest, *, limit: int, offset: int) -> str:
    query = {
        key: value
        for key, value in request.GET.items()
        if key not in {"limit", "offset", "page", "page_size"}
    }
    query.update({"limit": str(limit), "offset": str(offset)})
    return request.build_absolute_uri(f"{request.path}?{urlencode(query)}")


def not_found(request: HttpRequest) -> JsonResponse:
    """An address under this API that names no endpoint (see `kokous.urls.page_not_found`)."""
    return _error(_("Not found."), 404)


@require_safe
def object_list(request: HttpRequest, kind: str) -> JsonResponse:
    resource = RESOURCES[kind]
    try:
        limit, offset = _window(request)
        rows = resource.rows(request)
    except BadRequest as exc:
        return _error(str(exc), 400)
    total = rows.count()
    page: Sequence[Any] = list(rows[offset : offset + limit])
    following = (
        _page_link(request, limit=limit, offset=offset + limit) if offset + limit < total else None
    )
    preceding = (
        _page_link(request, limit=limit, offset=max(offset - limit, 0)) if offset > 0 else None
    )
    meta = {
        "limit": limit,
        "offset": offset,
        "total_count": total,
        "next": following,
        "previous": preceding,
    }
    objects = resource.render(page, links=rep.Links(request))
    if resource.objects_shape:
        return _json({"meta": meta, "objects": objects})
    return _json(
        {
            "count": total,
            "next": following,
            "previous": preceding,
            "results": objects,
            "meta": meta,
        }
    )


# Larger ids exist nowhere (and SQLite cannot even compare them).
MAX_ID = 2**63 - 1


@require_safe
def object_detail(request: HttpRequest, kind: str, pk: int) -> JsonResponse:
    found = RESOURCES[kind].get(pk) if pk <= MAX_ID else None
    if found is None:
        return _error(_("Not found."), 404)
    return _json(RESOURCES[kind].render([found], links=rep.Links(request))[0])
