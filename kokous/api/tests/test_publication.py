"""The publication rule on every endpoint of the open API: nothing that the rule keeps back
appears anywhere in what a crawler of the whole API reads."""

import datetime as dt

import pytest
from django.test import Client

from kokous.api.tests.conftest import (
    ATTACHMENT_BASIS,
    CHAIR_PHONE,
    CONFIDENTIAL_ATTACHMENT,
    CONFIDENTIAL_BASIS,
    CONFIDENTIAL_DECISION,
    CONFIDENTIAL_PREPARATION,
    CONFIDENTIAL_PROPOSAL,
    CONTACT_EMAIL,
    LATER_PREPARATION,
    OUTSIDER_EMAIL,
    PLANNED_TITLE,
    PRIVATE_LAST,
    SENT_DECISION,
    World,
    crawl,
    everything,
    get_json,
)
from kokous.core.timeutil import local_date
from kokous.meetings.models import AgendaItem, Meeting
from kokous.proceedings.models import Ballot, Proposal, Vote
from kokous.search.services import search_reindex

pytestmark = pytest.mark.django_db


def item(client: Client, pk: int) -> dict:
    return get_json(client, f"/api/v1/agenda-items/{pk}/")


def test_nothing_kept_back_appears_anywhere(client: Client, world: World):
    text = everything(client)
    for secret in [
        CONFIDENTIAL_PREPARATION,
        CONFIDENTIAL_PROPOSAL,
        CONFIDENTIAL_DECISION,
        CONFIDENTIAL_ATTACHMENT,
        SENT_DECISION,
        PLANNED_TITLE,
        "Kivilahtinen",
        "Kivilahtise",  # any case ending of the removed name
        OUTSIDER_EMAIL,
        CHAIR_PHONE,
        world.unseen.last_name,
        world.outsider.last_name,
    ]:
        assert secret not in text, secret
    # What is public is there: the check above is not passing on an empty API.
    for shown in ["Virkasuhteen päättäminen", CONFIDENTIAL_BASIS, "Palvelustrategia", "Teams"]:
        assert shown in text


def test_planned_meeting_is_listed_without_items(client: Client, world: World):
    meeting = get_json(client, f"/api/v1/meetings/{world.planned.pk}/")
    assert meeting["status"] == "planned"
    assert meeting["start"] and meeting["place"] == "Teams"
    assert meeting["agenda_public"] is False and meeting["minutes_public"] is False
    assert meeting["agenda_items"] == [] and meeting["participants"] == []
    assert meeting["documents"] == {
        "agenda": None,
        "agenda_pdf": None,
        "minutes": None,
        "minutes_pdf": None,
    }
    get_json(client, f"/api/v1/agenda-items/{world.planned_item.pk}/", status=404)
    listed = {obj["id"] for obj in crawl(client, "/api/v1/agenda-items/")}
    assert f"http://testserver/api/v1/agenda-items/{world.planned_item.pk}/" not in listed


def test_sent_agenda_shows_items_but_no_decisions(client: Client, world: World):
    meeting = get_json(client, f"/api/v1/meetings/{world.sent.pk}/")
    assert meeting["agenda_public"] is True and meeting["minutes_public"] is False
    assert [entry["title"] for entry in meeting["agenda_items"]] == ["Hankintapäätös", "Maanvuokra"]
    assert meeting["participants"] == [] and meeting["chair"] is None
    assert meeting["documents"]["agenda"] and meeting["documents"]["minutes"] is None
    undecided = item(client, world.undecided.pk)
    assert undecided["content_public"] is True and undecided["decision_public"] is False
    assert undecided["proposal"] == "Hankitaan."
    assert undecided["decision"] is None and undecided["decision_type"] is None
    assert undecided["votes"] == [] and undecided["speakers"] == []
    decisions = crawl(client, "/api/v1/decisions/")
    assert undecided["id"] not in {d["id"] for d in decisions}


def test_confidential_item_is_only_a_mention(client: Client, world: World):
    mention = item(client, world.confidential.pk)
    assert mention["title"] == "Virkasuhteen päättäminen"
    assert mention["number"] == world.confidential.section_number
    assert mention["publicity"] == "confidential"
    assert mention["legal_basis"] == CONFIDENTIAL_BASIS
    for hidden in ["preparation_text", "proposal", "presenter", "decision", "decision_type"]:
        assert mention[hidden] is None, hidden
    assert mention["case"] is None and mention["record_number"] is None
    assert mention["contacts"] == [] and mention["attachments"] == [] and mention["votes"] == []
    attachments = crawl(client, "/api/v1/attachments/")
    assert all(a["agenda_item"] != mention["id"] for a in attachments)


def test_public_after_decision_waits_for_the_minutes(client: Client, world: World):
    waiting = item(client, world.later_sent.pk)
    assert waiting["title"] == "Maanvuokra" and waiting["content_public"] is False
    assert waiting["preparation_text"] is None and waiting["proposal"] is None
    published = item(client, world.later.pk)
    assert LATER_PREPARATION in published["preparation_text"]
    assert published["decision"] == "Myydään kiinteistö."
    assert published["decision_type"] == "adopted_as_proposed"


def test_item_gives_both_proposal_and_decision_with_its_type(client: Client, world: World):
    decided = item(client, world.decided.pk)
    assert decided["proposal"] == "Hyväksytään palvelustrategia."
    assert decided["decision"].startswith("Hyväksyttiin äänin")
    assert decided["decision_type"] == "adopted_after_vote"
    assert decided["presenter"]["name"] == world.secretary.full_name
    assert [s["name"] for s in decided["speakers"]] == [world.member.full_name]
    assert decided["extract_pdf"].endswith(f"/items/{world.decided.pk}/extract.pdf")


def test_non_public_attachment_has_no_address(client: Client, world: World):
    decided = item(client, world.decided.pk)
    by_number = {a["number"]: a for a in decided["attachments"]}
    public, secret = by_number[1], by_number[2]
    assert public["public"] is True and public["legal_basis"] is None
    assert public["download_url"] == f"http://testserver/attachments/{world.public_attachment.pk}/"
    assert secret["public"] is False and secret["download_url"] is None
    assert secret["legal_basis"] == ATTACHMENT_BASIS
    assert get_json(client, secret["id"]) == secret
    # The address given is the download: it answers, the secret one's does not.
    assert client.get(public["download_url"]).status_code == 200
    assert client.get(f"/attachments/{world.secret_attachment.pk}/").status_code == 404


def test_votes_hidden_until_the_minutes_are_published(client: Client, world: World):
    base = Proposal.objects.create(
        agenda_item=world.undecided, position=1, kind=Proposal.Kind.BASE, text="Hankitaan."
    )
    counter = Proposal.objects.create(
        agenda_item=world.undecided, position=2, kind=Proposal.Kind.COUNTER,
        text="Ei hankita.", proposer=world.member, seconder=world.absentee,
    )  # fmt: skip
    vote = Vote.objects.create(
        agenda_item=world.undecided, position=1, yes=base, no=counter,
        yes_count=2, no_count=1, blank_count=0, yes_won=True,
    )  # fmt: skip
    Ballot.objects.create(vote=vote, person=world.chair, seat_holder=world.chair, choice="yes")
    url = f"/api/v1/votes/{vote.pk}/"
    get_json(client, url, status=404)
    assert f"http://testserver{url}" not in {v["id"] for v in crawl(client, "/api/v1/votes/")}
    assert item(client, world.undecided.pk)["votes"] == []

    Meeting.objects.filter(pk=world.sent.pk).update(status=Meeting.Status.PUBLISHED)
    shown = get_json(client, url)
    assert shown["yes"]["text"] == "Hankitaan." and shown["no"]["text"] == "Ei hankita."
    assert item(client, world.undecided.pk)["votes"] == [shown["id"]]


def test_vote_has_ballots_by_name_with_the_absent(client: Client, world: World):
    vote = get_json(client, f"/api/v1/votes/{world.vote.pk}/")
    choices = {ballot["person"]["name"]: ballot["choice"] for ballot in vote["ballots"]}
    assert choices == {
        world.chair.full_name: "yes",
        world.member.full_name: "no",
        world.absentee.full_name: "absent",
    }
    assert vote["absent_count"] == 1 and vote["yes_won"] is True
    assert vote["decided_by_chair"] is True
    assert vote["no"]["proposer"]["name"] == world.member.full_name


def test_removed_personal_data_is_gone_everywhere(client: Client, world: World):
    private = item(client, world.private.pk)
    assert private["title"] == "Poikkeuslupa, [yksityishenkilö]"
    assert "[yksityishenkilö]" in private["proposal"] and "[yksityishenkilö]" in private["decision"]
    assert private["attachments"][0]["title"] == "[yksityishenkilö] hakemus"
    case = get_json(client, private["case"])
    assert case["title"] == "[yksityishenkilö] poikkeuslupa"
    vote = get_json(client, private["votes"][0])
    assert PRIVATE_LAST not in str(vote) and "Kivilahtise" not in str(vote)
    # Search finds the decision by its other words, never by the removed name.
    search_reindex()
    found = get_json(client, "/api/v1/search/?q=poikkeuslupa&type=item")["results"]
    assert [r["url"] for r in found] == [private["web_url"]]
    assert "Kivilahti" not in str(found)
    for words in ["Kivilahtinen", "Matti", "Kivilahtiselle"]:
        assert get_json(client, f"/api/v1/search/?q={words}")["count"] == 0, words
        assert get_json(client, f"/api/v1/decisions/?q={words}")["count"] == 0, words
    # Before the removal the name is there: the test would notice a redaction never made.
    AgendaItem.objects.filter(pk=world.private.pk).update(personal_data_removed_on=None)
    assert PRIVATE_LAST in item(client, world.private.pk)["title"]


def test_people_only_in_public_roles_and_without_contact_details(client: Client, world: World):
    people = {p["name"]: p for p in crawl(client, "/api/v1/people/")}
    for shown in [world.chair, world.member, world.absentee, world.secretary, world.contact]:
        assert shown.full_name in people
    assert world.outsider.full_name not in people
    assert world.unseen.full_name not in people
    get_json(client, f"/api/v1/people/{world.outsider.pk}/", status=404)
    for person in people.values():
        assert "email" not in person and "phone" not in person
    # The one place for work contacts: an item whose text is public.
    contacts = item(client, world.decided.pk)["contacts"]
    assert contacts == [
        {
            "id": f"http://testserver/api/v1/people/{world.contact.pk}/",
            "name": world.contact.full_name,
            "title": "",
            "email": CONTACT_EMAIL,
            "phone": "",
        }
    ]


def test_participants_once_the_minutes_are_public(client: Client, world: World):
    meeting = get_json(client, f"/api/v1/meetings/{world.published.pk}/")
    present = {p["person"]["name"]: (p["capacity"], p["present"]) for p in meeting["participants"]}
    assert present[world.chair.full_name] == ("member", True)
    assert present[world.absentee.full_name] == ("member", False)
    assert present[world.secretary.full_name] == ("secretary", True)
    assert meeting["chair"]["name"] == world.chair.full_name
    assert meeting["minutes_published_on"] == "2022-02-01"
    # The sent meeting has an attendance recorded, not yet public.
    assert get_json(client, f"/api/v1/meetings/{world.sent.pk}/")["participants"] == []


def test_decisions_take_the_public_list_filters(client: Client, world: World):
    search_reindex()  # the words (`q`) are looked up in the search index
    everyone = get_json(client, "/api/v1/decisions/")
    ids = [d["id"] for d in everyone["results"]]
    base = "http://testserver/api/v1/agenda-items/"
    assert set(ids) == {f"{base}{i.pk}/" for i in [world.later, world.private, world.decided]}
    assert get_json(client, "/api/v1/decisions/?type=adopted_after_vote")["results"][0]["id"] == (
        f"{base}{world.decided.pk}/"
    )
    assert get_json(client, "/api/v1/decisions/?body=ahall")["count"] == 3
    assert get_json(client, "/api/v1/decisions/?body=muu")["count"] == 0
    assert get_json(client, "/api/v1/decisions/?organisation=testila")["count"] == 3
    day = local_date(world.published.start)
    assert get_json(client, f"/api/v1/decisions/?from={day}&to={day}")["count"] == 3
    next_day = day + dt.timedelta(days=1)
    assert get_json(client, f"/api/v1/decisions/?from={next_day}")["count"] == 0
    assert get_json(client, "/api/v1/decisions/?q=kiinteistö")["count"] == 1
    error = get_json(client, "/api/v1/decisions/?from=eilen", status=400)["error"]
    assert error["status"] == 400 and "from" in error["detail"]
    get_json(client, "/api/v1/decisions/?type=voted", status=400)
