import pytest
from django.urls import reverse

from kokous.organisations.tests.factories import UserFactory
from kokous.preparation.models import Task
from kokous.preparation.tests.factories import RoadmapFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_the_admin_saves_tasks_through_the_services(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    roadmap = RoadmapFactory()
    parent = TaskFactory(roadmap=roadmap, code="A2")
    data = {
        "roadmap": roadmap.pk, "code": "a2.1.", "title": "Alatehtävä", "status": "not_started",
        "progress": "20", "weight": "1",
        # The inline of reports, empty.
        "reports-TOTAL_FORMS": "0", "reports-INITIAL_FORMS": "0",
        "reports-MIN_NUM_FORMS": "0", "reports-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    response = client.post(reverse("admin:preparation_task_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    task = Task.objects.get(roadmap=roadmap, code="A2.1")  # normalised
    assert (task.parent, task.status) == (parent, "in_progress")  # placed, and begun
    change = reverse("admin:preparation_task_change", args=[task.pk])
    response = client.post(change, dict(data, code="A2.1", progress="100"), follow=True)
    task.refresh_from_db()
    assert task.progress == 20  # refused: an open task at 100
    assert "100" in response.content.decode()
