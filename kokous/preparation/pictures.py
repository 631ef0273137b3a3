"""Server-rendered SVG pictures of preparation work: the timeline (Gantt) of tasks by group
and phase, the annual cycle (vuosikello), the organisation chart of bodies, and the links
between groups' tasks.

Each picture is built with ElementTree (which escapes every text) and is accessible: the root
has role="img" and is labelled by its <title> and <desc>, which say in words what it shows;
each task, body or event carries its own <title>; and the pages show the same data as a
table beside it. Colours pair dark text with light fills (WCAG AA contrast), and status is
never told by colour alone (late tasks are also marked with text)."""

import datetime as dt
import math
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kokous.core.svg import INK
from kokous.core.svg import svg_root as _root
from kokous.core.svg import svg_serialise as _serialise
from kokous.core.svg import svg_sub as _sub
from kokous.core.svg import svg_text as _text
from kokous.preparation.models import Task, TaskLink
from kokous.preparation.selectors import TaskRow

MUTED = "#4a5560"
# Light fills for groups and bodies, each readable with INK on it.
PALETTE = ("#dbe9f6", "#fde2c8", "#d7efd9", "#eadcf3", "#f9d6d8", "#d8f0f0", "#f3ecc8", "#e2e4e8")
STATUS_FILL = {
    Task.Status.NOT_STARTED: "#c9d1d9",
    Task.Status.IN_PROGRESS: "#7fb0e0",
    Task.Status.DONE: "#8cc79a",
    Task.Status.CANCELLED: "#eceff1",
    Task.LATE: "#f2a7a1",
}
STATUS_DONE_PART = "#2f6db5"  # the part of an open task's bar that is done
LATE_INK = "#8a1c14"
RIGHT_MARGIN = 96.0  # the timeline's room for the note after a bar that ends the year


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _date(day: dt.date) -> str:
    return date_format(day, "j.n.Y")


# --- Timeline --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseBand:
    name: str
    start: dt.date
    end: dt.date


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _next_quarter(day: dt.date) -> dt.date:
    month = day.month + 3
    return dt.date(day.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def timeline_svg(
    *,
    rows: Sequence[TaskRow],
    phases: Sequence[PhaseBand],
    today: dt.date,
    title: str,
    group_names: dict[int | None, str],
) -> str | None:
    """A Gantt chart of the dated tasks, by group (in the order of `group_names`), over the
    quarters they span, with the phases on top, today's line and late tasks marked. None when
    no task has a date."""
    dated = [row for row in rows if row.task.start or row.task.due]
    if not dated:
        return None
    days = [d for row in dated for d in (row.task.start, row.task.due) if d] + [
        d for phase in phases for d in (phase.start, phase.end)
    ]
    first, last = _quarter_start(min(days)), _next_quarter(_quarter_start(max(days)))
    label_width, chart_width, row_height = 380.0, 760.0, 24.0  # and RIGHT_MARGIN for notes
    span = (last - first).days

    def x(day: dt.date) -> float:
        return label_width + (day - first).days / span * chart_width

    groups: dict[int | None, list[TaskRow]] = {}
    for group_id in group_names:
        groups[group_id] = [row for row in dated if row.task.group_id == group_id]
    groups = {key: value for key, value in groups.items() if value}
    header = 64.0 if phases else 40.0
    height = header + sum((len(items) + 1) * row_height for items in groups.values()) + 16
    late = [row for row in dated if row.late]
    description = _(
        "%(tasks)s tasks from %(first)s to %(last)s by group; %(late)s of them late on %(today)s."
    ) % {
        "tasks": len(dated),
        "first": _date(min(days)),
        "last": _date(max(days)),
        "late": len(late),
        "today": _date(today),
    }
    if late:
        description += " " + _("Late: %(tasks)s.") % {
            "tasks": ", ".join(f"{row.task.code} {row.task.title}" for row in late)
        }
    root = _root(label_width + chart_width + RIGHT_MARGIN, height, "timeline", title, description)
    # Quarters, and the months in them.
    quarter = first
    axis = _sub(root, "g", {"class": "axis"})
    while quarter < last:
        following = _next_quarter(quarter)
        number = (quarter.month - 1) // 3 + 1
        _sub(axis, "rect", {
            "x": f"{x(quarter):.1f}", "y": "0", "width": f"{x(following) - x(quarter):.1f}",
            "height": "20", "fill": "#eef1f4" if number % 2 else "#e1e6eb", "stroke": "#ffffff",
        })  # fmt: skip
        _text(axis, x(quarter) + 4, 14, f"Q{number} {quarter.year}", font_weight="600")
        month = quarter
        while month < following:
            _sub(axis, "line", {
                "x1": f"{x(month):.1f}", "x2": f"{x(month):.1f}", "y1": "20",
                "y2": f"{height - 8:.1f}", "stroke": "#e1e6eb",
            })  # fmt: skip
            _text(axis, x(month) + 3, 34, str(month.month), fill=MUTED, font_size="11")
            month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        quarter = following
    for index, phase in enumerate(phases):
        band = _sub(root, "g", {"class": "phase"})
        _sub(band, "title", {}, f"{phase.name} {_date(phase.start)}–{_date(phase.end)}")
        start, end = max(phase.start, first), min(phase.end, last)
        _sub(band, "rect", {
            "x": f"{x(start):.1f}", "y": "40", "width": f"{max(x(end) - x(start), 2):.1f}",
            "height": "18", "fill": PALETTE[(index + 3) % len(PALETTE)], "stroke": "#8895a1",
        })  # fmt: skip
        _text(band, x(start) + 4, 53, _short(phase.name, int((x(end) - x(start)) / 7)),
              font_size="12")  # fmt: skip
    y = header
    for index, (group_id, items) in enumerate(groups.items()):
        section = _sub(root, "g", {"class": "group"})
        _sub(section, "rect", {
            "x": "0", "y": f"{y:.1f}", "width": f"{label_width + chart_width + RIGHT_MARGIN:.0f}",
            "height": f"{row_height:.0f}", "fill": PALETTE[index % len(PALETTE)],
        })  # fmt: skip
        _text(section, 6, y + 16, group_names[group_id], font_weight="700")
        y += row_height
        for row in items:
            _timeline_row(section, row, y, x, label_width, row_height)
            y += row_height
    if first <= today <= last:
        line = _sub(root, "g", {"class": "today"})
        _sub(line, "line", {
            "x1": f"{x(today):.1f}", "x2": f"{x(today):.1f}", "y1": "20",
            "y2": f"{height - 8:.1f}", "stroke": LATE_INK, "stroke-width": "2",
        })  # fmt: skip
        _text(line, x(today) + 4, height - 10, _("Today %(date)s") % {"date": _date(today)},
              fill=LATE_INK, font_size="12", font_weight="600")  # fmt: skip
    return _serialise(root)


def _timeline_row(
    parent: ET.Element,
    row: TaskRow,
    y: float,
    x: Callable[[dt.date], float],
    label_width: float,
    height: float,
) -> None:
    task = row.task
    g = _sub(parent, "g", {"class": "task" + (" late" if row.late else ""), "data-code": task.code})
    period = " – ".join(_date(d) for d in (task.start, task.due) if d)
    summary = f"{task.code} {task.title}: {row.status_label}, {row.progress:.0f} %, {period}"
    if task.responsible_id:
        summary += f", {task.responsible}"
    _sub(g, "title", {}, summary)
    indent = 14 + 12 * row.depth
    _text(g, indent, y + 16, _short(f"{task.code} {task.title}", int((label_width - indent) / 6.6)),
          fill=LATE_INK if row.late else INK)  # fmt: skip
    fill = STATUS_FILL.get(row.status, STATUS_FILL[Task.Status.NOT_STARTED])
    if task.start and task.due:
        left, right = x(task.start), max(x(task.due), x(task.start) + 3)
        _sub(g, "rect", {
            "x": f"{left:.1f}", "y": f"{y + 5:.1f}", "width": f"{right - left:.1f}",
            "height": f"{height - 10:.0f}", "rx": "3", "fill": fill,
            "stroke": LATE_INK if row.late else "#52606d",
            "stroke-width": "2" if row.late else "1",
            "stroke-dasharray": "4 3" if row.status == Task.Status.CANCELLED else "none",
        })  # fmt: skip
        if row.status not in (Task.Status.DONE, Task.Status.CANCELLED) and row.progress > 0:
            _sub(g, "rect", {
                "x": f"{left:.1f}", "y": f"{y + height - 9:.1f}",
                "width": f"{(right - left) * row.progress / 100:.1f}", "height": "4",
                "fill": STATUS_DONE_PART,
            })  # fmt: skip
        end = right
    else:
        day = task.due or task.start
        assert day is not None
        cx, cy = x(day), y + height / 2
        points = " ".join(
            f"{px:.1f},{py:.1f}"
            for px, py in ((cx, cy - 7), (cx + 7, cy), (cx, cy + 7), (cx - 7, cy))
        )
        _sub(
            g,
            "polygon",
            {"points": points, "fill": fill, "stroke": LATE_INK if row.late else "#52606d"},
        )
        end = cx + 8
    note = (
        _("late")
        if row.late
        else (
            row.status_label if row.status != Task.Status.IN_PROGRESS else f"{row.progress:.0f} %"
        )
    )
    _text(g, end + 5, y + 16, note, font_size="11", fill=LATE_INK if row.late else MUTED,
          font_weight="700" if row.late else "400")  # fmt: skip


# --- Annual cycle ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CyclePoint:
    """One point of the year: a recurring event or a meeting, by body (lane)."""

    lane: str
    title: str
    month: int
    day: int | None
    kind: str  # "event" or "meeting"


def cycle_svg(*, points: Sequence[CyclePoint], year: int, today: dt.date | None, title: str) -> str:
    """The year as a circle, January at the top and clockwise; each body's points on a ring of
    its own, recurring events as circles and meetings as squares; today as a hand."""
    lanes = list(dict.fromkeys(point.lane for point in points))
    # Recurring events are numbered on the circle, in the year's order, and named beside it.
    events = sorted((p for p in points if p.kind == "event"), key=lambda p: (p.month, p.day or 15))
    numbers = {id(point): n for n, point in enumerate(events, start=1)}
    size, legend_width = 560.0, 420.0
    cx = cy = size / 2
    outer = size / 2 - 70
    list_top = 40 + 22 * len(lanes) + 20
    root = _root(
        size + legend_width,
        max(size, list_top + 20 * len(events) + 10),
        "cycle",
        title,
        _(
            "The year %(year)s as a circle: %(events)s recurring events and %(meetings)s "
            "meetings of %(bodies)s bodies."
        )
        % {
            "year": year,
            "events": sum(point.kind == "event" for point in points),
            "meetings": sum(point.kind == "meeting" for point in points),
            "bodies": len(lanes),
        },
    )
    days = 366 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 365

    def angle(month: int, day: int | None) -> float:
        date = dt.date(
            year, month, min(day or 15, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
        )
        return 2 * math.pi * (date.timetuple().tm_yday - 1) / days - math.pi / 2

    face = _sub(root, "g", {"class": "months"})
    for month in range(1, 13):
        start, end = angle(month, 1), angle(month + 1, 1) if month < 12 else 1.5 * math.pi
        large = 0
        path = (
            f"M{cx:.1f},{cy:.1f} "
            f"L{cx + outer * math.cos(start):.1f},{cy + outer * math.sin(start):.1f} "
            f"A{outer:.1f},{outer:.1f} 0 {large} 1 "
            f"{cx + outer * math.cos(end):.1f},{cy + outer * math.sin(end):.1f} Z"
        )
        _sub(
            face,
            "path",
            {"d": path, "fill": "#f4f6f8" if month % 2 else "#e7ebef", "stroke": "#ffffff"},
        )
        middle = (start + end) / 2
        _text(face, cx + (outer + 22) * math.cos(middle), cy + (outer + 22) * math.sin(middle) + 4,
              str(MONTHS[month]), text_anchor="middle", font_size="12")  # fmt: skip
    ring = (outer - 40) / max(len(lanes), 1)
    for index, lane in enumerate(lanes):
        radius = outer - 20 - index * ring
        colour = PALETTE[index % len(PALETTE)]
        _sub(root, "circle", {"cx": f"{cx}", "cy": f"{cy}", "r": f"{radius:.1f}", "fill": "none",
                              "stroke": "#c3ccd5", "stroke-dasharray": "2 4"})  # fmt: skip
        y = 40 + 22 * index
        _sub(root, "rect", {"x": f"{size + 10}", "y": f"{y - 12}", "width": "16", "height": "16",
                            "fill": colour, "stroke": "#52606d"})  # fmt: skip
        _text(root, size + 32, y + 1, _short(lane, 44))
        for point in (p for p in points if p.lane == lane):
            a = angle(point.month, point.day)
            px, py = cx + radius * math.cos(a), cy + radius * math.sin(a)
            g = _sub(root, "g", {"class": point.kind})
            when = f"{point.day}.{point.month}." if point.day else str(MONTHS[point.month])
            _sub(g, "title", {}, f"{when} {point.title} ({lane})")
            if point.kind == "meeting":
                _sub(g, "rect", {"x": f"{px - 5:.1f}", "y": f"{py - 5:.1f}", "width": "10",
                                 "height": "10", "fill": colour, "stroke": INK})  # fmt: skip
            else:
                _sub(g, "circle", {"cx": f"{px:.1f}", "cy": f"{py:.1f}", "r": "9", "fill": colour,
                                   "stroke": INK, "stroke-width": "1.5"})  # fmt: skip
                _text(g, px, py + 3.5, str(numbers[id(point)]), text_anchor="middle",
                      font_size="10", font_weight="700")  # fmt: skip
    for number, point in enumerate(events, start=1):
        when = f"{point.day}.{point.month}." if point.day else str(MONTHS[point.month])
        _text(root, size + 10, list_top + 20 * (number - 1),
              _short(f"{number}. {when} {point.title}", 62), font_size="12")  # fmt: skip
    if today is not None and today.year == year:
        a = angle(today.month, today.day)
        hand = _sub(root, "g", {"class": "today"})
        _sub(hand, "title", {}, _("Today %(date)s") % {"date": _date(today)})
        _sub(hand, "line", {"x1": f"{cx}", "y1": f"{cy}", "x2": f"{cx + outer * math.cos(a):.1f}",
                            "y2": f"{cy + outer * math.sin(a):.1f}", "stroke": LATE_INK,
                            "stroke-width": "2"})  # fmt: skip
    _text(root, cx, cy + 6, str(year), text_anchor="middle", font_size="20", font_weight="700")
    return _serialise(root)


# --- Organisation chart ------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartNode:
    key: int
    parent: int | None
    name: str
    kind: str
    url: str


def org_chart_svg(*, nodes: Sequence[ChartNode], title: str) -> str:
    """The bodies as a tree from left to right: who set up whom."""
    keys = {node.key for node in nodes}
    children: dict[int | None, list[ChartNode]] = {}
    for node in nodes:
        parent = node.parent if node.parent in keys else None
        children.setdefault(parent, []).append(node)
    box_width, box_height, column, row = 250.0, 54.0, 290.0, 66.0
    place: dict[int, tuple[float, float]] = {}
    slot = [0]
    depth_max = [0]

    def lay(node: ChartNode, depth: int) -> float:
        kids = children.get(node.key, [])
        depth_max[0] = max(depth_max[0], depth)
        if kids:
            ys = [lay(kid, depth + 1) for kid in kids]
            y = (ys[0] + ys[-1]) / 2
        else:
            y = slot[0] * row
            slot[0] += 1
        place[node.key] = (depth * column, y)
        return y

    for root_node in children.get(None, []):
        lay(root_node, 0)
    width = (depth_max[0] + 1) * column
    height = max(slot[0], 1) * row + 10
    root = _root(
        width,
        height,
        "orgchart",
        title,
        _("%(count)s bodies as a tree: each is linked to the body that set it up.")
        % {"count": len(nodes)},
    )
    lines = _sub(root, "g", {"class": "links", "stroke": "#8895a1", "fill": "none"})
    for node in nodes:
        if node.parent in place and node.key in place:
            (px, py), (x, y) = place[node.parent], place[node.key]  # type: ignore[index]
            mid = px + box_width + (column - box_width) / 2
            start, end = py + 5 + box_height / 2, y + 5 + box_height / 2
            _sub(lines, "path", {"d": f"M{px + box_width:.1f},{start:.1f} H{mid:.1f} "
                                      f"V{end:.1f} H{x:.1f}"})  # fmt: skip
    for node in nodes:
        if node.key not in place:
            continue
        x, y = place[node.key]
        # No links inside: the picture is one image (role="img"); the tree beside it links.
        link = _sub(root, "g", {"class": "body", "data-url": node.url})
        _sub(link, "title", {}, f"{node.name} ({node.kind})")
        depth = round(x / column)
        _sub(link, "rect", {"x": f"{x:.1f}", "y": f"{y + 5:.1f}", "width": f"{box_width:.0f}",
                            "height": f"{box_height:.0f}", "rx": "6",
                            "fill": PALETTE[depth % len(PALETTE)],
                            "stroke": "#52606d"})  # fmt: skip
        lines_of_name = textwrap.wrap(node.name, 30)[:2]
        if len(textwrap.wrap(node.name, 30)) > 2:
            lines_of_name[1] = _short(lines_of_name[1] + " …", 30)
        for n, text in enumerate(lines_of_name):
            _text(link, x + 8, y + 22 + 15 * n, text, font_weight="600")
        _text(link, x + 8, y + box_height, node.kind, font_size="11", fill=MUTED)
    return _serialise(root)


# --- Links between tasks -----------------------------------------------------------------------


@dataclass(frozen=True)
class LinkEdge:
    source: TaskRow
    target: TaskRow
    kind: str


LINK_STYLE = {
    TaskLink.Kind.DIRECT: {"stroke-width": "2.5", "stroke-dasharray": "none"},
    TaskLink.Kind.INDIRECT: {"stroke-width": "1.5", "stroke-dasharray": "6 4"},
    TaskLink.Kind.DEPENDS_ON: {"stroke-width": "1.5", "stroke-dasharray": "2 3"},
}


def links_svg(
    *, edges: Sequence[LinkEdge], group_names: dict[int | None, str], title: str
) -> str | None:
    """The tasks that bear on others, by group on the left, and the tasks they bear on, on the
    right; a solid line for a direct effect, dashed for an indirect one, dotted for
    dependence. None without links."""
    if not edges:
        return None
    targets = list({edge.target.task.pk: edge.target for edge in edges}.values())
    target_ids = {row.task.pk for row in targets}
    sources = [row for row in {edge.source.task.pk: edge.source for edge in edges}.values()
               if row.task.pk not in target_ids]  # fmt: skip
    by_group: dict[int | None, list[TaskRow]] = {}
    for group_id in group_names:
        items = [row for row in sources if row.task.group_id == group_id]
        if items:
            by_group[group_id] = sorted(items, key=lambda row: row.task.sort_key)
    box_width, box_height, gap = 300.0, 22.0, 4.0
    left_x, right_x = 10.0, 640.0
    place: dict[int, tuple[float, float]] = {}
    y = 50.0
    root_parts: list[tuple[str, float, int | None]] = []
    for group_id, items in by_group.items():
        root_parts.append((group_names[group_id], y, group_id))
        y += 22
        for row in items:
            place[row.task.pk] = (left_x, y)
            y += box_height + gap
        y += 10
    height_left = y
    ty = max(50.0, (height_left - len(targets) * (box_height + 30)) / 2)
    for row in targets:
        place[row.task.pk] = (right_x, ty)
        ty += box_height + 30
    height = max(height_left, ty) + 30
    direct = sum(edge.kind == TaskLink.Kind.DIRECT for edge in edges)
    root = _root(
        right_x + box_width + 20,
        height,
        "links",
        title,
        _(
            "%(count)s links between tasks: %(direct)s direct effects, %(other)s indirect "
            "effects or dependencies."
        )
        % {"count": len(edges), "direct": direct, "other": len(edges) - direct},
    )
    legend = _sub(root, "g", {"class": "legend"})
    for n, (kind, label) in enumerate(TaskLink.Kind.choices):
        lx = 10 + n * 200
        _sub(legend, "line", {"x1": f"{lx}", "x2": f"{lx + 40}", "y1": "18", "y2": "18",
                              "stroke": INK,
                              **LINK_STYLE[kind]})  # fmt: skip
        _text(legend, lx + 48, 22, str(label))
    arrows = _sub(root, "g", {"class": "edges", "fill": "none"})
    for edge in edges:
        (sx, sy), (tx, ty2) = place[edge.source.task.pk], place[edge.target.task.pk]
        if edge.source.task.pk in target_ids:
            start_x, start_y = sx + box_width, sy + box_height / 2
            end_x, end_y = tx + box_width, ty2 + box_height / 2
            d = (
                f"M{start_x:.1f},{start_y:.1f} C{start_x + 60:.1f},{start_y:.1f} "
                f"{end_x + 60:.1f},{end_y:.1f} {end_x:.1f},{end_y:.1f}"
            )
        else:
            start_x, start_y = sx + box_width, sy + box_height / 2
            end_x, end_y = tx, ty2 + box_height / 2
            mid = (start_x + end_x) / 2
            d = (
                f"M{start_x:.1f},{start_y:.1f} C{mid:.1f},{start_y:.1f} "
                f"{mid:.1f},{end_y:.1f} {end_x:.1f},{end_y:.1f}"
            )
        path = _sub(arrows, "path", {"d": d, "stroke": INK, **LINK_STYLE[edge.kind]})
        _sub(
            path,
            "title",
            {},
            f"{edge.source.task.code} → {edge.target.task.code}: {TaskLink.Kind(edge.kind).label}",
        )
    for name, gy, _group_id in root_parts:
        _text(root, left_x, gy + 14, name, font_weight="700")
    for index, items in enumerate(by_group.values()):
        for row in items:
            _task_box(
                root, row, place[row.task.pk], box_width, box_height, PALETTE[index % len(PALETTE)]
            )
    for row in targets:
        _task_box(root, row, place[row.task.pk], box_width, box_height, "#ffffff")
    return _serialise(root)


def _task_box(
    parent: ET.Element,
    row: TaskRow,
    at: tuple[float, float],
    width: float,
    height: float,
    fill: str,
) -> None:
    x, y = at
    g = _sub(parent, "g", {"class": "task", "data-code": row.task.code})
    _sub(g, "title", {}, f"{row.task.code} {row.task.title}: {row.status_label}")
    _sub(g, "rect", {"x": f"{x:.1f}", "y": f"{y:.1f}", "width": f"{width:.0f}",
                     "height": f"{height:.0f}", "rx": "4", "fill": fill,
                     "stroke": LATE_INK if row.late else "#52606d"})  # fmt: skip
    _text(g, x + 6, y + 15, _short(f"{row.task.code} {row.task.title}", int(width / 6.8)))
