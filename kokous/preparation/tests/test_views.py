import datetime as dt

import pytest
from django.urls import reverse

from kokous.organisations.tests.factories import BodyFactory
from kokous.preparation.models import CycleEvent, DemoClock
from kokous.preparation.tests.factories import RoadmapFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadmap():
    roadmap = RoadmapFactory(name_fi="Valmistelusuunnitelma")
    group = BodyFactory(organisation=roadmap.organisation, name_fi="Työryhmä A")
    TaskFactory(roadmap=roadmap, code="1", title="Organisaatiorakenne", group=group,
                start=dt.date(2022, 1, 17), due=dt.date(2022, 2, 4))  # fmt: skip
    TaskFactory(roadmap=roadmap, code="2", title="Päiväämätön tehtävä")
    CycleEvent.objects.create(organisation=roadmap.organisation, title_fi="Talousarvio", month=12)
    DemoClock.objects.create(today=dt.date(2022, 2, 9))
    return roadmap


def test_the_preparation_pages_show_pictures_and_tables(client, roadmap):
    org = roadmap.organisation
    index = client.get(reverse("preparation:index"))
    assert org.name in index.content.decode()
    overview = client.get(reverse("preparation:organisation", args=[org.slug]))
    assert "Valmistelusuunnitelma" in overview.content.decode()
    page = client.get(
        reverse("preparation:roadmap", args=[org.slug, roadmap.slug])
    ).content.decode()
    assert page.count('role="img"') == 1  # the timeline (no links to draw)
    assert "Organisaatiorakenne" in page and "Päiväämätön tehtävä" in page  # both in the table
    assert 'class="late"' in page  # due 4.2., the clock says 9.2.
    cycle = client.get(reverse("preparation:cycle", args=[org.slug]), {"year": "2022"})
    assert "Talousarvio" in cycle.content.decode() and 'role="img"' in cycle.content.decode()
    chart = client.get(reverse("preparation:chart", args=[org.slug]))
    assert "Työryhmä A" in chart.content.decode() and 'role="img"' in chart.content.decode()


def test_bad_addresses_and_years(client, roadmap):
    org = roadmap.organisation
    assert client.get(reverse("preparation:organisation", args=["ei-ole"])).status_code == 404
    assert client.get(reverse("preparation:roadmap", args=[org.slug, "ei-ole"])).status_code == 404
    for year in ("abc", "-5", "99999"):
        response = client.get(reverse("preparation:cycle", args=[org.slug]), {"year": year})
        assert response.status_code == 200


def test_the_roadmap_page_reads_a_fixed_number_of_queries(
    client, roadmap, django_assert_max_num_queries
):
    from kokous.organisations.tests.factories import PersonFactory

    url = reverse("preparation:roadmap", args=[roadmap.organisation.slug, roadmap.slug])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(3, 30):
        TaskFactory(roadmap=roadmap, code=f"1.{n}", title=f"Osa {n}",
                    participants=[PersonFactory()], due=dt.date(2022, 3, n % 28 + 1))  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
