"""Every public page answers in the same number of SQL queries whatever the amount of data: the
small region and one three times its size (`volume.public_data`) take exactly as many. A page
that queries once per meeting, item, vote, attachment, member ... (an N+1) fails here, with the
repeated statements in the message."""

import pytest

from kokous.publishing.tests.volume import Counts, Urls, difference, fixed, query_counts

pytestmark = pytest.mark.django_db

URLS: Urls = {
    "home": lambda d: "/",
    "body": lambda d: f"/bodies/{d.body.slug}/",
    "meetings": lambda d: "/meetings/",
    "meetings of a month": lambda d: "/meetings/?month=2022-01",
    "meetings of a body": lambda d: f"/meetings/?body={d.body.slug}&month=2022-02",
    "meeting": lambda d: f"/meetings/{d.meeting.pk}/",
    "meeting with earlier handlings": lambda d: f"/meetings/{d.meetings[-1].pk}/",
    "meeting, agenda sent": lambda d: f"/meetings/{d.sent.pk}/",
    "agenda": lambda d: f"/meetings/{d.meeting.pk}/agenda/",
    "agenda sent": lambda d: f"/meetings/{d.sent.pk}/agenda/",
    "minutes": lambda d: f"/meetings/{d.meeting.pk}/minutes/",
    "item": lambda d: f"/items/{d.item.pk}/",
    "item with earlier handlings": lambda d: f"/items/{d.meetings[-1].items.first().pk}/",
    "item with personal data": lambda d: f"/items/{d.items[2].pk}/",
    "extract": lambda d: f"/items/{d.item.pk}/extract/",
    "decisions": lambda d: "/decisions/",
    "decisions, page 2": lambda d: "/decisions/?page=2",
    "decisions of a body": lambda d: f"/decisions/?body={d.body.slug}",
    "decisions of an organisation": lambda d: f"/decisions/?organisation={d.organisation.slug}",
    "decisions by date": lambda d: "/decisions/?from=2022-01-01&to=2022-12-31",
    "decisions by type": lambda d: "/decisions/?type=adopted_after_vote",
    "decisions by words": lambda d: "/decisions/?q=uimahalli",
    "case": lambda d: f"/cases/{d.cases[0].pk}/",
    "case, confidential item": lambda d: f"/cases/{d.cases[1].pk}/",
    "person, presenter": lambda d: f"/people/{d.presenter.pk}/",
    "person, chair": lambda d: f"/people/{d.chair.pk}/",
    "search": lambda d: "/search/?q=uimahalli",
    "search of items": lambda d: "/search/?q=uimahalli&type=item&order=date",
    "search feed": lambda d: "/search/feed.rss?q=uimahalli",
    "decisions rss": lambda d: "/feeds/decisions.rss",
    "decisions atom": lambda d: "/feeds/decisions.atom",
    "calendar": lambda d: "/calendar/meetings.ics",
    "meeting calendar": lambda d: f"/meetings/{d.meeting.pk}/meeting.ics",
    "sitemap": lambda d: "/sitemap.xml",
    **{
        f"sitemap of {section}": fixed(f"/sitemap-{section}.xml")
        for section in ("pages", "bodies", "meetings", "items", "cases", "people", "news")
    },
    "news": lambda d: "/news/",
    "news of a category": lambda d: "/news/?category=aihe-0",
    "news item": lambda d: f"/news/{d.news[0].slug}/",
    "news feed": lambda d: "/news/feed.rss",
    "preparation": lambda d: "/preparation/",
    "preparation of an organisation": lambda d: f"/preparation/{d.organisation.slug}/",
    "roadmap": lambda d: f"/preparation/{d.organisation.slug}/roadmaps/{d.roadmap.slug}/",
    "annual cycle": lambda d: f"/preparation/{d.organisation.slug}/annual-cycle/?year=2022",
    "organisation chart": lambda d: f"/preparation/{d.organisation.slug}/organisation-chart/",
    "participation": lambda d: "/participation/",
    "survey": lambda d: f"/participation/surveys/{d.survey.slug}/",
    "survey results": lambda d: f"/participation/surveys/{d.closed_survey.slug}/results/",
    "comment round": lambda d: f"/participation/drafts/{d.round.slug}/",
}

# Lists whose answer holds more at the larger scale (`test_the_larger_data_set_reaches_the_lists`).
GROWING = [
    "home",
    "body",
    "meetings",
    "meetings of a month",
    "meeting",
    "meeting with earlier handlings",
    "agenda",
    "minutes",
    "decisions",
    "decisions by words",
    "case",
    "person, presenter",
    "search",
    "decisions rss",
    "calendar",
    "sitemap of items",
    "news",
    "roadmap",
    "annual cycle",
    "participation",
    "survey",
    "comment round",
]


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker, tmp_path_factory) -> Counts:
    return query_counts(URLS, blocker=django_db_blocker, tmp_path=tmp_path_factory.mktemp("volume"))


@pytest.mark.parametrize("name", list(URLS))
def test_queries_do_not_grow_with_the_data(counts, name: str):
    small, large = counts[name]
    assert small.status == large.status == 200, (small.status, large.status)
    if small.count != large.count:
        pytest.fail(difference(small, large), pytrace=False)


def test_the_larger_data_set_reaches_the_lists(counts):
    """Equal counts prove something only if the larger region shows more: each list's answer
    is longer at the larger scale."""
    shorter = [name for name in GROWING if counts[name][1].size <= counts[name][0].size]
    assert not shorter, shorter
