"""The staff workspace as its users work in it: through the views, with the services behind."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from kokous.cases.services import case_create
from kokous.core.timeutil import HELSINKI
from kokous.invitations.models import Delivery, Invitation
from kokous.meetings.models import AgendaChange, AgendaItem, Meeting
from kokous.meetings.services import agenda_item_add, meeting_create
from kokous.organisations.models import Membership
from kokous.organisations.tests.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def office(db, settings, tmp_path):
    """A body with a secretary and a presenter who can sign in, and two members."""
    settings.MEDIA_ROOT = tmp_path
    body = BodyFactory(name_fi="Aluehallitus", invitation_lead_days=4)
    secretary_user = UserFactory(username="sihteeri")
    secretary = PersonFactory(user=secretary_user, first_name="Sari", last_name="Sihteeri")
    MembershipFactory(body=body, person=secretary, role=Membership.Role.SECRETARY)
    presenter_user = UserFactory(username="esittelija")
    presenter = PersonFactory(user=presenter_user, first_name="Eero", last_name="Esittelijä")
    MembershipFactory(body=body, person=presenter, role=Membership.Role.PRESENTER)
    MembershipFactory(body=body, role=Membership.Role.CHAIR)
    MembershipFactory(body=body)
    MembershipFactory(body=body, person=PersonFactory(email=""))
    return {
        "body": body,
        "secretary": secretary_user,
        "presenter": presenter_user,
        "presenter_person": presenter,
    }


def _future(days: int = 20) -> dt.datetime:
    now = timezone.now().astimezone(HELSINKI)
    return now.replace(hour=13, minute=0, second=0, microsecond=0) + dt.timedelta(days=days)


def _numbers(meeting: Meeting) -> list[tuple[int, str]]:
    return list(meeting.items.order_by("position").values_list("section_number", "title"))


def test_secretary_creates_a_meeting_with_the_standard_items(office, client):
    client.force_login(office["secretary"])
    start = _future()
    response = client.post(
        reverse("staff:meeting_create", kwargs={"slug": office["body"].slug}),
        {
            "date": start.date().isoformat(),
            "start_time": "13:00",
            "end_time": "15:30",
            "place": "Valtuustosali",
        },
    )
    meeting = Meeting.objects.get(body=office["body"])
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("staff:meeting", kwargs={"pk": meeting.pk})
    assert meeting.start == start
    assert meeting.end == start.replace(hour=15, minute=30)
    titles = [title for _n, title in _numbers(meeting)]
    assert titles[0] == "Kokouksen avaus ja osallistujien toteaminen"
    assert titles[-1] == "Muut asiat"
    assert meeting.items.filter(ready=False).count() == 0


def test_meeting_form_errors_are_clear_and_store_nothing(office, client):
    client.force_login(office["secretary"])
    response = client.post(
        reverse("staff:meeting_create", kwargs={"slug": office["body"].slug}),
        {"date": "2026-13-40", "start_time": "13:00", "end_time": "12:00", "place": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Meeting.objects.exists()


def test_adding_an_item_continuing_a_case_shows_its_earlier_handling(office, client):
    body = office["body"]
    case = case_create(
        organisation=body.organisation, title="Hallintosääntö", task_class="00.01.00"
    )
    earlier = meeting_create(body=body, start=_future(5), place="Sali")
    agenda_item_add(meeting=earlier, title="Hallintosääntö, lähetekeskustelu", case=case)
    meeting = meeting_create(body=body, start=_future(20), place="Sali")
    client.force_login(office["secretary"])
    response = client.post(
        reverse("staff:item_create", kwargs={"pk": meeting.pk}),
        {
            "title": "Hallintosäännön hyväksyminen",
            "case_mode": "existing",
            "case": case.pk,
            "publicity": "public",
            "presenter": office["presenter_person"].pk,
        },
    )
    item = meeting.items.get(title="Hallintosäännön hyväksyminen")
    assert response.status_code == 302
    assert item.case == case
    assert item.section_number == 11  # after the 6 items of the earlier meeting and 4 openers
    page = client.get(reverse("staff:item", kwargs={"pk": item.pk}))
    assert "Earlier handling" in page.content.decode() or "Aiempi käsittely" in (
        page.content.decode()
    )
    assert f"§ {earlier.items.get(case=case).section_number}" in page.content.decode()


def test_adding_an_item_with_a_new_case_opens_it_in_the_register(office, client):
    meeting = meeting_create(body=office["body"], start=_future(), place="Sali")
    client.force_login(office["secretary"])
    client.post(
        reverse("staff:item_create", kwargs={"pk": meeting.pk}),
        {
            "title": "Talousarvio",
            "case_mode": "new",
            "task_class": "02.02.00",
            "publicity": "public",
        },
    )
    item = meeting.items.get(title="Talousarvio")
    assert item.case is not None
    assert item.case.task_class == "02.02.00"
    assert item.case.record_number.endswith(f"/02.02.00/{meeting.year}")


def test_case_search_filters_by_record_number_and_title(office, client):
    body = office["body"]
    case_create(organisation=body.organisation, title="Hallintosääntö")
    case_create(organisation=body.organisation, title="Talousarvio")
    meeting = meeting_create(body=body, start=_future(), place="Sali")
    client.force_login(office["secretary"])
    response = client.get(
        reverse("staff:case_search", kwargs={"pk": meeting.pk}), {"case_query": "talous"}
    )
    assert "Talousarvio" in response.content.decode()
    assert "Hallintosääntö" not in response.content.decode()


def test_reordering_moves_the_section_numbers(office, client):
    meeting = meeting_create(body=office["body"], start=_future(), place="Sali")
    first = agenda_item_add(meeting=meeting, title="Ensimmäinen")
    second = agenda_item_add(meeting=meeting, title="Toinen")
    client.force_login(office["secretary"])
    response = client.post(
        reverse("staff:agenda_order", kwargs={"pk": meeting.pk}),
        {"item": second.pk, "direction": "up"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="agenda"' in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.section_number, first.section_number) == (5, 6)
    assert re.search(r"§ 5</td>\s*<td>\s*<a [^>]*>Toinen", response.content.decode())
    # Without JavaScript the same form redirects back to the agenda.
    response = client.post(
        reverse("staff:agenda_order", kwargs={"pk": meeting.pk}),
        {"item": second.pk, "direction": "down"},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.section_number == 6


def test_moving_past_the_end_is_refused_without_change(office, client):
    meeting = meeting_create(body=office["body"], start=_future(), place="Sali")
    client.force_login(office["secretary"])
    before = _numbers(meeting)
    first = meeting.items.order_by("position").first()
    response = client.post(
        reverse("staff:agenda_order", kwargs={"pk": meeting.pk}),
        {"item": first.pk, "direction": "up"},
        follow=True,
    )
    assert "cannot be moved" in response.content.decode()
    assert _numbers(meeting) == before


def test_remove_an_item_of_an_unsent_agenda(office, client, django_capture_on_commit_callbacks):
    meeting = meeting_create(body=office["body"], start=_future(), place="Sali")
    draft = agenda_item_add(meeting=meeting, title="Luonnos")
    after = agenda_item_add(meeting=meeting, title="Seuraava")
    client.force_login(office["secretary"])
    confirm = client.get(reverse("staff:item_remove", kwargs={"pk": draft.pk}))
    assert "Luonnos" in confirm.content.decode()
    assert AgendaItem.objects.filter(pk=draft.pk).exists()  # asking is not removing
    client.post(reverse("staff:item_remove", kwargs={"pk": draft.pk}))
    assert not AgendaItem.objects.filter(pk=draft.pk).exists()
    after.refresh_from_db()
    assert after.section_number == 5
    # Once the invitation has been sent, only the meeting can remove an item.
    from kokous.invitations.services import invitation_send

    AgendaItem.objects.filter(meeting=meeting).update(ready=True)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(meeting=meeting)
    response = client.post(reverse("staff:item_remove", kwargs={"pk": after.pk}), follow=True)
    assert AgendaItem.objects.filter(pk=after.pk).exists()
    assert "supplementary agenda" in response.content.decode()


def _edit_data(item: AgendaItem, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": item.title,
        "preparation_text": item.preparation_text,
        "proposal": item.proposal,
        "publicity": item.publicity,
        "legal_basis": item.legal_basis,
        "presenter": item.presenter_id or "",
        "version": item.version,
    }
    data.update(changes)
    return data


def test_preparation_text_is_sanitised(office, client):
    meeting = meeting_create(body=office["body"], start=_future(), place="Sali")
    item = agenda_item_add(meeting=meeting, title="Asia", presenter=office["presenter_person"])
    client.force_login(office["presenter"])
    client.post(
        reverse("staff:item_edit", kwargs={"pk": item.pk}),
        _edit_data(
            item,
            preparation_text='<p onclick="x()">Teksti<script>alert(1)</script>'
            '<a href="javascript:alert(1)">linkki</a></p>',
        ),
    )
    item.refresh_from_db()
    assert "script" not in item.preparation_text
    assert "onclick" not in item.preparation_text
    assert "javascript" not in item.preparation_text
    assert "Teksti" in item.preparation_text


def test_two_people_saving_the_same_item_get_a_conflict_not_an_overwrite(office, client):
    meeting = meeting_create(body=office["body"], start=_future(), place="Sali")
    item = agenda_item_add(meeting=meeting, title="Asia", presenter=office["presenter_person"])
    opened = _edit_data(item)  # both open the form at version 1
    client.force_login(office["presenter"])
    response = client.post(
        reverse("staff:item_edit", kwargs={"pk": item.pk}),
        {**opened, "proposal": "Esittelijän ehdotus."},
    )
    assert response.status_code == 302
    client.force_login(office["secretary"])
    response = client.post(
        reverse("staff:item_edit", kwargs={"pk": item.pk}),
        {**opened, "proposal": "Sihteerin ehdotus."},
    )
    item.refresh_from_db()
    assert item.proposal == "Esittelijän ehdotus."  # not overwritten
    body = response.content.decode()
    assert response.status_code == 200
    assert "Eero Esittelijä saved this" in body
    assert "Sihteerin ehdotus." in body  # the unsaved input is kept in the form
    assert "Esittelijän ehdotus." in body  # and the saved version is shown beside it
    assert response.context["form"]["version"].value() == str(item.version)
    # Saving again after seeing the other version is a deliberate overwrite.
    response = client.post(
        reverse("staff:item_edit", kwargs={"pk": item.pk}),
        {**opened, "proposal": "Sihteerin ehdotus.", "version": item.version},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.proposal == "Sihteerin ehdotus."


def test_attachment_upload_checks_the_content(office, client):
    meeting = meeting_create(body=office["body"], start=_future(), place="Sali")
    item = agenda_item_add(meeting=meeting, title="Asia", presenter=office["presenter_person"])
    client.force_login(office["presenter"])
    url = reverse("staff:attachment_add", kwargs={"pk": item.pk})
    response = client.post(
        url,
        {"file": SimpleUploadedFile("paatos.pdf", b"<html><script>x</script></html>"),
         "title": "Väärä", "publicity": "public"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "cannot be attached" in response.content.decode()
    assert not item.attachments.exists()
    response = client.post(
        url,
        {"file": SimpleUploadedFile("x.exe", PDF), "title": "Selvitys", "publicity": "public"},
    )
    assert response.status_code == 302
    attachment = item.attachments.get()
    assert (attachment.number, attachment.content_type) == (1, "application/pdf")
    assert attachment.file.name.endswith("-selvitys.pdf")
    download = client.get(reverse("staff:attachment", kwargs={"pk": attachment.pk}))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF


def test_invitation_flow_sends_mail_with_calendar_and_records_it(
    office, client, django_capture_on_commit_callbacks
):
    meeting = meeting_create(body=office["body"], start=_future(10), place="Valtuustosali")
    item = agenda_item_add(
        meeting=meeting, title="Talousarvio", presenter=office["presenter_person"]
    )
    client.force_login(office["secretary"])
    preview = client.get(reverse("staff:invitation", kwargs={"pk": meeting.pk}))
    assert "These items are not ready yet" in preview.content.decode()
    refused = client.post(reverse("staff:invitation", kwargs={"pk": meeting.pk}), follow=True)
    assert "not ready yet" in refused.content.decode()
    assert not mail.outbox
    client.post(reverse("staff:item_ready", kwargs={"pk": item.pk}), {"ready": "1"})
    preview = client.get(reverse("staff:invitation", kwargs={"pk": meeting.pk}))
    assert "§ 5 Talousarvio" in preview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:invitation", kwargs={"pk": meeting.pk}))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.INVITATION_SENT
    invitation = Invitation.objects.get(meeting=meeting)
    statuses = sorted(invitation.deliveries.values_list("status", flat=True))
    assert statuses.count(Delivery.Status.SENT) == 4
    assert statuses.count(Delivery.Status.NO_ADDRESS) == 1
    assert len(mail.outbox) == 4
    message = mail.outbox[0]
    assert "Aluehallitus" in message.subject
    assert "§ 5 Talousarvio" in message.body
    assert "Valtuustosali" in message.body
    filename, content, mimetype = message.attachments[0]
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == meeting.start
    assert str(event["location"]) == "Valtuustosali"
    page = client.get(reverse("staff:meeting", kwargs={"pk": meeting.pk})).content.decode()
    assert "lead time of 4 days was met" in page


def test_changes_after_sending_become_a_supplementary_agenda(
    office, client, django_capture_on_commit_callbacks
):
    meeting = meeting_create(body=office["body"], start=_future(10), place="Sali")
    from kokous.invitations.services import invitation_send

    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(meeting=meeting)
    mail.outbox.clear()
    client.force_login(office["secretary"])
    client.post(
        reverse("staff:item_create", kwargs={"pk": meeting.pk}),
        {"title": "Kiireellinen asia", "case_mode": "none", "publicity": "public"},
    )
    item = meeting.items.get(title="Kiireellinen asia")
    assert item.supplementary
    assert _numbers(meeting)[-2:] == [(5, "Kiireellinen asia"), (6, "Muut asiat")]
    change = AgendaChange.objects.get(meeting=meeting)
    assert change.announced_in is None
    page = client.get(reverse("staff:meeting", kwargs={"pk": meeting.pk})).content.decode()
    assert "Kiireellinen asia" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("staff:supplement", kwargs={"pk": meeting.pk}))
    change.refresh_from_db()
    assert change.announced_in is not None and change.announced_in.sequence == 1
    assert mail.outbox and "Kiireellinen asia" in mail.outbox[0].body
    event = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert int(event["sequence"]) == 1


def test_tabled_items_are_proposed_for_the_next_agenda(office, client):
    body = office["body"]
    earlier = meeting_create(body=body, start=_future(3), place="Sali")
    tabled = agenda_item_add(meeting=earlier, title="Pöydälle pantu")
    AgendaItem.objects.filter(pk=tabled.pk).update(decision_type="tabled")
    meeting = meeting_create(body=body, start=_future(20), place="Sali")
    client.force_login(office["secretary"])
    page = client.get(reverse("staff:meeting", kwargs={"pk": meeting.pk})).content.decode()
    assert "Pöydälle pantu" in page
    client.post(reverse("staff:item_carry", kwargs={"pk": meeting.pk, "item_pk": tabled.pk}))
    carried = meeting.items.get(title="Pöydälle pantu")
    assert carried.carried_from_id == tabled.pk
    page = client.get(reverse("staff:meeting", kwargs={"pk": meeting.pk})).content.decode()
    assert "Add to this agenda" not in page


def test_calendar_places_meetings_on_their_days_and_rejects_bad_months(office, client):
    meeting = meeting_create(body=office["body"], start=_future(), place="Sali")
    client.force_login(office["secretary"])
    month = meeting.start.astimezone(HELSINKI).strftime("%Y-%m")
    page = client.get(reverse("staff:calendar"), {"month": month}).content.decode()
    assert reverse("staff:meeting", kwargs={"pk": meeting.pk}) in page
    response = client.get(reverse("staff:calendar"), {"month": "2026-13"})
    assert response.status_code == 400
    response = client.get(reverse("staff:calendar"), {"month": "kuu"})
    assert response.status_code == 400


def test_meeting_list_queries_do_not_grow_with_meetings(
    office, client, django_assert_max_num_queries
):
    client.force_login(office["secretary"])
    for days in range(5, 30, 2):
        meeting_create(body=office["body"], start=_future(days), place="Sali")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("staff:meetings"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 13


def test_agenda_page_queries_do_not_grow_with_items(
    office, client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    meeting = meeting_create(body=office["body"], start=_future(), place="Sali")
    client.force_login(office["secretary"])
    client.get(reverse("staff:meeting", kwargs={"pk": meeting.pk}))
    for n in range(12):
        item = agenda_item_add(meeting=meeting, title=f"Asia {n}")
        client.post(
            reverse("staff:attachment_add", kwargs={"pk": item.pk}),
            {
                "file": SimpleUploadedFile("a.pdf", PDF),
                "title": f"Liite {n}",
                "publicity": "public",
            },
        )
    AgendaItem.objects.filter(meeting=meeting).update(ready=True)
    from kokous.invitations.services import invitation_send

    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(meeting=meeting)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("staff:meeting", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    assert response.content.decode().count("1 attachment") == 12


def test_case_search_without_javascript_keeps_the_form(office, client):
    body = office["body"]
    case_create(organisation=body.organisation, title="Hallintosääntö")
    case_create(organisation=body.organisation, title="Talousarvio")
    meeting = meeting_create(body=body, start=_future(), place="Sali")
    client.force_login(office["secretary"])
    response = client.post(
        reverse("staff:item_create", kwargs={"pk": meeting.pk}),
        {"title": "Talousarvion muutos", "case_mode": "existing", "case_query": "talous",
         "search_cases": "1"},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Talousarvion muutos"' in page
    assert "Hallintosääntö" not in page
    assert not response.context["form"].errors
    assert meeting.items.count() == 5  # nothing added by a search
