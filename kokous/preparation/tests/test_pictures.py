import datetime as dt

import pytest
from django.utils import translation
from lxml import etree

from kokous.organisations.models import Body
from kokous.organisations.tests.factories import BodyFactory
from kokous.preparation import pictures, selectors, services
from kokous.preparation.models import Task, TaskLink
from kokous.preparation.tests.factories import PhaseFactory, RoadmapFactory, TaskFactory

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"
TODAY = dt.date(2022, 2, 9)


def _parse(svg: str):
    root = etree.fromstring(svg.encode())  # raises on anything that is not well-formed XML
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby").split()
    found = {element.get("id"): element for element in root.iter() if element.get("id")}
    assert [found[i].tag for i in ids] == [f"{SVG}title", f"{SVG}desc"]
    assert all(found[i].text.strip() for i in ids)  # the text alternative says something
    return root


def _codes(root) -> list[str]:
    return [g.get("data-code") for g in root.iter(f"{SVG}g") if g.get("data-code")]


@pytest.fixture
def plan():
    roadmap = RoadmapFactory()
    group = BodyFactory(organisation=roadmap.organisation, name_fi="J&O <ryhmä>")
    PhaseFactory(roadmap=roadmap, name_fi="VATE-valmisteluvaihe", start=dt.date(2021, 7, 1),
                 end=dt.date(2022, 2, 28))  # fmt: skip
    TaskFactory(roadmap=roadmap, code="1", title="Johtamisrakenteet", group=group,
                start=dt.date(2022, 1, 17), due=dt.date(2022, 12, 31))  # fmt: skip
    TaskFactory(roadmap=roadmap, code="1.1", title="Organisaatiorakenne & <määrittely>",
                group=group, start=dt.date(2022, 1, 17), due=dt.date(2022, 2, 4),
                progress=80)  # fmt: skip
    TaskFactory(roadmap=roadmap, code="1.2", title="Vain määräaika", due=dt.date(2022, 3, 31))
    TaskFactory(roadmap=roadmap, code="1.3", title="Ilman päiviä")
    return roadmap


def test_the_timeline_shows_each_dated_task_and_marks_the_late_ones(plan):
    page = selectors.roadmap_page(roadmap=plan, today=TODAY, no_group="Ei ryhmää")
    svg = pictures.timeline_svg(
        rows=page.rows,
        phases=[pictures.PhaseBand(p.name, p.start, p.end) for p in page.phases],
        today=TODAY,
        title="Aikajana",
        group_names=page.group_names,
    )
    root = _parse(svg)
    assert sorted(_codes(root)) == ["1", "1.1", "1.2"]  # the undated one is in the table only
    late = [g.get("data-code") for g in root.iter(f"{SVG}g") if "late" in (g.get("class") or "")]
    assert late == ["1.1"]
    description = root.find(f"{SVG}desc").text
    assert "1.1 Organisaatiorakenne & <määrittely>" in description  # escaped, and said
    assert root.find(f".//{SVG}g[@class='today']") is not None
    texts = "".join(root.itertext())
    assert "J&O <ryhmä>" in texts and "VATE-valmisteluvaihe" in texts and "Q1 2022" in texts
    # Nothing dated: no picture.
    other = RoadmapFactory()
    TaskFactory(roadmap=other)
    page = selectors.roadmap_page(roadmap=other, today=TODAY, no_group="-")
    assert pictures.timeline_svg(rows=page.rows, phases=[], today=TODAY, title="x",
                                 group_names=page.group_names) is None  # fmt: skip


def test_the_links_picture_draws_every_link_with_its_kind(plan):
    tasks = {task.code: task for task in Task.objects.filter(roadmap=plan)}
    services.task_link_set(source=tasks["1.2"], target=tasks["1"], kind=TaskLink.Kind.DIRECT)
    services.task_link_set(source=tasks["1.3"], target=tasks["1"], kind=TaskLink.Kind.INDIRECT)
    services.task_link_set(source=tasks["1.1"], target=tasks["1.2"], kind=TaskLink.Kind.DEPENDS_ON)
    page = selectors.roadmap_page(roadmap=plan, today=TODAY, no_group="Ei ryhmää")
    with translation.override("en"):
        svg = pictures.links_svg(
            edges=[pictures.LinkEdge(s, t, k) for s, t, k in page.links],
            group_names=page.group_names,
            title="Linkit",
        )
    root = _parse(svg)
    edges = [path.find(f"{SVG}title").text for path in root.iter(f"{SVG}path")]
    assert sorted(edges) == sorted(
        ["1.2 → 1: affects directly", "1.3 → 1: affects indirectly", "1.1 → 1.2: depends on"]
    )
    assert sorted(_codes(root)) == ["1", "1.1", "1.2", "1.3"]
    assert pictures.links_svg(edges=[], group_names={}, title="x") is None


def test_the_organisation_chart_is_the_tree_of_bodies():
    vate = BodyFactory(name_fi="Väliaikainen valmistelutoimielin", kind=Body.Kind.PREPARATORY_BODY)
    group = BodyFactory(organisation=vate.organisation, parent=vate, name_fi="Työryhmä")
    sub = BodyFactory(organisation=vate.organisation, parent=group, name_fi="Alatyöryhmä")
    nodes = [
        pictures.ChartNode(b.pk, b.parent_id, b.name, b.get_kind_display(), b.get_absolute_url())
        for b in (vate, group, sub)
    ]
    root = _parse(pictures.org_chart_svg(nodes=nodes, title="Organisaatiokaavio"))
    links = root.findall(f".//{SVG}g[@class='body']")
    assert [a.get("data-url") for a in links] == [b.get_absolute_url() for b in (vate, group, sub)]
    assert len(root.findall(f".//{SVG}g[@class='links']/{SVG}path")) == 2  # two parent links
    # Deeper bodies stand further right.
    xs = [float(a.find(f"{SVG}rect").get("x")) for a in links]
    assert xs[0] < xs[1] < xs[2]


def test_the_annual_cycle_places_each_point_and_today():
    points = [
        pictures.CyclePoint("Aluevaltuusto", "Talousarvio", 12, None, "event"),
        pictures.CyclePoint("Aluevaltuusto", "Tilinpäätös", 6, 30, "event"),
        pictures.CyclePoint("VATE", "Kokous 9.2.2022", 2, 9, "meeting"),
    ]
    root = _parse(pictures.cycle_svg(points=points, year=2022, today=TODAY, title="Vuosikello"))
    titles = [
        g.find(f"{SVG}title").text
        for g in root.iter(f"{SVG}g")
        if g.get("class") in ("event", "meeting")
    ]
    assert len(titles) == 3 and any("Talousarvio" in t for t in titles)
    assert root.find(f".//{SVG}g[@class='today']") is not None
    other_year = _parse(pictures.cycle_svg(points=points, year=2023, today=TODAY, title="x"))
    assert other_year.find(f".//{SVG}g[@class='today']") is None


def test_the_pictures_do_not_depend_on_elementtree_prefixes():
    """ElementTree's namespace prefixes are global: a library that registers one for SVG (as
    some do) must not turn the pictures' tags into <svg:g>, which HTML does not read as SVG."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("svg", "http://www.w3.org/2000/svg")
    ET.register_namespace("", "http://schemas.openxmlformats.org/spreadsheetml/2006/main")
    points = [pictures.CyclePoint("Aluevaltuusto", "Talousarvio", 12, None, "event")]
    svg = pictures.cycle_svg(points=points, year=2022, today=TODAY, title="Vuosikello")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<svg:" not in svg and "<ns0:" not in svg and "<g " in svg
    _parse(svg)
