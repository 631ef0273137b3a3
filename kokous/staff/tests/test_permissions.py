"""The access rule, view by view: every staff view is listed here with who may use it, and each
kind of user is tried on each. Someone of another body gets 403 and never the content."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from kokous.core.timeutil import HELSINKI
from kokous.invitations.services import invitation_send
from kokous.meetings.models import AgendaItem, Meeting, Publicity
from kokous.meetings.services import agenda_item_add, attachment_add, meeting_create
from kokous.organisations.models import Membership
from kokous.organisations.tests.factories import (
    BodyFactory,
    DeputyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from kokous.staff.access import Access, Grant

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SECRET = "Salainen valmisteluteksti 7781"


@dataclass
class World:
    meeting: Meeting
    sent_meeting: Meeting
    item: AgendaItem  # presented by the presenter, confidential
    other_item: AgendaItem  # presented by someone else
    attachment_pk: int
    invitation_pk: int
    body_slug: str
    tabled_pk: int
    users: dict[str, Any]


def _person_user(name: str) -> tuple[Any, Any]:
    user = UserFactory(username=name)
    person = PersonFactory(user=user)
    return user, person


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    organisation = OrganisationFactory()
    body = BodyFactory(organisation=organisation)
    other_body = BodyFactory(organisation=organisation)
    users: dict[str, Any] = {}
    users["secretary"], secretary = _person_user("sihteeri")
    MembershipFactory(body=body, person=secretary, role=Membership.Role.SECRETARY)
    users["member"], member = _person_user("jasen")
    seat = MembershipFactory(body=body, person=member)
    users["deputy"], deputy = _person_user("varajasen")
    DeputyFactory(deputy_for=seat, person=deputy)
    users["presenter"], presenter = _person_user("esittelija")
    MembershipFactory(body=body, person=presenter, role=Membership.Role.PRESENTER)
    users["expert"], expert = _person_user("asiantuntija")
    MembershipFactory(body=body, person=expert, role=Membership.Role.EXPERT)
    users["other_secretary"], other_secretary = _person_user("toinen_sihteeri")
    MembershipFactory(body=other_body, person=other_secretary, role=Membership.Role.SECRETARY)
    users["other_member"], other_member = _person_user("toinen_jasen")
    MembershipFactory(body=other_body, person=other_member)
    users["former_member"], former = _person_user("entinen")
    MembershipFactory(
        body=body, person=former, start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31)
    )
    users["nobody"] = UserFactory(username="ulkopuolinen")
    users["superuser"] = UserFactory(username="paakayttaja", is_superuser=True, is_staff=True)

    start = timezone.now().astimezone(HELSINKI).replace(microsecond=0) + dt.timedelta(days=30)
    earlier = meeting_create(body=body, start=start - dt.timedelta(days=14), place="Sali")
    tabled = agenda_item_add(meeting=earlier, title="Pöydälle pantu asia")
    AgendaItem.objects.filter(pk=tabled.pk).update(decision_type="tabled", ready=True)
    meeting = meeting_create(body=body, start=start, place="Sali")
    item = agenda_item_add(
        meeting=meeting,
        title="Salassa pidettävä asia",
        presenter=presenter,
        preparation_text=f"<p>{SECRET}</p>",
        publicity=Publicity.CONFIDENTIAL,
        legal_basis="JulkL 24 § 1 mom. 25 k.",
    )
    other_item = agenda_item_add(meeting=meeting, title="Toinen asia")
    attachment = attachment_add(
        item=item, file=SimpleUploadedFile("liite.pdf", PDF), title="Liite salainen"
    )
    sent_meeting = meeting_create(body=body, start=start + dt.timedelta(days=7), place="Sali")
    invitation = invitation_send(meeting=sent_meeting)
    return World(
        meeting=meeting,
        sent_meeting=sent_meeting,
        item=item,
        other_item=other_item,
        attachment_pk=attachment.pk,
        invitation_pk=invitation.pk,
        body_slug=body.slug,
        tabled_pk=tabled.pk,
        users=users,
    )


# Who may use a view: "signed_in" (any signed-in user; the content is filtered), "read" (the
# body's members, deputies, presenters and secretaries), "edit" (the body's secretary and the
# item's presenter), "manage" (the body's secretary).
READERS = {"secretary", "member", "deputy", "presenter", "superuser"}
EDITORS = {"secretary", "presenter", "superuser"}
MANAGERS = {"secretary", "superuser"}
EVERYONE = {
    "secretary", "member", "deputy", "presenter", "expert", "other_secretary", "other_member",
    "former_member", "nobody", "superuser",
}  # fmt: skip

# url name -> (method, kwargs from the world, who may, POST data)
VIEWS: dict[str, tuple[str, Any, set[str], dict[str, Any]]] = {
    "home": ("get", lambda w: {}, EVERYONE, {}),
    "meetings": ("get", lambda w: {}, EVERYONE, {}),
    "calendar": ("get", lambda w: {}, EVERYONE, {}),
    "body": ("get", lambda w: {"slug": w.body_slug}, READERS, {}),
    "meeting_create": ("get", lambda w: {"slug": w.body_slug}, MANAGERS, {}),
    "meeting": ("get", lambda w: {"pk": w.meeting.pk}, READERS, {}),
    "meeting_edit": ("get", lambda w: {"pk": w.meeting.pk}, MANAGERS, {}),
    "item_create": ("get", lambda w: {"pk": w.meeting.pk}, MANAGERS, {}),
    "case_search": ("get", lambda w: {"pk": w.meeting.pk}, MANAGERS, {}),
    "agenda_order": (
        "post",
        lambda w: {"pk": w.meeting.pk},
        MANAGERS,
        {"item": "ITEM", "direction": "up"},
    ),
    "item_carry": (
        "post",
        lambda w: {"pk": w.meeting.pk, "item_pk": w.tabled_pk},
        MANAGERS,
        {},
    ),
    "invitation": ("get", lambda w: {"pk": w.meeting.pk}, MANAGERS, {}),
    "supplement": ("get", lambda w: {"pk": w.sent_meeting.pk}, MANAGERS, {}),
    "invitation_detail": ("get", lambda w: {"pk": w.invitation_pk}, MANAGERS, {}),
    "invitation_ics": ("get", lambda w: {"pk": w.invitation_pk}, READERS, {}),
    "item": ("get", lambda w: {"pk": w.item.pk}, READERS, {}),
    "item_edit": ("get", lambda w: {"pk": w.item.pk}, EDITORS, {}),
    "item_ready": ("post", lambda w: {"pk": w.item.pk}, EDITORS, {"ready": "1"}),
    "item_remove": ("get", lambda w: {"pk": w.other_item.pk}, MANAGERS, {}),
    "item_personal_data": ("post", lambda w: {"pk": w.item.pk}, MANAGERS, {}),
    "attachment_add": ("post", lambda w: {"pk": w.item.pk}, EDITORS, {"title": "x"}),
    "attachment": ("get", lambda w: {"pk": w.attachment_pk}, READERS, {}),
    "attachment_remove": ("post", lambda w: {"pk": w.attachment_pk}, EDITORS, {}),
    "meeting_run": ("get", lambda w: {"pk": w.sent_meeting.pk}, READERS, {}),
    "attendance": ("get", lambda w: {"pk": w.sent_meeting.pk}, MANAGERS, {}),
    "meeting_close": ("post", lambda w: {"pk": w.sent_meeting.pk}, MANAGERS, {"end": "23:59"}),
    "minutes": ("get", lambda w: {"pk": w.sent_meeting.pk}, READERS, {}),
    "item_handle": ("get", lambda w: {"pk": w.item.pk}, READERS, {}),
    "agenda_document": ("get", lambda w: {"pk": w.meeting.pk}, READERS, {}),
    "agenda_pdf": ("get", lambda w: {"pk": w.meeting.pk}, READERS, {}),
    "minutes_document": ("get", lambda w: {"pk": w.meeting.pk}, READERS, {}),
    "minutes_pdf": ("get", lambda w: {"pk": w.meeting.pk}, READERS, {}),
    "extract_document": ("get", lambda w: {"pk": w.item.pk}, READERS, {}),
    "extract_pdf": ("get", lambda w: {"pk": w.item.pk}, READERS, {}),
}
# Views whose document does not exist yet in this world (the meeting has not been held): the
# access rule is checked first, so the readers get 404 and everyone else 403. The documents'
# own tests (kokous/documents/tests) show the readers the held meeting's minutes.
NOT_YET = {"minutes_document", "minutes_pdf", "extract_document", "extract_pdf"}


def test_every_staff_view_is_in_the_table():
    resolver = get_resolver()
    staff = next(p for p in resolver.url_patterns if getattr(p, "namespace", None) == "staff")
    names = {p.name for p in staff.url_patterns if isinstance(p, URLPattern)}
    assert names == set(VIEWS)


def _request(client: Client, world: World, name: str) -> Any:
    method, kwargs, _who, data = VIEWS[name]
    url = reverse(f"staff:{name}", kwargs=kwargs(world))
    data = {k: (str(world.item.pk) if v == "ITEM" else v) for k, v in data.items()}
    return client.post(url, data) if method == "post" else client.get(url)


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_anonymous_is_sent_to_sign_in(world, client, name):
    response = _request(client, world, name)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_view_allows_exactly_its_users(world, client, name):
    for who in sorted(EVERYONE):
        # Each user's request is rolled back, so that every user meets the same data.
        with transaction.atomic():
            client.force_login(world.users[who])
            response = _request(client, world, name)
            transaction.set_rollback(True)
        if who in VIEWS[name][2]:
            allowed = {404} if name in NOT_YET else {200, 302, 400}
            assert response.status_code in allowed, (who, response.status_code)
        else:
            assert response.status_code == 403, (who, response.status_code)
            assert SECRET.encode() not in response.content


@pytest.mark.parametrize("who", sorted(EVERYONE - READERS))
def test_lists_and_calendar_show_no_meetings_of_other_bodies(world, client, who):
    client.force_login(world.users[who])
    month = world.meeting.start.astimezone(HELSINKI).strftime("%Y-%m")
    meeting_url = reverse("staff:meeting", kwargs={"pk": world.meeting.pk})
    for url in (
        reverse("staff:home"),
        reverse("staff:meetings") + "?when=all",
        reverse("staff:calendar") + f"?month={month}",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert meeting_url.encode() not in response.content
        assert world.item.title.encode() not in response.content
    response = client.get(reverse("staff:meetings") + f"?body={world.body_slug}")
    assert response.status_code == 403


@pytest.mark.parametrize("who", sorted(READERS))
def test_readers_see_the_confidential_text(world, client, who):
    client.force_login(world.users[who])
    response = client.get(reverse("staff:item", kwargs={"pk": world.item.pk}))
    assert response.status_code == 200
    assert SECRET.encode() in response.content
    response = client.get(reverse("staff:attachment", kwargs={"pk": world.attachment_pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"


def test_public_site_still_hides_the_confidential_text_from_members(world, client):
    client.force_login(world.users["member"])
    response = client.get(reverse("publishing:meeting", kwargs={"pk": world.sent_meeting.pk}))
    assert response.status_code == 200
    response = client.get(reverse("publishing:meeting", kwargs={"pk": world.meeting.pk}))
    assert SECRET.encode() not in response.content


def test_presenter_cannot_edit_items_of_others(world, client):
    client.force_login(world.users["presenter"])
    response = client.get(reverse("staff:item_edit", kwargs={"pk": world.other_item.pk}))
    assert response.status_code == 403
    response = client.post(
        reverse("staff:item_ready", kwargs={"pk": world.other_item.pk}), {"ready": "1"}
    )
    assert response.status_code == 403
    world.other_item.refresh_from_db()
    assert world.other_item.ready is False


def test_refused_post_changes_nothing(world, client):
    client.force_login(world.users["other_secretary"])
    before = list(world.meeting.items.order_by("position").values_list("pk", flat=True))
    response = client.post(
        reverse("staff:agenda_order", kwargs={"pk": world.meeting.pk}),
        {"item": world.other_item.pk, "direction": "up"},
    )
    assert response.status_code == 403
    after = list(world.meeting.items.order_by("position").values_list("pk", flat=True))
    assert after == before
    response = client.post(reverse("staff:invitation", kwargs={"pk": world.meeting.pk}))
    assert response.status_code == 403
    world.meeting.refresh_from_db()
    assert world.meeting.status == Meeting.Status.PLANNED


# --- The rule itself, without HTTP ---


def _access(*grants: Grant, person_id: int | None = 1, superuser: bool = False) -> Access:
    return Access(
        person_id=person_id, superuser=superuser, today=dt.date(2026, 11, 23), grants=grants
    )


def test_a_term_that_ended_reads_only_its_own_meetings():
    grant = Grant(body_id=5, role="member", start=dt.date(2021, 1, 1), end=dt.date(2024, 12, 31))
    access = _access(grant)
    assert not access.reads_body(5)
    assert access.reads_body(5, on=dt.date(2023, 5, 1))
    assert not access.reads_body(5, on=dt.date(2025, 5, 1))


def test_only_a_secretary_in_force_today_manages():
    current = Grant(body_id=5, role="secretary", start=dt.date(2026, 1, 1), end=None)
    future = Grant(body_id=6, role="secretary", start=dt.date(2027, 1, 1), end=None)
    access = _access(current, future)
    assert access.manages_body(5)
    assert not access.manages_body(6)
    assert access.body_ids(managed=True) == {5}


def test_experts_and_invited_read_nothing_beyond_the_public():
    access = _access(
        Grant(body_id=5, role="expert", start=dt.date(2021, 1, 1), end=None),
        Grant(body_id=6, role="invited", start=dt.date(2021, 1, 1), end=None),
    )
    assert not access.reads_body(5)
    assert not access.reads_body(6)
    assert access.body_ids() == set()


def test_superuser_reads_and_manages_everything():
    access = _access(person_id=None, superuser=True)
    assert access.manages_body(99) and access.reads_body(99)
    assert access.body_ids() is None
