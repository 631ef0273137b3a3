"""Every list and detail of the 6Aika Open Decisions API answers in the same number of SQL
queries whatever the amount of data: the small region and one three times its size
(`volume.public_data`), each list asked for its largest page, take exactly as many."""

import pytest

from kokous.paatos import selectors
from kokous.publishing.tests.volume import Counts, Urls, difference, fixed, query_counts

pytestmark = pytest.mark.django_db

ALL = "limit=100"
KINDS = ("case", "action", "person", "organization", "membership", "post", "event", "function")

URLS: Urls = {
    **{kind: fixed(f"/api/paatos/v1/{kind}/?{ALL}") for kind in KINDS},
    "events of an organization": lambda d: (
        "/api/paatos/v1/event/?"
        f"organization={selectors.organization_id_of_organisation(d.organisation.pk)}&{ALL}"
    ),
    "events of a body": lambda d: (
        f"/api/paatos/v1/event/?organization={selectors.organization_id_of_body(d.body.pk)}&{ALL}"
    ),
    "case detail": lambda d: f"/api/paatos/v1/case/{d.cases[0].pk}/",
    "action detail": lambda d: f"/api/paatos/v1/action/{d.item.pk}/",
    "person detail": lambda d: f"/api/paatos/v1/person/{d.presenter.pk}/",
    "organization detail": lambda d: (
        f"/api/paatos/v1/organization/{selectors.organization_id_of_body(d.body.pk)}/"
    ),
    "membership detail": lambda d: (
        f"/api/paatos/v1/membership/{d.body.memberships.order_by('pk').first().pk}/"
    ),
    "post detail": lambda d: (
        f"/api/paatos/v1/post/{selectors.post_id(body_id=d.body.pk, role='chair')}/"
    ),
    "event detail": lambda d: f"/api/paatos/v1/event/{d.meeting.pk}/",
    "function detail": lambda d: f"/api/paatos/v1/function/{selectors.function_id('00.01.00')}/",
}

# Lists whose answer holds more at the larger scale (`test_the_larger_data_set_reaches_the_lists`).
GROWING = [*KINDS, "events of an organization"]


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
