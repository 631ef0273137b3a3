"""The lists of the public site: the decisions list with its filters, the meeting calendar and
the front page; their links, metadata and query counts."""

import datetime as dt
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse

from kokous.core.timeutil import helsinki_datetime
from kokous.documents.tests.builders import (
    SECRET_DECISION,
    Small,
    everything_meeting,
    small_meeting,
)
from kokous.documents.tests.conftest import documents_stored_in, html_text, one, parse_html
from kokous.meetings.models import AgendaItem, Meeting
from kokous.meetings.tests.factories import MeetingFactory
from kokous.news.models import News
from kokous.news.tests.factories import make_news
from kokous.search.services import search_reindex

pytestmark = pytest.mark.django_db

DECISIONS = reverse("publishing:decisions")
MEETINGS = reverse("publishing:meetings")


@pytest.fixture(autouse=True)
def storage(tmp_path, settings) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    with documents_stored_in(tmp_path / "documents"):
        yield


@pytest.fixture
def published() -> Small:
    return small_meeting("published")


def rows(response) -> list[str]:
    return [html_text(li) for li in parse_html(response.content).select("ol.decisions > li")]


def count(response) -> str:
    return html_text(one(parse_html(response.content), ".result-count"))


# The decisions list ---------------------------------------------------------------------------


def test_decisions_list_rows(client: Client, published):
    client.cookies["django_language"] = "en"
    response = client.get(DECISIONS)
    assert response.status_code == 200
    found = rows(response)
    # The opening items (§ 1-4), the matter (§ 5) and the item public after the decision (§ 7);
    # never the confidential § 6.
    assert count(response) == "6 decisions"
    assert not any("Henkilöstöasia" in row for row in found)
    matter = next(row for row in found if "Palveluverkko" in row)
    assert "25 November 2025" in matter and "Aluehallitus" in matter and "5 §" in matter
    assert "Adopted as proposed" in matter and "Päätös 5 §." in matter
    soup = parse_html(response.content)
    assert soup.select_one(f"a[href='{reverse('publishing:item', args=[published.matter.pk])}']")


def test_decisions_filters(client: Client, published):
    other = small_meeting("published")
    search_reindex()  # the decisions search reads the index
    assert count(client.get(DECISIONS)).startswith("12 ")
    by_body = client.get(DECISIONS, {"body": other.body.slug})
    assert count(by_body).startswith("6 ")
    assert count(client.get(DECISIONS, {"organisation": published.organisation.slug})).startswith(
        "6 "
    )
    assert count(client.get(DECISIONS, {"type": "noted"})).startswith("8 ")
    assert count(client.get(DECISIONS, {"q": "Palveluverkko"})).startswith("2 ")
    assert count(client.get(DECISIONS, {"from": "2025-11-25", "to": "2025-11-25"})).startswith(
        "12 "
    )
    assert count(client.get(DECISIONS, {"from": "2025-11-26"})).startswith("0 ")
    assert count(client.get(DECISIONS, {"to": "2025-11-24"})).startswith("0 ")


def test_decisions_form_is_labelled_and_keeps_its_values(client: Client, published):
    soup = parse_html(client.get(DECISIONS, {"q": "Palvelu", "type": "noted"}).content)
    form = one(soup, "form.filter-form")
    assert form["method"] == "get"
    for name in ("q", "body", "organisation", "type", "from", "to"):
        field = one(form, f"[name={name}]")
        assert one(form, f"label[for={field['id']}]")
    assert one(form, "[name=q]")["value"] == "Palvelu"
    assert one(form, "[name=type] option[selected]")["value"] == "noted"


@pytest.mark.parametrize(
    "query",
    [
        {"from": "2025-13-45"},
        {"to": "eilen"},
        {"type": "secret"},
        {"body": "no-such-body"},
        {"from": "2025-12-01", "to": "2025-11-01"},
    ],
)
def test_bad_filters_are_form_errors(client: Client, published, query):
    response = client.get(DECISIONS, query)
    assert response.status_code == 200
    soup = parse_html(response.content)
    assert soup.select(".field-error"), query
    assert soup.select_one("[aria-invalid=true]") is not None
    assert not soup.select("ol.decisions")


def test_subscription_links_carry_the_filters(client: Client, published):
    query = {"body": published.body.slug, "q": "Palvelu", "page": "1"}
    soup = parse_html(client.get(DECISIONS, query).content)
    alternates = {link["type"]: link["href"] for link in soup.select("link[rel=alternate]")}
    rss = alternates["application/rss+xml"]
    assert rss.startswith(reverse("syndication:decisions_rss") + "?")
    assert f"body={published.body.slug}" in rss and "q=Palvelu" in rss and "page" not in rss
    assert alternates["application/atom+xml"].startswith(reverse("syndication:decisions_atom"))
    links = [a["href"] for a in soup.select(".subscribe a")]
    assert links[0] == rss
    # The feed answers to the same query.
    assert client.get(rss).status_code == 200
    canonical = one(soup, "link[rel=canonical]")["href"]
    assert canonical.startswith("http://testserver/decisions/?") and "q=Palvelu" in canonical


def test_decisions_are_paginated(client: Client, published):
    for _n in range(4):
        small_meeting("published")
    response = client.get(DECISIONS)
    assert count(response).startswith("30 ")
    assert len(rows(response)) == 20
    second = client.get(DECISIONS, {"page": "2"})
    assert len(rows(second)) == 10
    assert one(parse_html(second.content), "a[rel=prev]")
    assert client.get(DECISIONS, {"page": "x"}).status_code == 200


def test_decisions_list_query_count(client: Client, published, django_assert_max_num_queries):
    for _n in range(3):
        small_meeting("published")
    with django_assert_max_num_queries(8):
        assert client.get(DECISIONS).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(DECISIONS, {"q": "Päätös", "type": "noted"}).status_code == 200


def test_decisions_of_unpublished_minutes_are_not_listed(client: Client):
    held = small_meeting("held")
    assert count(client.get(DECISIONS)).startswith("0 ")
    assert "Päätös 5 §." not in client.get(DECISIONS).content.decode()
    assert held.meeting.status == Meeting.Status.HELD


def test_confidential_decision_cannot_be_searched(client: Client):
    board = everything_meeting()
    response = client.get(DECISIONS, {"q": "Salaperä"})
    assert count(response).startswith("0 ")
    assert SECRET_DECISION not in response.content.decode()
    assert board.item("confidential").decision.startswith(SECRET_DECISION)


# The meeting calendar -------------------------------------------------------------------------


def test_month_calendar_with_previous_and_next_months(client: Client, published):
    other = MeetingFactory(start=helsinki_datetime(2025, 11, 3, 9), place="Kaupungintalo")
    MeetingFactory(start=helsinki_datetime(2025, 12, 1, 9))
    response = client.get(MEETINGS, {"month": "2025-11"})
    assert response.status_code == 200
    soup = parse_html(response.content)
    days = [html_text(one(section, "h2")) for section in soup.select("section.calendar-day")]
    assert len(days) == 2 and "3.11.2025" in days[0] and "25.11.2025" in days[1]
    page = html_text(soup)
    assert "Aluehallitus" in page and "Kaupungintalo" in page and other.body.name in page
    assert soup.select_one(f"a[href='{published.meeting.get_absolute_url()}']")
    assert one(soup, "a[rel=prev]")["href"] == "?month=2025-10"
    assert one(soup, "a[rel=next]")["href"] == "?month=2025-12"
    assert one(soup, "link[rel=canonical]")["href"] == "http://testserver/meetings/?month=2025-11"


def test_calendar_of_one_body_links_its_ics(client: Client, published):
    MeetingFactory(start=helsinki_datetime(2025, 11, 3, 9))
    soup = parse_html(
        client.get(MEETINGS, {"month": "2025-11", "body": published.body.slug}).content
    )
    assert len(soup.select("section.calendar-day")) == 1
    ics = f"{reverse('syndication:meetings_ics')}?body={published.body.slug}"
    assert soup.select_one(f".subscribe a[href='{ics}']")
    assert one(soup, "link[rel=alternate][type='text/calendar']")["href"] == ics
    assert one(soup, "a[rel=next]")["href"] == f"?month=2025-12&body={published.body.slug}"


def test_calendar_without_a_month_shows_the_upcoming_meetings(client: Client, published):
    future = MeetingFactory(start=helsinki_datetime(2099, 3, 4, 17))
    soup = parse_html(client.get(MEETINGS).content)
    assert soup.select_one(f"a[href='{future.get_absolute_url()}']")
    assert not soup.select_one(f"a[href='{published.meeting.get_absolute_url()}']")


@pytest.mark.parametrize("query", [{"month": "2025-13"}, {"month": "marras"}, {"body": "ei-ole"}])
def test_bad_calendar_input_is_a_form_error(client: Client, query):
    response = client.get(MEETINGS, query)
    assert response.status_code == 200
    assert parse_html(response.content).select(".field-error")


def test_planned_meetings_in_the_calendar_show_time_only(client: Client):
    planned = small_meeting("planned")
    AgendaItem.objects.filter(meeting=planned.meeting).update(title="Suunnitteilla9951")
    response = client.get(MEETINGS, {"month": "2025-11"})
    assert planned.meeting.get_absolute_url() in response.content.decode()
    assert "Suunnitteilla9951" not in response.content.decode()


def test_calendar_query_count(client: Client, django_assert_max_num_queries):
    for day in range(1, 20):
        MeetingFactory(start=helsinki_datetime(2025, 11, day, 9))
    with django_assert_max_num_queries(4):
        assert client.get(MEETINGS, {"month": "2025-11"}).status_code == 200


# The front page and the navigation -----------------------------------------------------------


def test_home_shows_latest_decisions_and_public_news(client: Client, published):
    make_news("Julkaistu uutinen")
    make_news("Luonnosuutinen", status=News.Status.DRAFT)
    make_news(
        "Tuleva uutinen",
        publish_at=helsinki_datetime(2099, 1, 1),
    )
    soup = parse_html(client.get("/").content)
    page = html_text(soup)
    decisions = soup.select("ul.decisions > li")
    assert len(decisions) == 5
    assert "Palveluverkko" in html_text(decisions[0]) or "Palveluverkko" in page
    assert "Julkaistu uutinen" in page
    assert "Luonnosuutinen" not in page and "Tuleva uutinen" not in page
    assert soup.select_one(f"a[href='{reverse('publishing:decisions')}']")


def test_main_navigation_marks_the_current_page(client: Client):
    soup = parse_html(client.get(DECISIONS).content)
    nav = one(soup, "header nav")
    hrefs = [a["href"] for a in nav.select("a")]
    for name in ("publishing:home", "publishing:meetings", "publishing:decisions", "news:list"):
        assert reverse(name) in hrefs
    assert [a["href"] for a in nav.select("a[aria-current=page]")] == [DECISIONS]
    home = parse_html(client.get("/").content)
    assert [a["href"] for a in one(home, "header nav").select("a[aria-current]")] == ["/"]


def test_home_query_count(client: Client, published, django_assert_max_num_queries):
    for _n in range(3):
        small_meeting("published")
        make_news(f"Uutinen {_n}")
    with django_assert_max_num_queries(9):
        assert client.get("/").status_code == 200


def test_dates_are_helsinki_days(client: Client):
    # 23.30 UTC on 30.11. is already 1.12. in Helsinki.
    late = MeetingFactory(start=dt.datetime(2025, 11, 30, 23, 30, tzinfo=dt.UTC))
    soup = parse_html(client.get(MEETINGS, {"month": "2025-12"}).content)
    assert soup.select_one(f"a[href='{late.get_absolute_url()}']")
    assert "1.12.2025" in html_text(one(soup, "section.calendar-day h2"))
