import datetime as dt
import io

import pytest
from django.urls import reverse

from kokous.organisations.models import Membership
from kokous.organisations.tests.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)
from kokous.preparation.models import Task
from kokous.preparation.tests.factories import RoadmapFactory, TaskFactory

pytestmark = pytest.mark.django_db


def _user_for(person):
    user = UserFactory()
    person.user = user
    person.save()
    return user


@pytest.fixture
def world():
    group = BodyFactory(name_fi="Työryhmä")
    other = BodyFactory(organisation=group.organisation, name_fi="Toinen ryhmä")
    roadmap = RoadmapFactory(organisation=group.organisation)
    lead = MembershipFactory(body=group, role=Membership.Role.CHAIR).person
    member = MembershipFactory(body=group, role=Membership.Role.MEMBER).person
    responsible = PersonFactory()
    task = TaskFactory(roadmap=roadmap, code="1", group=group, responsible=responsible,
                       due=dt.date(2030, 1, 31))  # fmt: skip
    foreign = TaskFactory(roadmap=roadmap, code="2", group=other)
    return {
        "group": group, "roadmap": roadmap, "task": task, "foreign": foreign,
        "lead": _user_for(lead), "member": _user_for(member),
        "responsible": _user_for(responsible), "outsider": UserFactory(),
        "admin": UserFactory(is_superuser=True),
    }  # fmt: skip


def test_who_may_see_the_board_and_change_a_task(client, world):
    board = reverse("preparation_staff:board", args=[world["group"].slug])
    edit = reverse("preparation_staff:task_edit", args=[world["task"].pk])
    expected = {
        "lead": (200, 200), "member": (200, 403), "responsible": (403, 200),
        "outsider": (403, 403), "admin": (200, 200),
    }  # fmt: skip
    for name, codes in expected.items():
        client.force_login(world[name])
        assert (client.get(board).status_code, client.get(edit).status_code) == codes, name
    client.force_login(world["lead"])  # a lead of one group does not edit another's tasks
    foreign = reverse("preparation_staff:task_edit", args=[world["foreign"].pk])
    assert client.get(foreign).status_code == 403
    client.logout()
    assert client.get(board).status_code == 302  # to sign in


def test_the_responsible_person_updates_status_and_progress_only(client, world):
    client.force_login(world["responsible"])
    url = reverse("preparation_staff:task_edit", args=[world["task"].pk])
    response = client.post(url, {"status": "in_progress", "progress": "30", "title": "Muu"})
    assert response.status_code == 302
    task = Task.objects.get(pk=world["task"].pk)
    assert (task.status, task.progress, task.title) == ("in_progress", 30, world["task"].title)
    # The service's rule comes back as the form's error, and nothing is stored.
    response = client.post(url, {"status": "in_progress", "progress": "100"})
    assert response.status_code == 200 and "progress" in response.context["form"].errors
    assert Task.objects.get(pk=task.pk).progress == 30


def test_a_lead_edits_and_adds_tasks_of_their_group(client, world):
    client.force_login(world["lead"])
    url = reverse("preparation_staff:task_edit", args=[world["task"].pk])
    data = {
        "code": "1.", "title": "Uusi otsikko", "group": world["group"].pk, "status": "done",
        "progress": "0", "weight": "2", "start": "2022-01-17", "due": "2022-02-28",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    task = Task.objects.get(pk=world["task"].pk)
    assert (task.title, task.status, task.progress, task.weight) == ("Uusi otsikko", "done", 100, 2)
    create = reverse("preparation_staff:task_create", args=[world["roadmap"].slug])
    new = dict(data, code="1.1", title="Alatehtävä", status="not_started")
    assert client.post(create, new).status_code == 302
    assert Task.objects.get(roadmap=world["roadmap"], code="1.1").parent == task
    clash = client.post(create, dict(new, title="Sama koodi"))
    assert clash.status_code == 200 and clash.context["form"].errors
    other_group = dict(new, code="1.2", group=world["foreign"].group.pk)
    assert client.post(create, other_group).status_code == 200  # not a group they lead
    assert not Task.objects.filter(code="1.2").exists()


def test_an_import_lists_errors_by_row_and_imports_nothing(client, world):
    url = reverse("preparation_staff:roadmap_import", args=[world["roadmap"].slug])
    client.force_login(world["lead"])
    assert client.get(url).status_code == 403
    client.force_login(world["admin"])
    bad = io.BytesIO("koodi;otsikko;määräaika\n5;Hyvä;1.3.2022\n6;;30.2.2022\n".encode())
    bad.name = "tiekartta.csv"
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Rivi 3, otsikko" in page and "Rivi 3, määräaika" in page  # Finnish first
    assert not Task.objects.filter(code__in=["5", "6"]).exists()
    good = io.BytesIO("koodi;otsikko\n5;Hyvä\n6;Myös hyvä\n".encode())
    good.name = "tiekartta.csv"
    assert client.post(url, {"file": good}).status_code == 302
    assert Task.objects.filter(roadmap=world["roadmap"], code__in=["5", "6"]).count() == 2


def test_my_tasks_lists_what_is_late_and_due(client, world):
    client.force_login(world["responsible"])
    page = client.get(reverse("preparation_staff:my_tasks")).content.decode()
    assert world["task"].title in page


def test_a_lead_adds_where_the_task_was_reported(client, world):
    client.force_login(world["lead"])
    url = reverse("preparation_staff:task_edit", args=[world["task"].pk])
    response = client.post(url, {"report-note": "Väliarviointi VATE 9.2.2022",
                                 "report-date": "2022-02-09"})  # fmt: skip
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Väliarviointi VATE 9.2.2022" in page
    empty = client.post(url, {"report-note": "  "})
    assert empty.status_code == 200 and empty.context["report_form"].errors
    assert world["task"].reports.count() == 1


def test_reports_show_agenda_items_only_to_those_who_may_read_them(world):
    from kokous.meetings.models import Meeting
    from kokous.meetings.tests.factories import AgendaItemFactory
    from kokous.preparation import selectors, services

    item = AgendaItemFactory(meeting__body=world["group"], meeting__status=Meeting.Status.PLANNED,
                             title="Salainen valmisteluasia")  # fmt: skip
    services.task_report_add(task=world["task"], agenda_item=item, note="Käsitelty työryhmässä")
    public = selectors.task_reports(task_ids=[world["task"].pk])
    assert [r.text for r in public] == ["Käsitelty työryhmässä"]  # an agenda not yet public
    members = selectors.task_reports(task_ids=[world["task"].pk],
                                     readable_body_ids={world["group"].pk})  # fmt: skip
    assert "Salainen valmisteluasia" in members[0].text
