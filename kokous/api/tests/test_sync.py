"""Incremental sync: `modified_since` finds what changed, what a meeting's status change made
public, and what was deleted (as OParl's `deleted: true`)."""

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone

from kokous.api.models import Tombstone
from kokous.api.tests.conftest import World, crawl, get_json
from kokous.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def since(moment: dt.datetime) -> str:
    return urlencode({"modified_since": moment.isoformat()})


def ids(objects: list[dict]) -> set[str]:
    return {obj["id"] for obj in objects}


def test_nothing_changed_since_lists_nothing(client: Client, world: World):
    later = timezone.now() + dt.timedelta(seconds=1)
    for name in ["meetings", "agenda-items", "decisions", "attachments", "votes", "cases"]:
        assert get_json(client, f"/api/v1/{name}/?{since(later)}")["count"] == 0, name
    # Without the parameter the lists are full.
    assert get_json(client, "/api/v1/meetings/")["count"] == 3


def test_status_change_of_the_meeting_brings_its_items_into_the_sync(client: Client, world: World):
    mark = timezone.now()
    meeting = Meeting.objects.get(pk=world.sent.pk)
    meeting.status = Meeting.Status.PUBLISHED  # saved: modified_at moves, the items' rows don't
    meeting.save()
    base = "http://testserver/api/v1/"
    assert ids(crawl(client, f"/api/v1/meetings/?{since(mark)}")) == {
        f"{base}meetings/{world.sent.pk}/"
    }
    items = crawl(client, f"/api/v1/agenda-items/?{since(mark)}")
    assert ids(items) == {
        f"{base}agenda-items/{world.undecided.pk}/",
        f"{base}agenda-items/{world.later_sent.pk}/",
    }
    assert all(dt.datetime.fromisoformat(item["modified"]) >= mark for item in items)
    decisions = crawl(client, f"/api/v1/decisions/?{since(mark)}")
    assert ids(decisions) == {f"{base}agenda-items/{world.undecided.pk}/"}


def test_deleted_objects_are_reported(client: Client, world: World):
    mark = timezone.now() - dt.timedelta(milliseconds=1)
    attachment_id = world.public_attachment.pk
    world.public_attachment.delete()
    planned_items = list(world.planned.items.values_list("pk", flat=True))
    planned_id = world.planned.pk
    world.planned.delete()  # its items go with it
    assert set(Tombstone.objects.values_list("object_type", flat=True)) == {
        "attachment",
        "meeting",
        "agenda_item",
    }
    attachments = crawl(client, f"/api/v1/attachments/?{since(mark)}")
    assert attachments == [
        {
            "id": f"http://testserver/api/v1/attachments/{attachment_id}/",
            "type": "attachment",
            "deleted": True,
            "modified": attachments[0]["modified"],
        }
    ]
    assert dt.datetime.fromisoformat(attachments[0]["modified"]) >= mark
    meetings = crawl(client, f"/api/v1/meetings/?{since(mark)}")
    assert meetings == [
        {
            "id": f"http://testserver/api/v1/meetings/{planned_id}/",
            "type": "meeting",
            "deleted": True,
            "modified": meetings[0]["modified"],
        }
    ]
    items = crawl(client, f"/api/v1/agenda-items/?{since(mark)}")
    assert ids(items) == {f"http://testserver/api/v1/agenda-items/{pk}/" for pk in planned_items}
    # Without `modified_since` a list shows the living only; the deleted answer 404.
    assert all("deleted" not in obj for obj in crawl(client, "/api/v1/meetings/"))
    get_json(client, f"/api/v1/meetings/{planned_id}/", status=404)
    # Deleted before the moment asked: not reported.
    assert get_json(client, f"/api/v1/meetings/?{since(timezone.now())}")["count"] == 0


def test_live_and_deleted_page_together(client: Client, world: World):
    mark = timezone.now() - dt.timedelta(milliseconds=1)
    world.planned.delete()
    Meeting.objects.get(pk=world.sent.pk).save()
    first = get_json(client, f"/api/v1/meetings/?{since(mark)}&page_size=1")
    assert first["count"] == 2 and first["results"][0]["type"] == "meeting"
    assert "deleted" not in first["results"][0]
    second = get_json(client, first["next"])
    assert second["results"][0]["deleted"] is True and second["next"] is None


def test_modified_since_accepts_a_date_and_refuses_nonsense(client: Client, world: World):
    assert get_json(client, "/api/v1/meetings/?modified_since=2000-01-01")["count"] == 3
    assert get_json(client, "/api/v1/meetings/?modified_since=2999-01-01")["count"] == 0
    error = get_json(client, "/api/v1/meetings/?modified_since=eilen", status=400)["error"]
    assert error["status"] == 400 and error["code"] == "invalid"
    assert "modified_since" in error["detail"]
