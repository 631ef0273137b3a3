"""The decision feeds (RSS 2.0 and Atom): they parse and carry what the decisions list carries,
narrowed by the same query string, and they obey the publication rule at every stage of a
meeting: no decision before the minutes are published, never a confidential one, never a
private person's name once it has been removed."""

import datetime as dt
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from kokous.documents.tests.builders import (
    AFTER_DECISION_TEXT,
    SECRET,
    Small,
    small_meeting,
)
from kokous.meetings.models import AgendaItem
from kokous.search.services import search_reindex

pytestmark = pytest.mark.django_db

RSS = reverse("syndication:decisions_rss")
ATOM = reverse("syndication:decisions_atom")
ATOM_NS = "{http://www.w3.org/2005/Atom}"
NAME = "Matti Kivilahtinen"


def fetch(client: Client, url: str, **query: str):
    """A feed parsed by feedparser, after checking that it answered and is well-formed."""
    response = client.get(url, query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def item_ids(parsed) -> set[int]:
    return {int(entry.link.rstrip("/").rsplit("/", 1)[-1]) for entry in parsed.entries}


def entries_text(parsed) -> str:
    """What the entries of a feed say (a search's own words are echoed in the feed's title)."""
    return " ".join(f"{e.title} {e.get('summary', '')} {e.get('id', '')}" for e in parsed.entries)


def decided_items(small: Small) -> list[AgendaItem]:
    return list(small.meeting.items.exclude(decision="").order_by("position"))


# Validity -------------------------------------------------------------------------------------


def test_rss_carries_the_published_decisions(client: Client):
    small = small_meeting("published")
    response = client.get(RSS, HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"].startswith("application/rss+xml")
    parsed = fetch(client, RSS)
    assert parsed.version == "rss20"
    assert parsed.feed.title == "Decisions"
    assert parsed.feed.language == "en"
    matter = small.matter
    [entry] = [e for e in parsed.entries if e.link.endswith(f"/items/{matter.pk}/")]
    assert entry.title == "Aluehallitus 25.11.2025 § 5 Palveluverkko"
    assert entry.link == f"http://testserver/items/{matter.pk}/"
    assert entry.id == f"http://testserver/items/{matter.pk}/"  # the guid
    assert "Päätös 5 §." in entry.description
    assert "adopted as proposed" in entry.description
    # Published on 3.12.2025: midnight in Helsinki is 22.00 UTC the day before.
    assert tuple(entry.published_parsed)[:5] == (2025, 12, 2, 22, 0)
    # Newest meeting first, then in agenda order.
    assert [e.title.split(" § ")[1].split()[0] for e in parsed.entries] == [
        str(item.section_number)
        for item in decided_items(small)
        if item.pk != small.confidential.pk
    ]


def test_atom_entries_have_what_atom_requires(client: Client):
    small = small_meeting("published")
    parsed = fetch(client, ATOM)
    assert parsed.version == "atom10"
    assert item_ids(parsed) == {
        item.pk for item in decided_items(small) if item.pk != small.confidential.pk
    }
    root = ET.fromstring(client.get(ATOM).content)
    assert root.tag == f"{ATOM_NS}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM_NS}{tag}") is not None
    assert root.find(f"{ATOM_NS}link[@rel='self']") is not None
    entries = root.findall(f"{ATOM_NS}entry")
    assert entries
    for entry in entries:
        for tag in ("id", "title", "updated", "published", "summary"):
            assert entry.find(f"{ATOM_NS}{tag}") is not None, tag
        assert entry.findtext(f"{ATOM_NS}author/{ATOM_NS}name") == "Aluehallitus"
        link = entry.find(f"{ATOM_NS}link")
        assert link is not None and link.get("href", "").startswith("http://testserver/items/")
        dt.datetime.fromisoformat(entry.findtext(f"{ATOM_NS}updated", ""))


def test_rss_channel_and_items_have_what_rss_requires(client: Client):
    small_meeting("published")
    root = ET.fromstring(client.get(RSS).content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    for tag in ("title", "link", "description", "language", "lastBuildDate"):
        assert channel.findtext(tag), tag
    for item in channel.findall("item"):
        for tag in ("title", "link", "description", "guid", "pubDate"):
            assert item.findtext(tag), tag


def test_the_feed_speaks_the_active_language(client: Client):
    small_meeting("published")
    response = client.get(RSS, HTTP_ACCEPT_LANGUAGE="sv")
    assert feedparser.parse(response.content).feed.language == "sv"


def test_an_empty_feed_is_still_valid(client: Client):
    parsed = fetch(client, ATOM)
    assert parsed.entries == []


# Filters --------------------------------------------------------------------------------------


def test_filters_narrow_the_feed_and_name_themselves_in_its_title(client: Client):
    first, second = small_meeting("published"), small_meeting("published")
    search_reindex()  # the decisions search reads the index
    first_ids = {i.pk for i in decided_items(first) if i.pk != first.confidential.pk}
    second_ids = {i.pk for i in decided_items(second) if i.pk != second.confidential.pk}
    assert item_ids(fetch(client, RSS)) == first_ids | second_ids

    by_body = fetch(client, RSS, body=first.body.slug)
    assert item_ids(by_body) == first_ids
    assert "Aluehallitus" in by_body.feed.title
    by_organisation = fetch(client, ATOM, organisation=second.organisation.slug)
    assert item_ids(by_organisation) == second_ids
    assert "Pienalueen hyvinvointialue" in by_organisation.feed.title

    searched = fetch(client, RSS, q="palveluverkko", body=first.body.slug)
    assert item_ids(searched) == {first.matter.pk}
    assert "palveluverkko" in searched.feed.title and "palveluverkko" in searched.feed.subtitle
    # The feed links to the decisions list narrowed the same way.
    assert searched.feed.link.startswith("http://testserver/decisions/?")
    assert "q=palveluverkko" in searched.feed.link

    noted = fetch(client, RSS, type=AgendaItem.DecisionType.NOTED)
    assert noted.entries
    assert {e.title for e in noted.entries}.isdisjoint({"Palveluverkko"})
    assert item_ids(noted) == {
        item.pk
        for small in (first, second)
        for item in decided_items(small)
        if item.decision_type == AgendaItem.DecisionType.NOTED
    }
    assert "noted" in noted.feed.title

    assert item_ids(fetch(client, RSS, **{"from": "2025-11-25", "to": "2025-11-25"})) == (
        first_ids | second_ids
    )
    assert fetch(client, RSS, **{"from": "2025-11-26"}).entries == []
    assert fetch(client, RSS, to="2025-11-24").entries == []


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"body": "ei-ole"}, 404),
        ({"organisation": "ei-ole"}, 404),
        ({"type": "approved-somehow"}, 400),
        ({"from": "2025-13-01"}, 400),
        ({"from": "25.11.2025"}, 400),
        ({"to": "2025-02-30"}, 400),
        ({"from": "2025-12-01", "to": "2025-11-01"}, 400),
    ],
)
def test_bad_parameters_are_refused_clearly(client: Client, query, status):
    for url in (RSS, ATOM):
        response = client.get(url, query, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == status
    if status == 400:
        assert response["Content-Type"].startswith("text/plain")
        assert response.content


def test_query_count_does_not_grow_with_the_decisions(
    client: Client, django_assert_max_num_queries
):
    for _ in range(3):
        small_meeting("published")
    body = small_meeting("published").body
    with django_assert_max_num_queries(3):
        assert len(fetch(client, RSS).entries) == 4 * 6
    with django_assert_max_num_queries(5):
        fetch(client, ATOM, body=body.slug, q="Päätös", type="noted")


# Publication rules ----------------------------------------------------------------------------


@pytest.mark.parametrize("stage", ["planned", "sent", "held", "locked"])
def test_no_decision_appears_before_the_minutes_are_published(client: Client, stage):
    small = small_meeting(stage)
    titles = [item.title for item in small.meeting.items.all()]
    for url in (RSS, ATOM):
        response = client.get(url)
        parsed = feedparser.parse(response.content)
        assert parsed.entries == []
        content = response.content.decode()
        for title in titles:
            assert title not in content
        assert "Päätös" not in content and AFTER_DECISION_TEXT not in content


def test_a_confidential_decision_never_appears(client: Client):
    small = small_meeting("published")
    confidential = AgendaItem.objects.get(pk=small.confidential.pk)
    assert confidential.decision  # decided, and the minutes are out
    for url in (RSS, ATOM):
        for query in ({}, {"body": small.body.slug}, {"type": "adopted_as_proposed"}):
            content = client.get(url, query).content.decode()
            assert "Henkilöstöasia" not in content
            assert SECRET not in content
            assert f"/items/{confidential.pk}/" not in content
        assert fetch(client, url, q="Henkilöstöasia").entries == []


def test_a_public_after_decision_item_shows_its_decision_only_once_published(client: Client):
    small = small_meeting("held")
    after = small.after_decision
    AgendaItem.objects.filter(pk=after.pk).update(decision="Myydään Tilakauppa Oy:lle.")
    assert fetch(client, RSS, q="Tilakauppa").entries == []
    assert f"/items/{after.pk}/" not in client.get(ATOM).content.decode()
    small_published = small_meeting("published")
    parsed = fetch(client, RSS)
    assert small_published.after_decision.pk in item_ids(parsed)
    # Its preparation text is not what a decision feed carries, at any stage.
    assert AFTER_DECISION_TEXT not in client.get(RSS).content.decode()


def test_a_removed_name_never_appears_not_even_when_searched(client: Client):
    small = small_meeting("published")
    AgendaItem.objects.filter(pk=small.matter.pk).update(
        personal_data=True,
        private_persons=NAME,
        personal_data_removed_on=dt.date(2025, 12, 30),
        title="Poikkeuslupa Matti Kivilahtiselle",
        decision="Myönnetään Matti Kivilahtiselle poikkeuslupa.",
    )
    search_reindex()  # the decisions search reads the index
    for url in (RSS, ATOM):
        content = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Kivilahti" not in content
        assert "[private person]" in content
        assert f"/items/{small.matter.pk}/" in content  # the decision itself is public
        for q in ("Kivilahtinen", "Kivilahtiselle", "Matti"):
            parsed = fetch(client, url, q=q)
            assert parsed.entries == []
            assert "Kivilahti" not in entries_text(parsed)
        # The public words still find it.
        assert item_ids(fetch(client, url, q="poikkeuslupa")) == {small.matter.pk}


def test_a_name_stays_until_the_appeal_period_has_ended(client: Client):
    small = small_meeting("published")
    AgendaItem.objects.filter(pk=small.matter.pk).update(
        personal_data=True,
        private_persons=NAME,
        decision="Myönnetään Matti Kivilahtiselle poikkeuslupa.",
    )
    # Marked but not yet removed: the published minutes still name him during the period.
    assert "Matti Kivilahtiselle" in client.get(RSS).content.decode()


# The demo region ------------------------------------------------------------------------------


def test_the_demo_decisions_of_seed_003_in_the_feeds(
    client: Client, demo, django_assert_max_num_queries
):
    body = "vate-poliittinen-seurantaryhma"
    with django_assert_max_num_queries(3):
        parsed = fetch(client, RSS, body=body)
    titles = [entry.title for entry in parsed.entries]
    assert (
        "VATE:n poliittinen seurantaryhmä 27.1.2022 § 3 Pöytäkirjantarkastajien valinta" in titles
    )
    [checkers] = [e for e in parsed.entries if "§ 3 " in e.title]
    assert "Vappu Kuokka" in checkers.description
    with django_assert_max_num_queries(3):
        everything = fetch(client, ATOM)
    decided = (
        AgendaItem.objects.filter(meeting__status="published")
        .exclude(decision="")
        .exclude(publicity="confidential")
    )
    assert len(everything.entries) == min(50, decided.count())
