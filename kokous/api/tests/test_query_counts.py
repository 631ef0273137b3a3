"""Every list and detail of the open API answers in the same number of SQL queries whatever the
amount of data: the small region and one three times its size (`volume.public_data`), each
list asked with a page large enough to hold every row, take exactly as many. An N+1 in a
serializer or selector fails here, with the repeated statements in the message."""

import pytest

from kokous.api.tests import conftest
from kokous.publishing.tests.volume import Counts, Urls, difference, fixed, query_counts

pytestmark = pytest.mark.django_db

ALL = "page_size=200"
SINCE = "modified_since=2000-01-01"

# Every list of the API, search included.
LISTS = (*conftest.LISTS, "search")

URLS: Urls = {
    "root": lambda d: "/api/v1/",
    **{name: fixed(f"/api/v1/{name}/?{ALL}") for name in LISTS[:-1]},
    # Lists with their filters, and as an incremental sync asks them.
    "bodies of an organisation": lambda d: f"/api/v1/bodies/?organisation={d.organisation.slug}",
    "memberships of a body": lambda d: f"/api/v1/memberships/?body={d.body.slug}&{ALL}",
    "meetings of a body": lambda d: f"/api/v1/meetings/?body={d.body.slug}&{ALL}",
    "meetings by start": lambda d: f"/api/v1/meetings/?start_from=2022-01-01T00:00Z&{ALL}",
    "meetings since": lambda d: f"/api/v1/meetings/?{SINCE}&{ALL}",
    "agenda items of a meeting": lambda d: f"/api/v1/agenda-items/?meeting={d.meeting.pk}&{ALL}",
    "agenda items of a body": lambda d: f"/api/v1/agenda-items/?body={d.body.slug}&{ALL}",
    "agenda items since": lambda d: f"/api/v1/agenda-items/?{SINCE}&{ALL}",
    "decisions of a body": lambda d: f"/api/v1/decisions/?body={d.body.slug}&{ALL}",
    "decisions by date": lambda d: f"/api/v1/decisions/?from=2022-01-01&to=2022-12-31&{ALL}",
    "decisions by type": lambda d: f"/api/v1/decisions/?type=adopted_after_vote&{ALL}",
    "decisions by words": lambda d: f"/api/v1/decisions/?q=uimahalli&{ALL}",
    "decisions since": lambda d: f"/api/v1/decisions/?{SINCE}&{ALL}",
    "cases of an organisation": lambda d: f"/api/v1/cases/?organisation={d.organisation.slug}",
    "attachments of an item": lambda d: f"/api/v1/attachments/?agenda_item={d.item.pk}",
    "votes of an item": lambda d: f"/api/v1/votes/?agenda_item={d.item.pk}",
    "people since": lambda d: f"/api/v1/people/?{SINCE}&{ALL}",
    "search": lambda d: "/api/v1/search/?q=uimahalli&page_size=100",
    "search of items by date": lambda d: "/api/v1/search/?q=uimahalli&type=item&order=date",
    # Details.
    "organisation": lambda d: f"/api/v1/organisations/{d.organisation.pk}/",
    "body": lambda d: f"/api/v1/bodies/{d.body.pk}/",
    "person": lambda d: f"/api/v1/people/{d.presenter.pk}/",
    "meeting": lambda d: f"/api/v1/meetings/{d.meeting.pk}/",
    "meeting, agenda sent": lambda d: f"/api/v1/meetings/{d.sent.pk}/",
    "agenda item": lambda d: f"/api/v1/agenda-items/{d.item.pk}/",
    "case": lambda d: f"/api/v1/cases/{d.cases[0].pk}/",
    "vote": lambda d: f"/api/v1/votes/{d.item.votes.get().pk}/",
    "attachment": lambda d: f"/api/v1/attachments/{d.item.attachments.first().pk}/",
}

# Lists whose answer holds more at the larger scale (`test_the_larger_data_set_reaches_the_lists`).
GROWING = [
    *LISTS,
    "memberships of a body",
    "meetings of a body",
    "agenda items of a meeting",
    "decisions by words",
    "cases of an organisation",
]


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker, tmp_path_factory) -> Counts:
    return query_counts(
        URLS,
        blocker=django_db_blocker,
        tmp_path=tmp_path_factory.mktemp("volume"),
        headers={"HTTP_ACCEPT": "application/json"},
    )


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
