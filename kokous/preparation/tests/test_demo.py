"""The demo's preparation pages: what issue 8 promises a newcomer sees."""

import pytest
from django.urls import reverse

from kokous.preparation.demo import DEMO_TODAY
from kokous.preparation.models import Roadmap, Task, TaskLink

pytestmark = pytest.mark.django_db
ORG = "kymenlaakson-hyvinvointialue"


def test_the_demo_holds_seed_003s_plan(demo):
    plan = Roadmap.objects.get(slug="kymenlaakso-johtamisen-rakenteet-ja-valineet")
    codes = set(Task.objects.filter(roadmap=plan).values_list("code", flat=True))
    assert {f"1.{n}" for n in range(1, 11)} <= codes
    interview = Task.objects.get(roadmap=plan, code="2.1")
    assert interview.responsible.full_name == "Anu Salonen"
    assert [p.full_name for p in interview.participants.all()] == ["Mari Kuusisto"]
    assert str(interview.due) == "2022-02-28"
    assert Task.objects.get(roadmap=plan, code="2.3").due.isoformat() == "2022-02-27"
    links = TaskLink.objects.filter(target__roadmap=plan, target__code="1")
    assert links.count() == 35  # the four groups' lists in seed 003
    assert set(links.filter(kind="direct").values_list("source__code", flat=True)) >= {
        "A5.1", "D3.1", "F", "A2.1", "A2.4", "A3", "B1.3", "C1.5", "D2",
    }  # fmt: skip


def test_a_newcomer_sees_the_timeline_the_annual_cycle_and_the_chart(client, demo):
    roadmap = reverse(
        "preparation:roadmap", args=[ORG, "kymenlaakso-johtamisen-rakenteet-ja-valineet"]
    )
    page = client.get(roadmap).content.decode()
    assert "Q1 2022" in page and "Vuosikellon rakentaminen toiminnan tueksi" in page
    assert page.count('role="img"') == 2  # the timeline and the links between tasks
    assert DEMO_TODAY.strftime("%-d.%-m.%Y") in page  # today's line, by the demo clock
    cycle = client.get(reverse("preparation:cycle", args=[ORG]), {"year": 2022}).content.decode()
    assert (
        "Talousarvio ja taloussuunnitelma" in cycle and "VATE:n poliittinen seurantaryhmä" in cycle
    )
    chart = client.get(reverse("preparation:chart", args=[ORG])).content.decode()
    for name in ("Johtamisen ja osaamisen valmistelutyöryhmä", "Pelastustoimen alatyöryhmä",
                 "Yhdyspintojen valmistelutyöryhmä", "Aluevaltuusto"):  # fmt: skip
        assert name in chart
