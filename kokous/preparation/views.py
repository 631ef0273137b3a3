"""Public pages of preparation work: an organisation's roadmaps with the timeline and the
links between tasks, the annual cycle and the organisation chart. Each picture comes with the
same data as a table."""

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kokous.core.timeutil import local_date
from kokous.meetings.models import Meeting
from kokous.organisations.models import Body, Organisation
from kokous.preparation import pictures, selectors
from kokous.preparation.models import CycleEvent, Roadmap, TaskLink


def _organisation(slug: str) -> Organisation:
    return get_object_or_404(Organisation, slug=slug)


def index(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.filter(
        Q(roadmaps__isnull=False) | Q(cycle_events__isnull=False)
    ).distinct()
    return render(request, "preparation/index.html", {"organisations": organisations})


def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation(slug)
    roadmaps = selectors.organisation_roadmaps(organisation_id=org.pk)
    groups = Body.objects.filter(
        organisation=org, kind__in=[Body.Kind.WORKING_GROUP, Body.Kind.SUB_WORKING_GROUP]
    ).select_related("parent")
    return render(
        request,
        "preparation/organisation.html",
        {"organisation": org, "roadmaps": roadmaps, "groups": groups},
    )


def roadmap(request: HttpRequest, slug: str, roadmap_slug: str) -> HttpResponse:
    org = _organisation(slug)
    item = get_object_or_404(Roadmap, organisation=org, slug=roadmap_slug)
    today = selectors.preparation_today()
    page = selectors.roadmap_page(roadmap=item, today=today, no_group=_("No group"))
    timeline = pictures.timeline_svg(
        rows=page.rows,
        phases=[pictures.PhaseBand(p.name, p.start, p.end) for p in page.phases],
        today=today,
        title=_("Timeline: %(roadmap)s") % {"roadmap": item.name},
        group_names=page.group_names,
    )
    links = pictures.links_svg(
        edges=[pictures.LinkEdge(source, target, kind) for source, target, kind in page.links],
        group_names=page.group_names,
        title=_("Links between tasks: %(roadmap)s") % {"roadmap": item.name},
    )
    return render(
        request,
        "preparation/roadmap.html",
        {
            "organisation": org,
            "page": page,
            "today": today,
            "timeline": timeline,
            "links_picture": links,
            "late": [row for row in page.rows if row.late],
            "reports": _reports_by_task(page),
            "link_kinds": TaskLink.Kind.choices,
        },
    )


def _reports_by_task(page: selectors.RoadmapPage) -> list[tuple[selectors.TaskRow, list]]:  # type: ignore[type-arg]
    """The tasks that were reported somewhere, with the reports as the public may see them."""
    reports = selectors.task_reports(task_ids=[row.task.pk for row in page.rows])
    by_task: dict[int, list[selectors.ReportView]] = {}
    for report in reports:
        by_task.setdefault(report.task_id, []).append(report)
    return [(row, by_task[row.task.pk]) for row in page.rows if row.task.pk in by_task]


def cycle(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation(slug)
    today = selectors.preparation_today()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 1900), 2200)
    events = list(CycleEvent.objects.filter(organisation=org).select_related("body"))
    meetings = list(
        Meeting.objects.filter(body__organisation=org, start__year=year)
        .select_related("body")
        .order_by("start")
    )
    everyone = _("The whole organisation")
    points = [
        pictures.CyclePoint(
            event.body.name if event.body else everyone,
            event.title,
            event.month,
            event.day,
            "event",
        )
        for event in events
    ] + [
        pictures.CyclePoint(
            meeting.body.name,
            _("Meeting %(date)s") % {"date": date_format(local_date(meeting.start), "j.n.Y")},
            local_date(meeting.start).month,
            local_date(meeting.start).day,
            "meeting",
        )
        for meeting in meetings
    ]
    picture = pictures.cycle_svg(
        points=points,
        year=year,
        today=today,
        title=_("Annual cycle %(year)s: %(organisation)s")
        % {"year": year, "organisation": org.name},
    )
    return render(
        request,
        "preparation/cycle.html",
        {
            "organisation": org,
            "year": year,
            "picture": picture,
            "events": events,
            "meetings": meetings,
            "years": (year - 1, year + 1),
        },
    )


def chart(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation(slug)
    bodies = list(Body.objects.filter(organisation=org).order_by("name_fi"))
    nodes = [
        pictures.ChartNode(body.pk, body.parent_id, body.name, str(body.get_kind_display()),
                           body.get_absolute_url())
        for body in bodies
    ]  # fmt: skip
    picture = pictures.org_chart_svg(
        nodes=nodes, title=_("Organisation chart: %(organisation)s") % {"organisation": org.name}
    )
    children: dict[int | None, list[Body]] = {}
    ids = {body.pk for body in bodies}
    for body in bodies:
        children.setdefault(body.parent_id if body.parent_id in ids else None, []).append(body)

    def tree(parent: int | None) -> list[tuple[Body, list]]:  # type: ignore[type-arg]
        return [(body, tree(body.pk)) for body in children.get(parent, [])]

    return render(
        request,
        "preparation/chart.html",
        {"organisation": org, "picture": picture, "tree": tree(None)},
    )
