"""The publication rule on the 6Aika API: nothing confidential, no decision before the minutes
are published, nothing of an unsent agenda, no private person's name after its removal, and no
person who holds no public role; each rule checked on every endpoint and in the object it
concerns."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from kokous.meetings.models import AgendaItem, Meeting
from kokous.organisations.models import Person
from kokous.paatos.tests.conftest import (
    ATTACHMENT_BASIS,
    CONFIDENTIAL_ATTACHMENT,
    CONFIDENTIAL_BASIS,
    CONFIDENTIAL_DECISION,
    CONFIDENTIAL_PREPARATION,
    CONFIDENTIAL_PROPOSAL,
    KINDS,
    LATER_PREPARATION,
    PLANNED_TITLE,
    PRIVATE_PHONE,
    SENT_DECISION,
    UNSEEN_PERSON,
    Region,
    crawl,
    get_json,
)

MENTION = "[yksityishenkilö]"

# The region is built once a module (`region_shared`); each test runs in a savepoint of it.
pytestmark = pytest.mark.django_db


def action(client: Client, item: AgendaItem) -> dict:
    return get_json(client, f"/api/paatos/v1/action/{item.pk}/")


def everything(client: Client) -> str:
    """Every list and every object's detail, as one text."""
    texts = []
    for kind in KINDS:
        objects, pages = crawl(client, kind)
        texts.append(json.dumps(pages, ensure_ascii=False))
        for obj in objects:
            texts.append(client.get(obj["url"]).content.decode())
    return "\n".join(texts)


def test_no_endpoint_shows_what_is_not_public(client: Client, region: Region):
    served = everything(client)
    for secret in [
        CONFIDENTIAL_PREPARATION,
        CONFIDENTIAL_PROPOSAL,
        CONFIDENTIAL_DECISION,
        CONFIDENTIAL_ATTACHMENT,
        SENT_DECISION,
        PLANNED_TITLE,
        UNSEEN_PERSON,
        "Matti Kivilahtinen",
        "Matti Kivilahtise",
        "Kivilahtisen hakemus",
        "Kivilahtisen poikkeuslupa",
        PRIVATE_PHONE,
        "@example.fi",  # the people's e-mail addresses
    ]:
        assert secret not in served, secret
    # ... while what is public is there, so the search above was over real output.
    # The demo's Sami Virtanen is a member of a body: his name stays.
    for public in [
        "Virkasuhteen päättäminen",
        LATER_PREPARATION,
        "Merkittiin tiedoksi.",
        MENTION,
        "Sami Virtanen",
    ]:
        assert public in served, public


def test_a_confidential_item_is_a_mention_with_its_legal_basis(client: Client, region: Region):
    data = action(client, region.confidential)
    assert data["title"] == "Virkasuhteen päättäminen"
    assert data["contents"] == []
    assert data["public"] is False
    # Its decision is never public: no § number and no decision type either.
    assert data["article_number"] is None and data["resolution"] is None
    [attachment] = data["attachments"]
    assert attachment["public"] is False and attachment["url"] is None
    assert attachment["confidentiality_reason"] == CONFIDENTIAL_BASIS
    assert CONFIDENTIAL_ATTACHMENT not in attachment["name"]
    case = get_json(client, data["case"])
    assert case["attachments"] == []
    assert case["actions"] == [data["url"]]


def test_attachments_carry_their_own_publicity(client: Client, region: Region):
    public, confidential = action(client, region.decided)["attachments"]
    assert public["public"] is True and public["confidentiality_reason"] is None
    attachment_pk = region.decided.attachments.get(number=1).pk
    assert public["url"] == "http://testserver" + reverse(
        "publishing:attachment", kwargs={"pk": attachment_pk}
    )
    assert client.get(public["url"]).status_code == 200
    assert public["name"] == "Toteutumaraportti"
    assert confidential["public"] is False and confidential["url"] is None
    assert confidential["confidentiality_reason"] == ATTACHMENT_BASIS
    case = get_json(client, action(client, region.decided)["case"])
    assert [a["name"] for a in case["attachments"]] == ["Toteutumaraportti"]


def test_an_item_public_after_the_decision_opens_with_the_minutes(client: Client, region: Region):
    sent = action(client, region.later_sent)
    assert sent["title"] == "Maanvuokra" and sent["contents"] == [] and sent["public"] is False
    published = action(client, region.later)
    assert [c["type"] for c in published["contents"]] == [
        "preparation",
        "draft resolution",
        "resolution",
    ]
    assert LATER_PREPARATION in published["contents"][0]["hypertext"]
    Meeting.objects.filter(pk=region.sent.pk).update(status=Meeting.Status.PUBLISHED)
    opened = action(client, region.later_sent)
    assert LATER_PREPARATION in opened["contents"][0]["hypertext"]


@pytest.mark.parametrize(
    "status", [Meeting.Status.INVITATION_SENT, Meeting.Status.HELD, Meeting.Status.MINUTES_CHECKED]
)
def test_no_decision_before_the_minutes_are_published(client: Client, region: Region, status):
    Meeting.objects.filter(pk=region.sent.pk).update(status=status)
    data = action(client, region.undecided)
    assert data["article_number"] is None and data["resolution"] is None
    assert [c["type"] for c in data["contents"]] == ["draft resolution"]
    assert "Hyväksytään hankinta." in data["contents"][0]["hypertext"]
    assert SENT_DECISION not in json.dumps(data, ensure_ascii=False)


def test_the_decision_is_public_with_the_minutes(client: Client, region: Region):
    Meeting.objects.filter(pk=region.sent.pk).update(status=Meeting.Status.PUBLISHED)
    data = action(client, region.undecided)
    assert data["article_number"] == str(region.undecided.section_number)
    assert data["resolution"] == AgendaItem.DecisionType.ADOPTED_AS_PROPOSED
    assert data["ordering"] == region.undecided.position
    assert [c["type"] for c in data["contents"]] == ["draft resolution", "resolution"]
    assert data["contents"][1]["hypertext"] == f"<p>{SENT_DECISION}</p>"
    assert data["event"] == f"http://testserver/api/paatos/v1/event/{region.sent.pk}/"


def test_a_noted_item_carries_its_structured_decision_type(client: Client, region: Region):
    data = action(client, region.decided)
    assert data["resolution"] == "noted"
    assert [c["type"] for c in data["contents"]] == [
        "preparation",
        "draft resolution",
        "resolution",
    ]


def test_a_planned_meeting_is_an_event_without_actions(client: Client, region: Region):
    event = get_json(client, f"/api/paatos/v1/event/{region.planned.pk}/")
    assert event["actions"] == [] and event["name"]
    get_json(client, f"/api/paatos/v1/action/{region.planned_item.pk}/", status=404)
    sent = get_json(client, f"/api/paatos/v1/event/{region.sent.pk}/")
    assert len(sent["actions"]) == region.sent.items.count()
    assert sent["start_date"] == region.sent.start.date().isoformat()


def test_private_persons_names_are_gone_after_removal(client: Client, region: Region):
    data = action(client, region.private)
    text = json.dumps(data, ensure_ascii=False)
    assert "Kivilahti" not in text
    assert data["title"] == f"Poikkeuslupa, {MENTION}"
    assert MENTION in data["contents"][0]["hypertext"]
    assert data["attachments"][0]["name"] == f"{MENTION} hakemus"
    case = get_json(client, data["case"])
    assert case["title"] == f"{MENTION} poikkeuslupa"
    # Before the removal the same item names him: the check above is not vacuous.
    AgendaItem.objects.filter(pk=region.private.pk).update(personal_data_removed_on=None)
    assert "Matti Kivilahtinen" in action(client, region.private)["title"]


def test_only_people_in_a_public_role_are_listed_without_contact_details(
    client: Client, region: Region
):
    people, _pages = crawl(client, "person")
    listed = {person["id"] for person in people}
    assert str(region.chair.pk) in listed and str(region.secretary.pk) in listed
    assert str(region.unseen.pk) not in listed  # only the contact of a confidential item
    get_json(client, f"/api/paatos/v1/person/{region.unseen.pk}/", status=404)
    chair = get_json(client, f"/api/paatos/v1/person/{region.chair.pk}/")
    assert chair["name"] == region.chair.full_name
    assert [m["role"] for m in chair["memberships"]] == ["chair"]
    assert not {"email", "phone"} & set(chair)
    # A presenter of an item whose text is public is named in it, so the API lists him.
    presenter = Person.objects.create(first_name="Esko", last_name="Esittelijä")
    AgendaItem.objects.filter(pk=region.decided.pk).update(presenter=presenter)
    get_json(client, f"/api/paatos/v1/person/{presenter.pk}/")
    # ... but not when the item is confidential.
    AgendaItem.objects.filter(pk=region.decided.pk).update(presenter=None)
    AgendaItem.objects.filter(pk=region.confidential.pk).update(presenter=presenter)
    get_json(client, f"/api/paatos/v1/person/{presenter.pk}/", status=404)


def test_posts_are_the_bodies_chairs_and_secretaries(client: Client, region: Region):
    chair_membership = region.chair.memberships.get()
    membership = get_json(client, f"/api/paatos/v1/membership/{chair_membership.pk}/")
    post = get_json(client, membership["post"]["url"])
    assert post["role"] == "chair"
    assert post["organization"]["url"] == membership["organization"]["url"]
    assert [m["person"]["name"] for m in post["memberships"]] == [region.chair.full_name]
    organization = get_json(client, membership["organization"]["url"])
    assert post["url"] in organization["posts"]
    assert organization["parent"].endswith(f"/organization/{2 * region.organisation.pk - 1}/")
