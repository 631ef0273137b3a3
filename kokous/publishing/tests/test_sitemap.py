"""The sitemap: an index of sitemaps in the sitemaps.org format, listing every public page and
nothing that no public page shows (items of unsent agendas, cases no public agenda has carried,
unpublished news), in a number of queries that does not grow with the data."""

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kokous.cases.tests.factories import CaseFactory
from kokous.documents.tests.builders import small_meeting
from kokous.meetings.models import AgendaItem, Meeting
from kokous.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from kokous.news.models import News
from kokous.organisations.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE = "http://testserver"


def parse(client: Client, url: str, root: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/xml")
    tree = ET.fromstring(response.content)
    assert tree.tag == f"{NS}{root}"
    return tree


def sitemap(client: Client) -> dict[str, dict[str, str | None]]:
    """Every address of every section of the index, with its lastmod, by section."""
    index = parse(client, "/sitemap.xml", "sitemapindex")
    sections: dict[str, dict[str, str | None]] = {}
    for entry in index.findall(f"{NS}sitemap"):
        loc = entry.findtext(f"{NS}loc", "")
        assert loc.startswith(f"{SITE}/sitemap-")
        split = urlsplit(loc)
        name = split.path.removeprefix("/sitemap-").removesuffix(".xml")
        urlset = parse(client, f"{split.path}?{split.query}", "urlset")
        for url in urlset.findall(f"{NS}url"):
            address = url.findtext(f"{NS}loc", "")
            assert address.startswith(SITE)
            sections.setdefault(name, {})[address.removeprefix(SITE)] = url.findtext(f"{NS}lastmod")
    return sections


def addresses(client: Client) -> set[str]:
    return {address for section in sitemap(client).values() for address in section}


def item_url(item: AgendaItem) -> str:
    return reverse("publishing:item", kwargs={"pk": item.pk})


def test_the_index_and_its_sections_list_the_public_pages(client: Client):
    small = small_meeting("published")
    found = sitemap(client)
    assert set(found) >= {"pages", "bodies", "meetings", "items", "people"}
    assert {"/", "/meetings/", "/decisions/", "/news/"} <= set(found["pages"])
    assert small.body.get_absolute_url() in found["bodies"]
    assert small.meeting.get_absolute_url() in found["meetings"]
    assert set(found["items"]) == {item_url(item) for item in small.meeting.items.all()}
    # lastmod is the row's modified_at, as a W3C date.
    lastmod = found["meetings"][small.meeting.get_absolute_url()]
    assert lastmod is not None
    assert dt.date.fromisoformat(lastmod[:10]) == timezone.localdate()  # in Helsinki time
    members = {
        reverse("publishing:person", kwargs={"pk": m.person_id})
        for m in small.body.memberships.all()
    }
    assert members <= set(found["people"])


def test_people_without_a_seat_are_not_listed(client: Client):
    small_meeting("published")
    stranger = PersonFactory()
    assert reverse("publishing:person", kwargs={"pk": stranger.pk}) not in addresses(client)


@pytest.mark.parametrize("stage", ["planned", "sent", "published"])
def test_items_and_cases_only_once_the_agenda_is_sent(client: Client, stage):
    small = small_meeting(stage)
    case = CaseFactory(organisation=small.organisation)
    AgendaItem.objects.filter(pk=small.matter.pk).update(case=case)
    found = addresses(client)
    item_urls = {item_url(item) for item in small.meeting.items.all()}
    assert small.meeting.get_absolute_url() in found  # time and place are public from the start
    if stage == "planned":
        assert not item_urls & found
        assert case.get_absolute_url() not in found
        assert not any(address.startswith("/items/") for address in found)
    else:
        assert item_urls <= found  # the confidential item too: its page is the mention
        assert case.get_absolute_url() in found


def test_a_case_only_on_an_unsent_agenda_is_not_listed(client: Client):
    meeting = MeetingFactory(status=Meeting.Status.PLANNED)
    case = CaseFactory(organisation=meeting.body.organisation)
    AgendaItemFactory(meeting=meeting, case=case)
    assert case.get_absolute_url() not in addresses(client)


def test_only_public_news_is_listed(client: Client):
    now = timezone.now()
    public = News.objects.create(
        title="Julkaistu", slug="julkaistu", status=News.Status.PUBLISHED, publish_at=now
    )
    later = News.objects.create(
        title="Myöhemmin",
        slug="myohemmin",
        status=News.Status.PUBLISHED,
        publish_at=now + dt.timedelta(days=3),
    )
    draft = News.objects.create(title="Luonnos", slug="luonnos", status=News.Status.DRAFT)
    found = addresses(client)
    assert public.get_absolute_url() in found
    assert later.get_absolute_url() not in found
    assert draft.get_absolute_url() not in found


def test_query_count_does_not_grow_with_the_data(client: Client, django_assert_max_num_queries):
    for stage in ("planned", "sent", "published"):
        small_meeting(stage)
    # The index: a count and a latest lastmod per section.
    with django_assert_max_num_queries(15):
        parse(client, "/sitemap.xml", "sitemapindex")
    for section in ("items", "people", "meetings", "cases", "bodies", "news"):
        with django_assert_max_num_queries(3):
            parse(client, f"/sitemap-{section}.xml", "urlset")


def test_an_unknown_section_is_404(client: Client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap(client: Client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert "Disallow: /staff/" in lines
