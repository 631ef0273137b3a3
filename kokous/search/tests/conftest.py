from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kokous.meetings.models import Meeting
from kokous.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from kokous.organisations.tests.factories import BodyFactory
from kokous.search.models import Kind
from kokous.search.services import search_index_update


@pytest.fixture
def swimming_hall(db) -> Callable[[int], None]:
    """A body's sent meeting with one indexed item titled about the swimming hall
    ("uimahalli"), and a function that adds and indexes `n` more such items."""
    body = BodyFactory(slug="uimahallijaosto")
    meeting = MeetingFactory(body=body, with_standard_items=False)
    first = AgendaItemFactory(meeting=meeting, title="Uimahallin aukioloajat")
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.INVITATION_SENT)
    search_index_update(kind=Kind.ITEM, object_ids=[first.pk])

    def more(n: int) -> None:
        items = [AgendaItemFactory(meeting=meeting, title=f"Uimahallin asia {k}") for k in range(n)]
        search_index_update(kind=Kind.ITEM, object_ids=[item.pk for item in items])

    return more


def queries_of(client: Client, url: str, **headers: str) -> int:
    """How many SQL queries answering `url` takes (it must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(captured)
