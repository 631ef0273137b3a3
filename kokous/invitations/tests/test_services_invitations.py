"""Invitations and supplementary agendas (`kokous.invitations`): who receives them, what is
refused, what the e-mail and its calendar file say, the record of each delivery, retrying
failed ones, and whether the body's lead time was met.

The e-mails go out from a task enqueued when the sending commits; the test settings run tasks
at once (django-tasks' ImmediateBackend) into Django's in-memory outbox.
"""

import datetime as dt
import smtplib

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from kokous.core.timeutil import HELSINKI, helsinki_datetime, local_date
from kokous.invitations.calendar import meeting_uid
from kokous.invitations.models import Delivery, Invitation
from kokous.invitations.selectors import (
    changes_pending,
    invitation_recipients,
    invitation_timeliness,
)
from kokous.invitations.services import invitation_retry, invitation_send, supplement_send
from kokous.invitations.tasks import CALENDAR_FILENAME, invitation_deliver
from kokous.meetings.models import AgendaChange, AgendaItem, Meeting
from kokous.meetings.services import (
    agenda_item_add,
    agenda_item_ready_set,
    agenda_item_update,
    meeting_create,
    meeting_update,
)
from kokous.organisations.models import Membership
from kokous.organisations.tests.factories import (
    BodyFactory,
    DeputyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

START = helsinki_datetime(2022, 2, 14, 17)
END = helsinki_datetime(2022, 2, 14, 19)
Role = Membership.Role


# E-mail backends that fail, as an SMTP server does -------------------------------------------


class RefusingBackend(BaseEmailBackend):
    """Connects, but every message is refused."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPDataError(554, b"5.7.1 Message rejected")


class UnreachableBackend(BaseEmailBackend):
    """The mail server cannot be reached at all."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, email_messages):
        self.open()


class PickyBackend(LocmemBackend):
    """Delivers like the in-memory backend except to addresses at virhe.example."""

    def send_messages(self, messages):
        for message in messages:
            if any(address.endswith("@virhe.example") for address in message.to):
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        return super().send_messages(messages)


class OvertakenBackend(LocmemBackend):
    """Delivers like the in-memory backend, but while the first message goes out another task
    (a retry running beside this one) sends all the other queued deliveries."""

    def send_messages(self, messages):
        others = Delivery.objects.filter(status=Delivery.Status.QUEUED)
        others.exclude(email__in=[a for m in messages for a in m.to]).update(
            status=Delivery.Status.SENT, sent_at=timezone.now()
        )
        return super().send_messages(messages)


def backend(cls):
    return f"{__name__}.{cls.__name__}"


# Fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def body():
    return BodyFactory(name_fi="Aluehallitus", invitation_lead_days=4)


@pytest.fixture
def people(body):
    """The body's roles on the meeting date, by name."""
    person = PersonFactory
    roles = {
        "chair": MembershipFactory(
            body=body, role=Role.CHAIR, person=person(first_name="Aino", last_name="Aalto")
        ),
        "vice_chair": MembershipFactory(
            body=body, role=Role.VICE_CHAIR, person=person(first_name="Eero", last_name="Eskola")
        ),
        "member": MembershipFactory(
            body=body, role=Role.MEMBER, person=person(first_name="Bertta", last_name="Berg")
        ),
        "member_2": MembershipFactory(
            body=body, role=Role.MEMBER, person=person(first_name="Aki", last_name="Ahola")
        ),
        "representative": MembershipFactory(
            body=body,
            role=Role.REPRESENTATIVE,
            represents="Kotka",
            person=person(first_name="Risto", last_name="Rantala"),
        ),
        "presenter": MembershipFactory(
            body=body, role=Role.PRESENTER, person=person(first_name="Paula", last_name="Peltola")
        ),
        "secretary": MembershipFactory(
            body=body,
            role=Role.SECRETARY,
            person=person(first_name="Sanna", last_name="Salo", email=""),
        ),
        "expert": MembershipFactory(
            body=body, role=Role.EXPERT, person=person(first_name="Erkki", last_name="Ekholm")
        ),
        "invited": MembershipFactory(
            body=body, role=Role.INVITED, person=person(first_name="Ilona", last_name="Ilves")
        ),
    }
    roles["deputy"] = DeputyFactory(
        deputy_for=roles["member"], person=person(first_name="Ville", last_name="Virta")
    )
    # The presenter is also an expert of the body: she is invited once, as the presenter.
    MembershipFactory(body=body, role=Role.EXPERT, person=roles["presenter"].person)
    # Not invited: a member whose term ended, one whose term has not begun, another body's member.
    MembershipFactory(body=body, start=dt.date(2020, 1, 1), end=dt.date(2021, 12, 31))
    MembershipFactory(body=body, start=dt.date(2022, 6, 1))
    MembershipFactory(role=Role.MEMBER)
    return {name: membership.person for name, membership in roles.items()}


@pytest.fixture
def meeting(body):
    meeting = meeting_create(
        body=body,
        start=START,
        end=END,
        place="Hallituksen kokoushuone, Kotkankatu 1",
        online_url="https://teams.example.fi/kokous/123",
    )
    item = agenda_item_add(meeting=meeting, title="Talousarvio 2023")
    agenda_item_ready_set(item=item, ready=True)
    return meeting


@pytest.fixture
def sender():
    return UserFactory(username="sihteeri")


def send(meeting, **kwargs):
    """Send the invitation as a view would: the task runs when the sending commits."""
    return _commit(invitation_send, meeting=meeting, **kwargs)


def send_supplement(meeting, **kwargs):
    return _commit(supplement_send, meeting=meeting, **kwargs)


def retry(invitation):
    return _commit(invitation_retry, invitation=invitation)


def _commit(function, **kwargs):
    # What pytest-django's `django_capture_on_commit_callbacks(execute=True)` does: run the
    # callbacks registered with transaction.on_commit, which the test's transaction never commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return function(**kwargs)


def status_set(meeting, status=None, **changes):
    meeting = Meeting.objects.get(pk=meeting.pk)
    values = {
        name: getattr(meeting, name)
        for name in ("start", "end", "place", "online_url", "chair", "secretary", "presenter")
    }
    values.update(changes)
    return meeting_update(meeting=meeting, status=status or meeting.status, **values)


def calendar_event(ics: str):
    calendar = icalendar.Calendar.from_ical(ics)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def link(meeting):
    return "http://testserver" + reverse("staff:meeting", kwargs={"pk": meeting.pk})


def deliveries(invitation):
    return {d.person: d for d in invitation.deliveries.select_related("person")}


# Recipients --------------------------------------------------------------------------------


def test_the_invitation_goes_to_the_body_s_roles_each_person_once(body, people, meeting):
    recipients = invitation_recipients(meeting=meeting)

    assert [(r.person, r.role) for r in recipients] == [
        (people["chair"], Role.CHAIR),
        (people["vice_chair"], Role.VICE_CHAIR),
        (people["member_2"], Role.MEMBER),  # Ahola before Berg
        (people["member"], Role.MEMBER),
        (people["representative"], Role.REPRESENTATIVE),
        (people["presenter"], Role.PRESENTER),
        (people["secretary"], Role.SECRETARY),
        (people["expert"], Role.EXPERT),
        (people["invited"], Role.INVITED),
    ]


def test_deputies_are_invited_when_the_body_s_rule_says_so(body, people, meeting):
    body.invite_deputies = True
    body.save()
    meeting.refresh_from_db()

    recipients = {r.person: r.role for r in invitation_recipients(meeting=meeting)}

    assert recipients[people["deputy"]] == Role.DEPUTY
    assert len(recipients) == 10


def test_the_meeting_s_officers_are_invited_even_without_a_role(body, people, meeting):
    outside_chair = PersonFactory(first_name="Ulla", last_name="Ulkopuolinen")
    status_set(meeting, chair=outside_chair, secretary=people["secretary"])
    meeting.refresh_from_db()

    recipients = [(r.person, r.role) for r in invitation_recipients(meeting=meeting)]

    assert recipients[-1] == (outside_chair, "officer")
    # The body's secretary keeps her role and is not listed twice.
    assert recipients.count((people["secretary"], Role.SECRETARY)) == 1
    assert len({person for person, _role in recipients}) == len(recipients) == 10


def test_a_person_with_a_seat_and_an_officer_role_is_invited_once(body, people, meeting):
    status_set(meeting, chair=people["chair"], presenter=people["presenter"])
    meeting.refresh_from_db()

    recipients = invitation_recipients(meeting=meeting)

    assert len(recipients) == len({r.person for r in recipients}) == 9
    assert {r.person: r.role for r in recipients}[people["chair"]] == Role.CHAIR


# Refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status",
    [
        Meeting.Status.INVITATION_SENT,
        Meeting.Status.HELD,
        Meeting.Status.PUBLISHED,
        Meeting.Status.CANCELLED,
    ],
)
def test_only_a_planned_meeting_is_invited(meeting, status):
    status_set(meeting, status)

    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            send(meeting)
        label = str(Meeting.Status(status).label)

    assert caught.value.messages == [
        f"The invitation can only be sent for a planned meeting; this one is {label}."
    ]
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_empty_agenda_is_not_sent(body, people):
    meeting = meeting_create(body=body, start=START, with_standard_items=False)

    with translation.override("en"), pytest.raises(ValidationError, match="The agenda is empty"):
        send(meeting)

    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PLANNED
    assert not Invitation.objects.exists()


def test_items_not_ready_are_listed_and_nothing_is_sent(people, meeting):
    agenda_item_add(meeting=meeting, title="Hallintosääntö")
    agenda_item_add(meeting=meeting, title="Henkilöstöasia")
    version = Meeting.objects.get(pk=meeting.pk).version

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        send(meeting)

    assert caught.value.messages == [
        "These items are not ready yet: § 6 Hallintosääntö, § 7 Henkilöstöasia."
    ]
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.status, stored.version) == (Meeting.Status.PLANNED, version)
    assert not Invitation.objects.exists()
    assert not Delivery.objects.exists()
    assert mail.outbox == []


def test_the_invitation_is_sent_once(people, meeting):
    send(meeting)

    with pytest.raises(ValidationError):
        send(meeting)

    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 8


def test_a_meeting_set_back_to_planned_is_not_invited_again(people, meeting):
    send(meeting)
    status_set(meeting, Meeting.Status.PLANNED)

    with translation.override("en"), pytest.raises(ValidationError, match="already been sent"):
        send(meeting)

    assert Invitation.objects.count() == 1
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PLANNED


# Sending -----------------------------------------------------------------------------------


def test_sending_records_the_invitation_and_a_delivery_per_recipient(people, meeting, sender):
    before = timezone.now()

    invitation = send(meeting, sent_by=sender)

    stored = Meeting.objects.get(pk=meeting.pk)
    assert stored.status == Meeting.Status.INVITATION_SENT
    assert stored.version == 2
    assert stored.modified_by == sender
    assert (invitation.kind, invitation.sequence) == (Invitation.Kind.INVITATION, 0)
    assert invitation.sent_by == sender
    assert before <= invitation.sent_at <= timezone.now()
    by_person = deliveries(invitation)
    assert set(by_person) == {r.person for r in invitation_recipients(meeting=stored)}
    assert {person: d.role for person, d in by_person.items()}[people["member"]] == Role.MEMBER
    # The secretary has no e-mail address: recorded so, and delivered another way.
    secretary = by_person[people["secretary"]]
    assert (secretary.status, secretary.email, secretary.sent_at) == (
        Delivery.Status.NO_ADDRESS, "", None,
    )  # fmt: skip
    others = [d for person, d in by_person.items() if person != people["secretary"]]
    assert len(others) == 8
    for delivery in others:
        assert delivery.status == Delivery.Status.SENT
        assert delivery.email == delivery.person.email
        assert before <= delivery.sent_at <= timezone.now()
        assert delivery.error == ""


def test_the_e_mails_wait_for_the_commit(people, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        invitation = invitation_send(meeting=meeting)

    assert mail.outbox == []
    assert set(invitation.deliveries.values_list("status", flat=True)) == {
        Delivery.Status.QUEUED, Delivery.Status.NO_ADDRESS,
    }  # fmt: skip

    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 8
    assert not invitation.deliveries.filter(status=Delivery.Status.QUEUED).exists()


def test_the_e_mail_gives_time_place_agenda_and_link(body, people, meeting):
    invitation = send(meeting)

    addresses = sorted(address for message in mail.outbox for address in message.to)
    assert addresses == sorted(
        person.email for person in people.values() if person.email and person != people["deputy"]
    )
    message = mail.outbox[0]
    assert len(message.to) == 1
    assert message.subject == invitation.subject
    assert "Aluehallitus" in message.subject and "14.2.2022" in message.subject
    assert message.body == invitation.body
    text = message.body
    assert "Aluehallitus" in text
    assert "14.2.2022 klo 17.00–19.00" in text
    assert "Hallituksen kokoushuone, Kotkankatu 1" in text
    assert "https://teams.example.fi/kokous/123" in text
    agenda = [line for line in text.splitlines() if line.startswith("§ ")]
    assert agenda == [
        "§ 1 Kokouksen avaus ja osallistujien toteaminen",
        "§ 2 Laillisuus ja päätösvaltaisuus",
        "§ 3 Pöytäkirjantarkastajien valinta",
        "§ 4 Työjärjestyksen hyväksyminen",
        "§ 5 Talousarvio 2023",
        "§ 6 Muut asiat",
    ]
    assert link(meeting) in text
    assert "&amp;" not in text and "&#" not in text


def test_the_e_mail_is_in_finnish_whatever_the_sender_s_language(people, meeting):
    with translation.override("en"):
        send(meeting)

    assert "14.2.2022 klo 17.00–19.00" in mail.outbox[0].body
    assert "February" not in mail.outbox[0].body


def test_the_calendar_file_describes_the_meeting(people, meeting):
    invitation = send(meeting)

    [attachment] = mail.outbox[0].attachments
    filename, content, mimetype = attachment
    assert filename == CALENDAR_FILENAME
    assert mimetype.startswith("text/calendar")
    assert content == invitation.calendar
    calendar, event = calendar_event(content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(event["UID"]) == meeting_uid(meeting) == f"kokous-meeting-{meeting.pk}@testserver"
    assert int(event["SEQUENCE"]) == 0
    assert event["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(hours=2)
    local_start = event.decoded("DTSTART")
    assert (local_start.date(), local_start.hour, local_start.minute) == (
        dt.date(2022, 2, 14),
        17,
        0,
    )
    assert event.decoded("DTEND") == END
    assert str(event["LOCATION"]) == "Hallituksen kokoushuone, Kotkankatu 1"
    assert str(event["URL"]) == link(meeting)
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "Aluehallitus" in str(event["SUMMARY"])
    assert "§ 5 Talousarvio 2023" in str(event["DESCRIPTION"])
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Helsinki"


def test_an_online_meeting_is_located_at_its_link(body, people):
    meeting = meeting_create(body=body, start=START, online_url="https://teams.example.fi/k/9")

    invitation = send(meeting)

    _calendar, event = calendar_event(invitation.calendar)
    assert str(event["LOCATION"]) == "https://teams.example.fi/k/9"
    assert "DTEND" not in event


# Supplementary agendas ---------------------------------------------------------------------


def test_a_supplement_needs_changes_to_announce(people, meeting):
    with translation.override("en"), pytest.raises(ValidationError, match="between the"):
        send_supplement(meeting)

    send(meeting)
    with translation.override("en"), pytest.raises(ValidationError, match="Nothing has changed"):
        send_supplement(meeting)

    assert Invitation.objects.count() == 1


def test_a_supplement_is_not_sent_after_the_meeting(people, meeting):
    send(meeting)
    agenda_item_add(meeting=meeting, title="Lisäasia")
    status_set(meeting, Meeting.Status.HELD)

    with pytest.raises(ValidationError):
        send_supplement(meeting)

    assert Invitation.objects.count() == 1


def test_a_supplement_announces_the_changes_and_updates_the_calendar(people, meeting, sender):
    invitation = send(meeting)
    mail.outbox.clear()
    added = agenda_item_add(meeting=meeting, title="Kiireellinen hankinta")
    status_set(
        meeting,
        start=helsinki_datetime(2022, 2, 15, 9),
        end=helsinki_datetime(2022, 2, 15, 11),
        place="Valtuustosali",
    )
    pending = list(changes_pending(meeting=meeting))
    assert [c.kind for c in pending] == [
        AgendaChange.Kind.ITEM_ADDED, AgendaChange.Kind.MEETING_CHANGED,
    ]  # fmt: skip

    supplement = send_supplement(meeting, sent_by=sender)

    assert (supplement.kind, supplement.sequence, supplement.sent_by) == (
        Invitation.Kind.SUPPLEMENT, 1, sender,
    )  # fmt: skip
    assert list(supplement.changes.order_by("pk")) == pending
    assert list(changes_pending(meeting=meeting)) == []
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.INVITATION_SENT
    assert supplement.deliveries.filter(status=Delivery.Status.SENT).count() == 8
    assert len(mail.outbox) == 8
    message = mail.outbox[0]
    assert message.subject == supplement.subject != invitation.subject
    assert "15.2.2022" in message.subject
    for change in pending:
        assert f"- {change.description}" in message.body
    assert "15.2.2022 klo 9.00–11.00" in message.body
    assert "Valtuustosali" in message.body
    agenda = [line for line in message.body.splitlines() if line.startswith("§ ")]
    assert agenda[-2].startswith(f"§ {added.section_number} Kiireellinen hankinta (")
    assert agenda[-1] == "§ 7 Muut asiat"
    assert link(meeting) in message.body
    _calendar, event = calendar_event(message.attachments[0][1])
    assert str(event["UID"]) == meeting_uid(meeting)
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == helsinki_datetime(2022, 2, 15, 9)
    assert str(event["LOCATION"]) == "Valtuustosali"


def test_each_supplement_raises_the_sequence(people, meeting):
    send(meeting)
    agenda_item_add(meeting=meeting, title="Lisäasia 1")
    first = send_supplement(meeting)
    item = agenda_item_add(meeting=meeting, title="Lisäasia 2")
    agenda_item_update(
        item=item,
        version=item.version,
        title="Lisäasia 2 (korjattu)",
        preparation_text="",
        proposal="Hyväksytään.",
        publicity=item.publicity,
        legal_basis="",
        contacts=[],
        presenter=None,
        case=None,
    )

    second = send_supplement(meeting)

    assert [i.sequence for i in Invitation.objects.filter(meeting=meeting)] == [0, 1, 2]
    assert first.changes.count() == 1
    assert [c.kind for c in second.changes.order_by("pk")] == [
        AgendaChange.Kind.ITEM_ADDED, AgendaChange.Kind.ITEM_CHANGED,
    ]  # fmt: skip
    sequences = [int(calendar_event(m.attachments[0][1])[1]["SEQUENCE"]) for m in mail.outbox]
    assert sequences == [0] * 8 + [1] * 8 + [2] * 8
    assert len({str(calendar_event(m.attachments[0][1])[1]["UID"]) for m in mail.outbox}) == 1


def test_a_meeting_announced_outside_kokous_gets_supplements_too(body, people):
    # A meeting recorded as announced (its invitation sent by other means) has no invitation here.
    meeting = meeting_create(body=body, start=START, status=Meeting.Status.INVITATION_SENT)
    agenda_item_add(meeting=meeting, title="Lisäasia")

    supplement = send_supplement(meeting)

    assert supplement.sequence == 1
    assert invitation_timeliness(meeting=meeting) is None


# Failed deliveries and retrying ---------------------------------------------------------------


def test_a_refused_delivery_is_recorded_with_its_error(settings, people, meeting):
    settings.EMAIL_BACKEND = backend(RefusingBackend)

    invitation = send(meeting)

    failed = invitation.deliveries.filter(status=Delivery.Status.FAILED)
    assert failed.count() == 8
    for delivery in failed:
        assert "Message rejected" in delivery.error
        assert delivery.sent_at is None
    # The sending itself stands: the meeting is announced, and the failures can be retried.
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.INVITATION_SENT
    assert mail.outbox == []


def test_an_unreachable_mail_server_fails_every_delivery(settings, people, meeting):
    settings.EMAIL_BACKEND = backend(UnreachableBackend)

    invitation = send(meeting)

    statuses = list(invitation.deliveries.values_list("status", "error"))
    assert sorted({status for status, _error in statuses}) == [
        Delivery.Status.FAILED, Delivery.Status.NO_ADDRESS,
    ]  # fmt: skip
    assert all("Connection refused" in error for status, error in statuses if status == "failed")


def test_one_refused_address_does_not_stop_the_others(settings, people, meeting):
    settings.EMAIL_BACKEND = backend(PickyBackend)
    wrong = people["expert"]
    wrong.email = "erkki@virhe.example"
    wrong.save()

    invitation = send(meeting)

    by_person = deliveries(invitation)
    assert by_person[wrong].status == Delivery.Status.FAILED
    assert "No such user" in by_person[wrong].error
    assert invitation.deliveries.filter(status=Delivery.Status.SENT).count() == 7
    assert len(mail.outbox) == 7


def test_failed_deliveries_are_retried(settings, people, meeting):
    settings.EMAIL_BACKEND = backend(RefusingBackend)
    invitation = send(meeting)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert retry(invitation) == 8

    assert invitation.deliveries.filter(status=Delivery.Status.SENT).count() == 8
    assert list(invitation.deliveries.exclude(error="").values_list("error", flat=True)) == []
    assert len(mail.outbox) == 8
    assert mail.outbox[0].subject == invitation.subject
    assert mail.outbox[0].attachments[0][1] == invitation.calendar
    # Nothing is left to retry, and nothing is sent twice.
    assert retry(invitation) == 0
    assert len(mail.outbox) == 8


def test_a_retry_sends_only_the_failed_ones(settings, people, meeting):
    settings.EMAIL_BACKEND = backend(PickyBackend)
    wrong = people["expert"]
    wrong.email = "erkki@virhe.example"
    wrong.save()
    invitation = send(meeting)
    assert len(mail.outbox) == 7
    # The address is corrected on the delivery, as staff would after checking it.
    invitation.deliveries.filter(person=wrong).update(email="erkki@example.fi")

    assert retry(invitation) == 1

    assert len(mail.outbox) == 8
    assert mail.outbox[-1].to == ["erkki@example.fi"]
    assert not invitation.deliveries.filter(status=Delivery.Status.FAILED).exists()
    assert invitation.deliveries.get(person=people["secretary"]).status == "no_address"


def test_the_task_sends_only_queued_deliveries(people, meeting):
    invitation = send(meeting)
    mail.outbox.clear()

    assert invitation_deliver.call(invitation_id=invitation.pk) == 0
    assert mail.outbox == []


def test_a_delivery_sent_meanwhile_by_another_task_is_not_sent_again(settings, people, meeting):
    settings.EMAIL_BACKEND = backend(OvertakenBackend)

    invitation = send(meeting)

    assert len(mail.outbox) == 1
    assert invitation.deliveries.filter(status=Delivery.Status.SENT).count() == 8


# Timeliness ----------------------------------------------------------------------------------


def _meeting_in(body, days, hour=17, minute=0):
    """A meeting `days` calendar days after today in Helsinki, at `hour`.`minute` there."""
    day = local_date(timezone.now()) + dt.timedelta(days=days)
    start = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=HELSINKI)
    return meeting_create(body=body, start=start)


def test_no_timeliness_before_the_invitation(body):
    assert invitation_timeliness(meeting=_meeting_in(body, 10)) is None


@pytest.mark.parametrize(
    ("days", "met"), [(10, True), (5, True), (4, True), (3, False), (0, False)]
)
def test_the_lead_time_is_met_or_not(body, people, days, met):
    meeting = _meeting_in(body, days)
    invitation = send(meeting)

    timeliness = invitation_timeliness(meeting=meeting)

    assert timeliness.sent_at == invitation.sent_at
    assert (timeliness.days_before, timeliness.required_days) == (days, 4)
    assert timeliness.met is met


def test_the_lead_time_is_counted_in_helsinki_calendar_days(body, people):
    # Just after midnight in Helsinki, four days from today: still the previous day in UTC.
    meeting = _meeting_in(body, 4, hour=0, minute=30)
    assert meeting.start.astimezone(dt.UTC).date() < local_date(meeting.start)

    send(meeting)

    timeliness = invitation_timeliness(meeting=meeting)
    assert timeliness.days_before == 4
    assert timeliness.met


def test_the_lead_time_is_the_body_s(body, people):
    body.invitation_lead_days = 7
    body.save()
    meeting = _meeting_in(body, 5)
    send(meeting)

    timeliness = invitation_timeliness(meeting=Meeting.objects.get(pk=meeting.pk))

    assert (timeliness.days_before, timeliness.required_days, timeliness.met) == (5, 7, False)


def test_a_supplement_does_not_change_the_timeliness(body, people):
    meeting = _meeting_in(body, 6)
    send(meeting)
    agenda_item_add(meeting=meeting, title="Lisäasia")
    send_supplement(meeting)

    assert invitation_timeliness(meeting=meeting).days_before == 6


def test_an_item_changed_after_sending_is_listed_for_the_supplement(people, meeting):
    send(meeting)
    item = AgendaItem.objects.get(meeting=meeting, title="Talousarvio 2023")
    agenda_item_update(
        item=item,
        version=item.version,
        title=item.title,
        preparation_text="<p>Uusi perustelu.</p>",
        proposal=item.proposal,
        publicity=item.publicity,
        legal_basis="",
        contacts=[],
        presenter=None,
        case=None,
    )

    [change] = changes_pending(meeting=meeting)

    assert change.item == item
    assert change.description.startswith("§ 5 Talousarvio 2023: ")
