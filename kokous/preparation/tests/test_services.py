import datetime as dt

import hypothesis
import pytest
from django.core.exceptions import ValidationError
from hypothesis import strategies as st

from kokous.organisations.tests.factories import BodyFactory, OrganisationFactory, PersonFactory
from kokous.preparation import selectors, services
from kokous.preparation.models import Task, TaskLink
from kokous.preparation.tests.factories import PhaseFactory, RoadmapFactory, TaskFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2022, 3, 1)


def test_subtasks_hang_under_the_nearest_code_they_continue():
    roadmap = RoadmapFactory()
    a21 = TaskFactory(roadmap=roadmap, code="A2.1.")
    a = TaskFactory(roadmap=roadmap, code="A")
    a21.refresh_from_db()
    assert a21.parent == a  # no A2 yet
    a2 = TaskFactory(roadmap=roadmap, code="A2")
    a21.refresh_from_db()
    assert (a21.parent, a2.parent) == (a2, a)
    services.task_delete(task=a2)
    a21.refresh_from_db()
    assert a21.parent == a
    moved = services.task_update(task=a21, code="B1")
    assert moved.parent is None and moved.code == "B1"
    with pytest.raises(ValidationError):
        TaskFactory(roadmap=roadmap, code="b.1.")  # the same code however written


def test_status_and_progress_agree():
    task = TaskFactory(status=Task.Status.NOT_STARTED, progress=0)
    task = services.task_update(task=task, progress=40, today=TODAY)
    assert task.status == Task.Status.IN_PROGRESS  # begun
    task = services.task_update(task=task, status=Task.Status.DONE, today=TODAY)
    assert (task.progress, task.completed_on) == (100, TODAY)
    with pytest.raises(ValidationError) as refused:
        services.task_update(task=task, status=Task.Status.IN_PROGRESS, today=TODAY)
    assert "progress" in refused.value.message_dict  # reopened at 100 %: give a smaller share
    task = services.task_update(task=task, status=Task.Status.IN_PROGRESS, progress=90)
    assert (task.progress, task.completed_on) == (90, None)
    for progress in (-1, 101):
        with pytest.raises(ValidationError):
            services.task_update(task=task, progress=progress)
    task.refresh_from_db()
    assert task.progress == 90  # nothing stored from a refused change


def test_an_open_task_past_its_due_date_is_late():
    due = dt.date(2022, 2, 28)
    task = TaskFactory(due=due)
    assert selectors.task_status(task, today=due) == Task.Status.NOT_STARTED
    assert selectors.task_status(task, today=due + dt.timedelta(days=1)) == Task.LATE
    task = services.task_update(task=task, progress=10)
    assert selectors.task_is_late(task, today=TODAY)
    for status in (Task.Status.DONE, Task.Status.CANCELLED):
        task = services.task_update(task=task, status=status, progress=task.progress)
        assert selectors.task_status(task, today=TODAY) == status
    undated = TaskFactory(due=None)
    assert not selectors.task_is_late(undated, today=dt.date(2099, 1, 1))


def test_a_task_cannot_be_due_before_it_starts():
    with pytest.raises(ValidationError):
        TaskFactory(start=dt.date(2022, 3, 1), due=dt.date(2022, 2, 1))


def test_progress_rolls_up_from_subtasks_by_weight():
    roadmap = RoadmapFactory()
    top = TaskFactory(roadmap=roadmap, code="1", progress=5)
    TaskFactory(roadmap=roadmap, code="1.1", weight=3, status=Task.Status.DONE)
    middle = TaskFactory(roadmap=roadmap, code="1.2", weight=1)
    TaskFactory(roadmap=roadmap, code="1.2.1", progress=20)
    TaskFactory(roadmap=roadmap, code="1.2.2", progress=60)
    TaskFactory(roadmap=roadmap, code="1.3", weight=5, status=Task.Status.CANCELLED)
    TaskFactory(roadmap=roadmap, code="1.4", weight=0, progress=0)
    progress = selectors.progress_rollup(Task.objects.filter(roadmap=roadmap))
    assert progress[middle.pk] == pytest.approx(40)  # (20 + 60) / 2
    # 1.1 done (100) weighs 3, 1.2 (40) weighs 1; cancelled and weightless ones do not count.
    assert progress[top.pk] == pytest.approx((3 * 100 + 1 * 40) / 4)
    leaf = TaskFactory(roadmap=RoadmapFactory(), progress=35)
    assert selectors.progress_rollup([leaf]) == {leaf.pk: 35.0}


def test_a_group_and_a_phase_come_from_the_roadmap():
    roadmap = RoadmapFactory()
    with pytest.raises(ValidationError):
        TaskFactory(roadmap=roadmap, group=BodyFactory(organisation=OrganisationFactory()))
    with pytest.raises(ValidationError):
        TaskFactory(roadmap=roadmap, phase=PhaseFactory())
    task = TaskFactory(
        roadmap=roadmap,
        group=BodyFactory(organisation=roadmap.organisation),
        phase=PhaseFactory(roadmap=roadmap),
    )
    assert task.group.organisation == roadmap.organisation


def test_no_task_depends_on_itself_through_others():
    roadmap = RoadmapFactory()
    a, b, c = (TaskFactory(roadmap=roadmap) for _ in range(3))
    services.task_link_set(source=a, target=b, kind=TaskLink.Kind.DEPENDS_ON)
    services.task_link_set(source=b, target=c, kind=TaskLink.Kind.DEPENDS_ON)
    with pytest.raises(ValidationError):
        services.task_link_set(source=c, target=a, kind=TaskLink.Kind.DEPENDS_ON)
    with pytest.raises(ValidationError):
        services.task_link_set(source=a, target=a, kind=TaskLink.Kind.DIRECT)
    # Impact is not dependence: it may run both ways.
    services.task_link_set(source=c, target=a, kind=TaskLink.Kind.INDIRECT)
    link = services.task_link_set(source=c, target=a, kind=TaskLink.Kind.DIRECT)
    assert TaskLink.objects.filter(source=c, target=a).get() == link
    assert link.kind == TaskLink.Kind.DIRECT
    other = TaskFactory()  # another organisation's roadmap
    with pytest.raises(ValidationError):
        services.task_link_set(source=a, target=other, kind=TaskLink.Kind.DIRECT)


def test_a_report_names_where_the_task_was_handled():
    task = TaskFactory()
    report = services.task_report_add(
        task=task, note="Väliarviointi VATE 9.2.2022", date=dt.date(2022, 2, 9)
    )
    assert str(report) == "Väliarviointi VATE 9.2.2022"
    with pytest.raises(ValidationError):
        services.task_report_add(task=task, note="  ")


def test_a_person_sees_late_soon_and_later_tasks():
    person = PersonFactory()
    roadmap = RoadmapFactory()
    late = TaskFactory(roadmap=roadmap, responsible=person, due=TODAY - dt.timedelta(days=1))
    soon = TaskFactory(roadmap=roadmap, due=TODAY + dt.timedelta(days=3), participants=[person])
    later = TaskFactory(roadmap=roadmap, responsible=person, due=None)
    TaskFactory(roadmap=roadmap, responsible=person, status=Task.Status.DONE)
    TaskFactory(roadmap=roadmap, responsible=PersonFactory(), due=TODAY)
    groups = selectors.person_tasks(person_id=person.pk, today=TODAY)
    assert [[row.task for row in groups[key]] for key in ("late", "soon", "later")] == [
        [late], [soon], [later],
    ]  # fmt: skip


def test_a_group_board_has_a_column_for_each_status_shown():
    group = BodyFactory()
    roadmap = RoadmapFactory(organisation=group.organisation)
    TaskFactory(roadmap=roadmap, group=group, due=TODAY - dt.timedelta(days=5))
    TaskFactory(roadmap=roadmap, group=group, status=Task.Status.DONE)
    TaskFactory(roadmap=roadmap, group=group, progress=50)
    board = selectors.group_board(group_id=group.pk, today=TODAY)
    counts = {status: len(rows) for status, _label, rows in board}
    assert counts == {"not_started": 0, "in_progress": 1, "late": 1, "done": 1, "cancelled": 0}


@hypothesis.settings(max_examples=25, deadline=None)
@hypothesis.given(
    codes=st.lists(
        st.sampled_from(
            ["A", "A2", "A2.1", "A2.1.3", "A10", "A1", "B1.3", "1", "1.1", "1.10", "1.1.2", "10"]
        ),
        min_size=1,
        max_size=8,
        unique=True,
    )  # fmt: skip
)
def test_tasks_created_in_any_order_hang_where_their_codes_say(codes):
    roadmap = RoadmapFactory()
    for code in codes:
        TaskFactory(roadmap=roadmap, code=code)
    placed = {
        t.code: (t.parent.code if t.parent else None) for t in Task.objects.filter(roadmap=roadmap)
    }
    services.roadmap_parents_refresh(roadmap=roadmap)  # the rule, computed over the whole set
    expected = {
        t.code: (t.parent.code if t.parent else None) for t in Task.objects.filter(roadmap=roadmap)
    }
    assert placed == expected
