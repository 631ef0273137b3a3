"""The demo's participation from seed 002: the extended survey and the scenarios comment
round, open today through a recorded demo extension, with synthetic answers marked."""

import pytest
from django.utils import timezone

from kokous.demo.services import demo_load
from kokous.participation.demo import DEMO_REASON, EXTENDED_CLOSING, ORIGINAL_CLOSING
from kokous.participation.models import ClosingChange, Comment, CommentRound, Response, Survey
from kokous.participation.selectors import survey_results

pytestmark = pytest.mark.django_db


def test_the_survey_of_seed_002_with_its_extension_and_synthetic_answers(demo):
    survey = Survey.objects.get(slug="kymenlaakson-osallisuuskysely")
    changes = list(ClosingChange.objects.filter(survey=survey))
    assert [(c.previous, c.new) for c in changes[:1]] == [(ORIGINAL_CLOSING, EXTENDED_CLOSING)]
    assert changes[-1].reason == DEMO_REASON and survey.closes_at > timezone.now()
    assert survey.is_open()
    kinds = set(survey.questions.values_list("kind", flat=True))
    assert kinds == {"single", "multiple", "scale", "short_text", "matrix", "ranking",
                     "long_text", "file"}  # fmt: skip
    responses = Response.objects.filter(survey=survey, submitted_at__isnull=False)
    assert responses.count() == 14 and not responses.filter(synthetic=False).exists()
    results = survey_results(survey=survey)
    home = results.questions[0]
    assert home.total == 14 and sum(bar.count for bar in home.bars) == 14
    assert survey.case is not None


def test_the_scenarios_round_is_the_seed_text_with_marked_comments(demo):
    item = CommentRound.objects.get(slug="kymenlaakson-skenaariot-2040")
    texts = list(item.paragraphs.values_list("text", flat=True))
    assert texts[0] == "Kymenlaakson skenaariot 2040"
    assert any(
        t.startswith("Kymenlaakson Liitto on käynnistänyt maakuntastrategiatyön") for t in texts
    )
    comments = Comment.objects.filter(round=item)
    assert comments.count() == 5 and not comments.filter(synthetic=False).exists()
    assert comments.filter(hidden_at__isnull=False).count() == 1
    assert item.is_open()


def test_loading_twice_adds_nothing(demo):
    before = (Response.objects.count(), Comment.objects.count(), ClosingChange.objects.count())
    demo_load()
    assert (
        Response.objects.count(),
        Comment.objects.count(),
        ClosingChange.objects.count(),
    ) == before


def test_the_communications_user_manages_participation(demo, client):
    client.login(username="viestinta", password="kokous-demo")
    assert client.get("/staff/participation/").status_code == 200
    client.logout()
    assert client.login(username="asukas", password="kokous-demo")
    assert client.get("/staff/participation/").status_code == 403
