"""The admin, the staff fallback: every page opens, and its writes go through the services."""

import datetime as dt

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from kokous.cases.models import Case
from kokous.meetings.models import AgendaItem, Attendance, Meeting
from kokous.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from kokous.organisations.tests.factories import (
    BodyFactory,
    DeputyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _request():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory.build(is_staff=True, is_superuser=True)
    return request


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_is_registered_and_its_pages_open(admin_client, demo):
    kokous_models = [m for m in admin.site._registry if m.__module__.startswith("kokous.")]
    assert {m.__name__ for m in kokous_models} >= {
        "Organisation", "Body", "Person", "Membership", "Case", "Meeting", "AgendaItem",
        "Attachment", "Attendance", "SpeakingTurn", "Disqualification", "StandardItem",
    }  # fmt: skip
    for model in kokous_models:
        assert admin_client.get(url(model, "changelist")).status_code == 200, model
        assert admin_client.get(url(model, "changelist") + "?q=Kuokka").status_code == 200
        # Records that only the workspace writes (attachments with their checked content,
        # invitations, changes to sent agendas) have no add page.
        add_status = 200 if admin.site._registry[model].has_add_permission(_request()) else 403
        assert admin_client.get(url(model, "add")).status_code == add_status, model
        obj = model._default_manager.first()
        if obj is not None:
            assert admin_client.get(url(model, "change", obj.pk)).status_code == 200, model


def test_adding_a_meeting_creates_its_opening_items_and_number(admin_client):
    body = BodyFactory()
    chair = PersonFactory()
    response = admin_client.post(
        url(Meeting, "add"),
        {
            "body": body.pk,
            "start_0": "2022-03-08",
            "start_1": "16:00",
            "end_0": "",
            "end_1": "",
            "time_known": "on",
            "place": "Valtuustosali",
            "online_url": "",
            "status": "planned",
            "chair": chair.pk,
            "attendances-TOTAL_FORMS": "0",
            "attendances-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get(body=body)
    assert (meeting.number, meeting.year, meeting.chair) == (1, 2022, chair)
    titles = list(meeting.items.values_list("section_number", "title"))
    assert titles[0] == (1, "Kokouksen avaus ja osallistujien toteaminen")
    assert titles[-1] == (5, "Muut asiat")


def test_adding_and_deleting_an_item_keeps_the_numbers(admin_client):
    meeting = MeetingFactory()
    response = admin_client.post(
        url(AgendaItem, "add"),
        {
            "meeting": meeting.pk,
            "title": "Talousarvio 2023",
            "preparation_text": "<p>Valmistelu <script>alert(1)</script></p>",
            "proposal": "Hyväksytään.",
            "publicity": "public",
            "legal_basis": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    item = meeting.items.get(title="Talousarvio 2023")
    assert item.section_number == 5  # before "Muut asiat", which moved to § 6
    assert "<script>" not in item.preparation_text
    assert list(meeting.items.values_list("section_number", flat=True)) == [1, 2, 3, 4, 5, 6]
    response = admin_client.post(url(AgendaItem, "delete", item.pk), {"post": "yes"})
    assert response.status_code == 302
    assert list(meeting.items.values_list("section_number", flat=True)) == [1, 2, 3, 4, 5]


def test_a_refused_change_is_shown_and_nothing_is_stored(admin_client):
    item = AgendaItemFactory()
    Meeting.objects.filter(pk=item.meeting_id).update(status=Meeting.Status.INVITATION_SENT)
    response = admin_client.post(url(AgendaItem, "delete", item.pk), {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "muutokset tehdään lisäesityslistana" in response.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_confidential_item_without_legal_basis_is_refused(admin_client):
    meeting = MeetingFactory()
    response = admin_client.post(
        url(AgendaItem, "add"),
        {"meeting": meeting.pk, "title": "Salainen", "publicity": "confidential",
         "legal_basis": ""},
    )  # fmt: skip
    assert response.status_code == 200  # the form again, with the error
    assert not meeting.items.filter(title="Salainen").exists()


def test_adding_a_case_numbers_it(admin_client):
    organisation = BodyFactory().organisation
    response = admin_client.post(
        url(Case, "add"),
        {"organisation": organisation.pk, "title": "Hallintosääntö", "task_class": "00.01.00",
         "year": "2022", "record_number": "", "agenda_items-TOTAL_FORMS": "0",
         "agenda_items-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(title="Hallintosääntö")
    assert case.running_number == 1
    assert case.record_number == f"{organisation.code}/1/00.01.00/2022"


def test_attendance_inline_goes_through_the_deputy_rule(admin_client):
    member = MembershipFactory()
    stranger = PersonFactory()
    meeting = MeetingFactory(body=member.body, start=dt.datetime(2022, 5, 2, 14, tzinfo=dt.UTC))
    data = {
        "body": member.body.pk,
        "start_0": "2022-05-02",
        "start_1": "17:00",
        "time_known": "on",
        "status": "planned",
        "attendances-TOTAL_FORMS": "1",
        "attendances-INITIAL_FORMS": "0",
        "attendances-0-person": stranger.pk,
        "attendances-0-capacity": "deputy",
        "attendances-0-deputy_for": member.person.pk,
        "attendances-0-present": "on",
        "attendances-0-position": "1",
    }
    response = admin_client.post(url(Meeting, "change", meeting.pk), data, follow=True)
    assert response.status_code == 200
    assert not Attendance.objects.filter(meeting=meeting).exists()
    deputy = DeputyFactory(deputy_for=member)
    data["attendances-0-person"] = deputy.person.pk
    response = admin_client.post(url(Meeting, "change", meeting.pk), data)
    assert response.status_code == 302
    attendance = Attendance.objects.get(meeting=meeting)
    assert (attendance.person, attendance.deputy_for) == (deputy.person, member.person)


def test_staff_without_permissions_cannot_open_the_admin_pages(client, demo):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url(Meeting, "changelist")).status_code == 403
