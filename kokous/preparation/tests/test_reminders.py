import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from kokous.organisations.models import Membership
from kokous.organisations.tests.factories import BodyFactory, MembershipFactory, PersonFactory
from kokous.preparation.models import DemoClock, Reminder, Task
from kokous.preparation.reminders import reminders_send
from kokous.preparation.tests.factories import RoadmapFactory, TaskFactory

pytestmark = pytest.mark.django_db
DUE = dt.date(2022, 2, 28)  # a Monday


@pytest.fixture
def task():
    group = BodyFactory(name_fi="Järjestämisen työryhmä")
    roadmap = RoadmapFactory(organisation=group.organisation, reminder_days=7, late_reminder_days=1)
    person = PersonFactory(email="anu.salonen@example.fi")
    return TaskFactory(roadmap=roadmap, code="2.1", title="Ryhmäkeskustelu", group=group,
                       responsible=person, due=DUE)  # fmt: skip


def _subjects():
    return [message.subject for message in mail.outbox]


def test_the_responsible_person_is_reminded_before_the_due_date_once(task):
    assert reminders_send(today=DUE - dt.timedelta(days=8)).due == 0
    report = reminders_send(today=DUE - dt.timedelta(days=7))
    assert report.due == 1 and mail.outbox[0].to == ["anu.salonen@example.fi"]
    assert "2.1 Ryhmäkeskustelu" in mail.outbox[0].subject and "28.2.2022" in mail.outbox[0].subject
    assert reminders_send(today=DUE - dt.timedelta(days=3)).due == 0  # sent already
    assert len(mail.outbox) == 1


def test_a_late_task_is_told_once_and_a_new_due_date_is_a_new_reminder(task):
    assert reminders_send(today=DUE).late == 0  # due today: not late yet
    mail.outbox.clear()
    assert reminders_send(today=DUE + dt.timedelta(days=1)).late == 1
    assert reminders_send(today=DUE + dt.timedelta(days=5)).late == 0
    Task.objects.filter(pk=task.pk).update(due=DUE + dt.timedelta(days=10))
    assert reminders_send(today=DUE + dt.timedelta(days=11)).late == 1
    Task.objects.filter(pk=task.pk).update(status=Task.Status.DONE, progress=100)
    assert reminders_send(today=DUE + dt.timedelta(days=30)).late == 0  # done: no reminder


def test_a_refused_mail_is_tried_again(task, settings, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise OSError("mail server down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    report = reminders_send(today=DUE + dt.timedelta(days=1))
    assert (report.late, report.failed) == (0, 1) and not Reminder.objects.exists()
    monkeypatch.undo()
    assert reminders_send(today=DUE + dt.timedelta(days=1)).late == 1


def test_a_lead_gets_a_weekly_digest_once_a_week(task):
    lead = MembershipFactory(body=task.group, role=Membership.Role.CHAIR,
                             person=PersonFactory(email="lead@example.fi")).person  # fmt: skip
    MembershipFactory(body=task.group, role=Membership.Role.MEMBER,
                      person=PersonFactory(email="member@example.fi"))  # fmt: skip
    monday = DUE - dt.timedelta(days=7)
    report = reminders_send(today=monday)
    assert report.digests == 1
    digest = [m for m in mail.outbox if m.to == [lead.email]]
    assert len(digest) == 1 and "2.1 Ryhmäkeskustelu" in digest[0].body
    assert not [m for m in mail.outbox if m.to == ["member@example.fi"]]
    assert reminders_send(today=monday + dt.timedelta(days=3)).digests == 0  # same week
    assert reminders_send(today=monday + dt.timedelta(days=7)).digests == 1  # the next week


def test_moving_the_demo_clock_past_a_due_date_sends_the_late_reminder(
    task, settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_clock", (DUE + dt.timedelta(days=2)).isoformat())
    assert DemoClock.objects.get().today == DUE + dt.timedelta(days=2)
    assert Reminder.objects.get().kind == Reminder.Kind.LATE
    assert ["2.1 Ryhmäkeskustelu" in subject for subject in _subjects()] == [True]
    call_command("demo_clock", "--off")
    assert not DemoClock.objects.exists()


def test_the_demo_clock_refuses_without_debug_and_bad_dates(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_clock", "2022-03-01")
    settings.DEBUG = True
    with pytest.raises(CommandError):
        call_command("demo_clock", "1.3.2022")
    assert not DemoClock.objects.exists()
