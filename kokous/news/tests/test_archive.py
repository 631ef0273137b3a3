"""The news archive's filters and pages, its query count, and the feeds."""

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from kokous.core.timeutil import helsinki_datetime
from kokous.news.tests.factories import make_news

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(categories):
    make_news(
        "Uudistusuutinen 2021",
        publish_at=helsinki_datetime(2021, 4, 13, 12),
        categories=[categories["uudistus"]],
    )
    make_news(
        "Työpaikka 2019",
        publish_at=helsinki_datetime(2019, 1, 9, 9),
        categories=[categories["tyopaikat"]],
    )
    # Just after midnight on New Year's Day in Helsinki: still 2021 in UTC, 2022 here.
    make_news(
        "Uudenvuoden uutinen",
        publish_at=helsinki_datetime(2022, 1, 1, 0, 30),
        categories=[categories["uudistus"], categories["yleiset"]],
    )


def titles(response) -> list[str]:
    return [news.title for news in response.context["page_obj"]]


def test_archive_lists_newest_first(client: Client, archive):
    response = client.get(reverse("news:list"))
    assert titles(response) == ["Uudenvuoden uutinen", "Uudistusuutinen 2021", "Työpaikka 2019"]
    assert response.context["years"] == [2022, 2021, 2019]


def test_archive_filters_by_category(client: Client, archive):
    response = client.get(reverse("news:list"), {"category": "tyopaikat"})
    assert titles(response) == ["Työpaikka 2019"]
    response = client.get(reverse("news:list"), {"category": "uudistus"})
    assert titles(response) == ["Uudenvuoden uutinen", "Uudistusuutinen 2021"]


def test_archive_filters_by_year_in_helsinki_time(client: Client, archive):
    assert titles(client.get(reverse("news:list"), {"year": "2022"})) == ["Uudenvuoden uutinen"]
    assert titles(client.get(reverse("news:list"), {"year": "2021"})) == ["Uudistusuutinen 2021"]
    both = client.get(reverse("news:list"), {"year": "2021", "category": "tyopaikat"})
    assert titles(both) == []
    assert "Ei uutisia." in both.content.decode()


def test_archive_ignores_a_nonsense_year(client: Client, archive):
    assert len(titles(client.get(reverse("news:list"), {"year": "x"}))) == 3


def test_archive_is_paginated_and_keeps_the_filters(client: Client, categories):
    for number in range(23):
        make_news(f"Uutinen {number:02}", categories=[categories["yleiset"]])
    first = client.get(reverse("news:list"), {"category": "yleiset"})
    assert len(titles(first)) == 10
    assert "?category=yleiset&amp;page=2" in first.content.decode()
    third = client.get(reverse("news:list"), {"category": "yleiset", "page": "3"})
    assert len(titles(third)) == 3


def test_archive_query_count_does_not_grow(
    client: Client, categories, django_assert_max_num_queries
):
    for number in range(10):
        make_news(f"Uutinen {number}", categories=[categories["yleiset"], categories["uudistus"]])
    with django_assert_max_num_queries(6):
        response = client.get(reverse("news:list"))
    assert len(titles(response)) == 10
    with django_assert_max_num_queries(6):
        client.get(reverse("news:feed_rss"))


@pytest.mark.parametrize("name", ["news:feed_rss", "news:feed_atom"])
def test_feeds_are_well_formed(client: Client, archive, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert [entry.title for entry in feed.entries] == [
        "Uudenvuoden uutinen",
        "Uudistusuutinen 2021",
        "Työpaikka 2019",
    ]
    entry = feed.entries[0]
    assert entry.link.endswith("/news/uudenvuoden-uutinen/")
    assert {tag.term for tag in entry.tags} == {"Uudistus", "Yleiset uutiset"}
    assert feed.version == ("rss20" if name == "news:feed_rss" else "atom10")


def test_feed_of_one_category(client: Client, archive):
    feed = feedparser.parse(
        client.get(reverse("news:feed_atom"), {"category": "tyopaikat"}).content
    )
    assert feed.bozo == 0
    assert [entry.title for entry in feed.entries] == ["Työpaikka 2019"]
    assert "Työpaikat" in feed.feed.title
